import type { Frame, Page } from 'playwright-core';

/**
 * Cookie-consent walls hide the post in most UK/EU captures. We click the banner's own button,
 * preferring "reject" (fewer trackers load) and falling back to "accept". Known consent platforms
 * first by selector, then any visible button whose whole label is a consent phrase.
 */

/** Selectors of the common consent platforms' buttons (OneTrust, Cookiebot, Didomi, Quantcast, TrustArc, Usercentrics, Google, Meta, Reddit). */
const KNOWN_BUTTONS = [
  '#onetrust-reject-all-handler',
  '#onetrust-accept-btn-handler',
  '#CybotCookiebotDialogBodyButtonDecline',
  '#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll',
  '#didomi-notice-disagree-button',
  '#didomi-notice-agree-button',
  '.qc-cmp2-summary-buttons button[mode="secondary"]',
  '.qc-cmp2-summary-buttons button[mode="primary"]',
  '#truste-consent-required',
  '#truste-consent-button',
  '[data-testid="uc-deny-all-button"]',
  '[data-testid="uc-accept-all-button"]',
  'button[aria-label="Reject all"]',
  'button[aria-label="Accept all"]',
  '[data-cookiebanner="accept_only_essential_button"]',
  '[data-cookiebanner="accept_button"]',
  '[role="dialog"] button[data-testid="reject-nonessential-cookies-button"]',
  '#accept-recommended-btn-handler',
];

/** Whole button labels, in order of preference: reject first. */
const LABELS = [
  'reject all',
  'reject all cookies',
  'reject optional cookies',
  'decline optional cookies',
  'only allow essential cookies',
  'allow essential cookies only',
  'necessary cookies only',
  'use necessary cookies only',
  'accept only essential cookies',
  'decline',
  'accept all',
  'accept all cookies',
  'allow all cookies',
  'allow all',
  'accept cookies',
  'i accept',
  'i agree',
  'agree',
  'accept',
  'agree and proceed',
  'got it',
];

/**
 * Runs inside the page: finds and clicks one consent button; returns what it clicked. Kept as source
 * text because tsx and esbuild wrap named functions in a `__name` helper the page does not have.
 */
const CLICK_CONSENT = `({ selectors, labels }) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    if (el && visible(el)) { el.click(); return selector; }
  }
  const candidates = Array.from(document.querySelectorAll('button, [role="button"], input[type="submit"], input[type="button"]'))
    .filter(visible)
    .map((el) => ({ el, label: (el.value || el.textContent || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().toLowerCase() }));
  for (const label of labels) {
    const hit = candidates.find((c) => c.label === label);
    if (hit) { hit.el.click(); return 'button "' + label + '"'; }
  }
  return undefined;
}`;

/** Tries the main frame, then iframes (several platforms put the banner in one). Never throws. */
export async function dismissConsent(page: Page): Promise<string | undefined> {
  const frames: Frame[] = [page.mainFrame(), ...page.frames().filter((f) => f !== page.mainFrame())].slice(0, 10);
  for (const frame of frames) {
    const clicked = await frame
      .evaluate<string | undefined>(`(${CLICK_CONSENT})(${JSON.stringify({ selectors: KNOWN_BUTTONS, labels: LABELS })})`)
      .catch(() => undefined);
    if (clicked) return clicked;
  }
  return undefined;
}
