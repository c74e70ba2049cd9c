import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { z } from 'zod';
import type { Case, EvidenceState } from '../cases/case.js';
import { logger } from '../log.js';
import type { Clock, EvidenceStore } from '../ports/index.js';
import { BrowserUnavailableError, type BrowserProvider } from './browser.js';
import { renderCard } from './card.js';
import { dismissConsent } from './consent.js';
import { GUARD_HEADER, checkedAddresses, startGuardProxy, type GuardPolicy, type GuardProxy, type RefusedRequest } from './guard-proxy.js';
import {
  MANIFEST_NAME,
  MANIFEST_VERSION,
  capturePrefix,
  serialiseManifest,
  sha256Hex,
  type Artefact,
  type Manifest,
  type PageOutcome,
  type Viewport,
} from './manifest.js';
import { classifyPage } from './page-state.js';

/**
 * The capture worker's domain function: open the post in headless Chromium and keep what it
 * showed (full-page PNGs, rendered HTML, MHTML), the platform's payload and a manifest of hashes.
 * When the live page cannot show the post, an evidence card rendered from the payload stands in.
 */

export const CaptureJob = z.object({
  caseId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'a case id is letters, digits, - and _ (e.g. c-1a2b3c4d5e6f7a8b)'),
  url: z.string().min(1).max(4096),
  platform: z.string().min(1).max(40),
  raw: z.unknown().optional(),
  text: z.string().max(100_000).default(''),
  author: z.string().max(300).optional(),
  publishedAt: z.string().max(40).optional(),
  /** Attempts made before this one; the result counts this one too. */
  attempts: z.number().int().nonnegative().default(0),
});
export type CaptureJob = z.input<typeof CaptureJob>;

/** The capture job for a stored case: its post, and the attempts already made. */
export const captureJobFor = (c: Case): CaptureJob => ({
  caseId: c.caseId,
  url: c.url,
  platform: c.platform,
  raw: c.raw,
  text: c.text,
  author: c.author,
  publishedAt: c.publishedAt,
  attempts: c.evidence.attempts ?? 0,
});

export interface CaptureLimits {
  /** Whole time allowed for loading the page (navigation, load, settling). */
  pageMs: number;
  /** Hard stop for everything done with the live page, screenshots included; a page whose script never yields is abandoned. */
  captureMs: number;
  /** Extra wait for the network to go quiet after `load`, for pages that render posts with script. */
  settleMs: number;
  /** Bytes all servers together may send for one capture. */
  maxPageBytes: number;
  /** Screenshots are clipped at this height; the manifest says so. */
  maxScreenshotHeight: number;
  maxHtmlBytes: number;
  maxMhtmlBytes: number;
}

export const DEFAULT_LIMITS: CaptureLimits = {
  pageMs: 20_000,
  captureMs: 45_000,
  settleMs: 2_000,
  maxPageBytes: 40 * 1024 * 1024,
  maxScreenshotHeight: 20_000,
  maxHtmlBytes: 10 * 1024 * 1024,
  maxMhtmlBytes: 40 * 1024 * 1024,
};

export interface CaptureDeps {
  browser: BrowserProvider;
  store: EvidenceStore;
  clock: Clock;
  /** Local runs against the loopback fixture web only; never in AWS. */
  allowPrivate?: boolean;
  limits?: Partial<CaptureLimits>;
  /** Name resolver for the SSRF guard; tests inject one to play DNS tricks. */
  resolve?: GuardPolicy['resolve'];
  /** Tests only: which addresses count as public (see GuardPolicy). */
  addressPolicy?: GuardPolicy['addressPolicy'];
}

export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 800 };
export const PHONE: Viewport = { name: 'phone', width: 390, height: 844 };
const CARD: Viewport = { name: 'card', width: 800, height: 600 };
/** Screenshots are at most this many viewport widths wide (a page of one endless line crashes Chromium). */
const MAX_WIDTH_FACTOR = 4;

/** A headless UA is refused by many sites; present as the same Chrome version on desktop Linux. */
export const userAgentFor = (browserVersion: string): string =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browserVersion.split('.')[0]}.0.0.0 Safari/537.36`;

/** First line of an error, without a closing full stop so it reads inside a sentence. */
const message = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 500).replace(/\.+$/, '');

/** Collects artefacts as they are stored, checking the store hashed the same bytes we did. */
class ArtefactWriter {
  readonly artefacts: Artefact[] = [];
  constructor(private readonly store: EvidenceStore, readonly prefix: string) {}

  /** Stores one object under the capture folder and returns its SHA-256. */
  async write(name: string, body: Uint8Array | string, contentType: string): Promise<string> {
    const key = `${this.prefix}${name}`;
    const sha256 = sha256Hex(body);
    const stored = await this.store.put(key, body, contentType);
    if (stored.sha256 !== sha256) {
      throw new Error(`The evidence store saved ${key} with SHA-256 ${stored.sha256} but the bytes sent hash to ${sha256}. Nothing is wrong with the post; retry the capture.`);
    }
    return sha256;
  }

  /** Stores an artefact and lists it for the manifest. */
  async put(name: string, body: Uint8Array | string, contentType: string, viewport?: Viewport['name']): Promise<void> {
    const sha256 = await this.write(name, body, contentType);
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    this.artefacts.push({ name, key: `${this.prefix}${name}`, contentType, sha256, size, ...(viewport ? { viewport } : {}) });
  }
}

interface PageResult {
  outcome: PageOutcome;
  reason?: string;
  finalUrl?: string;
  httpStatus?: number;
  redirects: string[];
  userAgent?: string;
  viewports: Viewport[];
}

export async function captureEvidence(jobInput: CaptureJob, deps: CaptureDeps): Promise<EvidenceState> {
  const job = CaptureJob.parse(jobInput);
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const policy: GuardPolicy = { allowPrivate: deps.allowPrivate ?? false, resolve: deps.resolve, addressPolicy: deps.addressPolicy };
  const startedAt = deps.clock.now().toISOString();
  const writer = new ArtefactWriter(deps.store, capturePrefix(job.caseId, startedAt));
  const notes: string[] = [];
  const refused: RefusedRequest[] = [];
  const attempts = job.attempts + 1;

  if (job.raw !== undefined) {
    await writer.put('raw.json', `${JSON.stringify(job.raw, null, 2)}\n`, 'application/json');
  }

  const failed = (err: unknown): PageResult => ({
    outcome: (err as { kind?: string }).kind === 'blocked' ? 'refused' : 'error',
    reason: message(err),
    redirects: [],
    viewports: [],
  });
  const refusal = await checkedAddresses(job.url, policy).then(() => undefined, failed);
  let browserError: string | undefined;
  let browser = await deps.browser.get().catch((err: unknown) => {
    if (!(err instanceof BrowserUnavailableError)) throw err;
    browserError = err.message;
    return undefined;
  });
  const page: PageResult =
    refusal ??
    (browser
      ? await capturePage(browser, job, { limits, policy, writer, notes, refused }).catch(failed)
      : { outcome: 'browser_unavailable', reason: 'no browser could start on the capture worker', redirects: [], viewports: [] });

  const kind: 'page' | 'card' | undefined = page.outcome === 'ok' ? 'page' : browser ? 'card' : undefined;
  if (page.outcome !== 'ok') {
    const html = renderCard({
      caseId: job.caseId,
      platform: job.platform,
      url: job.url,
      text: job.text,
      author: job.author,
      publishedAt: job.publishedAt,
      reason: `The live page was not captured: ${page.reason ?? page.outcome}.`,
      capturedAt: startedAt,
    });
    await writer.put('card.html', html, 'text/html; charset=utf-8');
    if (browser) {
      // A page that crashed the browser must not cost the card: the provider relaunches it.
      if (!browser.isConnected()) browser = await deps.browser.get();
      await writer.put('card.png', await screenshotCard(browser, html, limits.maxScreenshotHeight), 'image/png', 'card');
      page.viewports.push(CARD);
    }
    notes.push(`Evidence card used because ${page.reason ?? page.outcome}.`);
  }

  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    caseId: job.caseId,
    platform: job.platform,
    ...(kind ? { kind } : {}),
    outcome: page.outcome,
    requestedUrl: job.url,
    ...(page.finalUrl ? { finalUrl: page.finalUrl } : {}),
    ...(page.httpStatus !== undefined ? { httpStatus: page.httpStatus } : {}),
    redirects: page.redirects,
    startedAt,
    finishedAt: deps.clock.now().toISOString(),
    ...(browser ? { browser: { name: 'chromium', version: browser.version() } } : {}),
    ...(page.userAgent ? { userAgent: page.userAgent } : {}),
    viewports: page.viewports,
    artefacts: writer.artefacts,
    refusedRequests: refused,
    notes,
  };
  const manifestKey = `${writer.prefix}${MANIFEST_NAME}`;
  const manifestSha256 = await writer.write(MANIFEST_NAME, serialiseManifest(manifest), 'application/json');

  logger.info('evidence capture finished', {
    caseId: job.caseId,
    outcome: page.outcome,
    kind,
    artefacts: writer.artefacts.length,
    refusedRequests: refused.length,
  });
  return {
    status: browser ? 'captured' : 'pending',
    ...(kind ? { kind } : {}),
    manifestKey,
    manifestSha256,
    keys: [...writer.artefacts.map((a) => a.key), manifestKey],
    capturedAt: startedAt,
    ...(browserError ? { error: browserError } : {}),
    attempts,
  };
}

interface PageOptions {
  limits: CaptureLimits;
  policy: GuardPolicy;
  writer: ArtefactWriter;
  notes: string[];
  refused: RefusedRequest[];
}

async function capturePage(browser: Browser, job: z.infer<typeof CaptureJob>, opts: PageOptions): Promise<PageResult> {
  const { limits, notes } = opts;
  const loadDeadline = Date.now() + limits.pageMs;
  const captureDeadline = Date.now() + limits.captureMs;
  /** Time left to load the page; screenshots and snapshots may use what is left of the capture. */
  const remaining = (): number => Math.max(1_000, loadDeadline - Date.now());
  const shotTime = (): number => Math.max(1_000, captureDeadline - Date.now());
  const proxy = await startGuardProxy({ ...opts.policy, maxBytes: limits.maxPageBytes });
  let context: BrowserContext | undefined;
  let abandoned = false;
  const watchdog = setTimeout(() => {
    abandoned = true;
    context?.close().catch(() => undefined);
  }, limits.captureMs);
  try {
    context = await browser.newContext({
      viewport: { width: DESKTOP.width, height: DESKTOP.height },
      userAgent: userAgentFor(browser.version()),
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      acceptDownloads: false,
      serviceWorkers: 'block',
      // Loopback through the proxy too, said outright: Playwright's own default can be switched off by an environment variable.
      proxy: { server: proxy.server, bypass: '<-loopback>' },
    });
    await guardRequests(context, opts);
    const page = await context.newPage();
    let popups = 0;
    context.on('page', (other) => {
      if (other === page) return;
      popups += 1;
      other.close().catch(() => undefined);
    });
    let downloads = 0;
    page.on('download', () => {
      downloads += 1;
    });

    let response: Response | null = null;
    const tooLarge = proxy.exceeded.then(() => {
      throw new Error(`the page itself is larger than ${limits.maxPageBytes} bytes, the most one capture may download`);
    });
    try {
      response = await Promise.race([page.goto(job.url, { waitUntil: 'domcontentloaded', timeout: remaining() }), tooLarge]);
    } catch (err) {
      if (proxy.budgetExceeded()) throw err;
      const last = proxy.refused.at(-1);
      // The proxy answers a refused CONNECT with 403, which Chromium reports as a tunnel failure.
      if (last && /ERR_TUNNEL_CONNECTION_FAILED/.test(message(err))) throw Object.assign(new Error(`the address was refused: ${last.reason}`), { kind: 'blocked' });
      throw new Error(`the page did not open (${message(err)})`);
    }
    if (response?.headers()[GUARD_HEADER] === 'refused') {
      throw Object.assign(new Error(`the address was refused: ${proxy.refused.at(-1)?.reason ?? 'private address'}`), { kind: 'blocked' });
    }
    await page.waitForLoadState('load', { timeout: remaining() }).catch(() => {
      notes.push(`The page had not finished loading after ${limits.pageMs / 1000} s; it was captured as it stood.`);
    });
    await page.waitForLoadState('networkidle', { timeout: Math.min(limits.settleMs, remaining()) }).catch(() => undefined);

    const consent = await dismissConsent(page);
    if (consent) {
      notes.push(`A cookie-consent banner was dismissed (${consent}).`);
      await page.waitForLoadState('load', { timeout: remaining() }).catch(() => undefined);
      await page.waitForTimeout(300);
    }

    const redirects: string[] = [];
    for (let r = response?.request().redirectedFrom(); r; r = r.redirectedFrom()) redirects.unshift(r.url());
    const finalUrl = page.url();
    // The page sent itself somewhere the browser could not open (a script or meta refresh to a refused
    // address): what is on screen is Chromium's error page, not the post.
    if (finalUrl.startsWith('chrome-error:')) {
      // Refused either by the request filter, which turns away what it can before the proxy sees it, or by the proxy.
      const last = opts.refused.at(-1) ?? proxy.refused.at(-1);
      if (last) throw Object.assign(new Error(`the address was refused: ${last.reason}`), { kind: 'blocked' });
      throw new Error('the page did not open (the browser showed its own error page)');
    }
    const httpStatus = response?.status();
    const facts = await page.evaluate(() => ({
      bodyText: (document.body?.innerText ?? '').slice(0, 200_000),
      hasPasswordField: Array.from(document.querySelectorAll('input[type="password"]')).some(
        (el) => (el as HTMLElement).offsetWidth > 0 && (el as HTMLElement).offsetHeight > 0,
      ),
      userAgent: navigator.userAgent,
    }));
    const verdict = classifyPage({ status: httpStatus, finalUrl, bodyText: facts.bodyText, hasPasswordField: facts.hasPasswordField, postText: job.text });

    const viewports: Viewport[] = [DESKTOP];
    await opts.writer.put('page-desktop.png', await fullPageShot(page, DESKTOP, limits, notes, shotTime()), 'image/png', 'desktop');
    const html = await page.content();
    const htmlBytes = Buffer.from(html);
    if (htmlBytes.byteLength > limits.maxHtmlBytes) notes.push(`The rendered HTML was ${htmlBytes.byteLength} bytes; the first ${limits.maxHtmlBytes} are kept.`);
    await opts.writer.put('page.html', htmlBytes.subarray(0, limits.maxHtmlBytes), 'text/html; charset=utf-8');
    await saveMhtml(page, opts);

    await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
    const reflowed = await page.evaluate((w) => document.documentElement.scrollWidth <= w + 1, PHONE.width);
    if (reflowed) {
      await opts.writer.put('page-phone.png', await fullPageShot(page, PHONE, limits, notes, shotTime()), 'image/png', 'phone');
      viewports.push(PHONE);
    } else {
      notes.push('The page does not adapt to a phone-width screen, so the desktop screenshot stands for both.');
    }

    if (popups) notes.push(`The page tried to open ${popups} pop-up window(s); they were closed.`);
    if (downloads) notes.push(`The page tried to start ${downloads} download(s); they were blocked.`);
    if (proxy.budgetExceeded()) notes.push(`The page sent more than ${limits.maxPageBytes} bytes; the rest was cut off.`);
    return {
      outcome: verdict.state,
      ...(verdict.state !== 'ok' ? { reason: verdict.reason } : {}),
      finalUrl,
      httpStatus,
      redirects,
      userAgent: facts.userAgent,
      viewports,
    };
  } catch (err) {
    if (abandoned) throw new Error(`the page was abandoned after ${limits.captureMs / 1000} s (a script on it may never stop)`);
    throw err;
  } finally {
    clearTimeout(watchdog);
    collectRefused(proxy, opts.refused);
    await context?.close().catch(() => undefined);
    await proxy.close();
  }
}

/** Every request: http(s) only, and the host must pass the guard (cached per host for this capture). */
async function guardRequests(context: BrowserContext, opts: PageOptions): Promise<void> {
  const verdicts = new Map<string, Promise<string | undefined>>();
  const seen = new Set<string>();
  const refuse = (host: string, reason: string): void => {
    if (!seen.has(host) && seen.size < 50) opts.refused.push({ host, reason });
    seen.add(host);
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return route.abort('blockedbyclient');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      refuse(parsed.protocol, 'only http(s) requests are allowed');
      return route.abort('blockedbyclient');
    }
    const origin = `${parsed.protocol}//${parsed.host}/`;
    let verdict = verdicts.get(origin);
    if (!verdict) {
      verdict = checkedAddresses(origin, opts.policy).then(
        () => undefined,
        (err: unknown) => {
          refuse(parsed.host, message(err));
          return message(err);
        },
      );
      verdicts.set(origin, verdict);
    }
    if ((await verdict) !== undefined) return route.abort('blockedbyclient');
    return route.continue();
  });
}

function collectRefused(proxy: GuardProxy, into: RefusedRequest[]): void {
  const seen = new Set(into.map((r) => `${r.host}\u0000${r.reason}`));
  for (const r of proxy.refused) {
    const id = `${r.host}\u0000${r.reason}`;
    if (!seen.has(id)) into.push(r);
    seen.add(id);
  }
}

/** Full-page PNG, clipped at the size caps so an endless or absurdly wide page cannot exhaust memory. */
async function fullPageShot(page: Page, viewport: Viewport, limits: CaptureLimits, notes: string[], timeout: number): Promise<Buffer> {
  const size = await page.evaluate(() => ({
    width: Math.max(document.documentElement.scrollWidth, document.body?.scrollWidth ?? 0),
    height: Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0),
  }));
  const maxWidth = MAX_WIDTH_FACTOR * viewport.width;
  if (size.height <= limits.maxScreenshotHeight && size.width <= maxWidth) {
    return page.screenshot({ fullPage: true, type: 'png', timeout, animations: 'disabled' });
  }
  const width = Math.min(size.width, maxWidth);
  const height = Math.min(size.height, limits.maxScreenshotHeight);
  notes.push(`The page is ${size.width} x ${size.height} px at ${viewport.name} width; its ${viewport.name} screenshot shows the top-left ${width} x ${height} px.`);
  return page.screenshot({ fullPage: true, type: 'png', timeout, animations: 'disabled', clip: { x: 0, y: 0, width, height } });
}

/** MHTML keeps the page with its images in one file; Chromium offers it through DevTools only. */
async function saveMhtml(page: Page, opts: PageOptions): Promise<void> {
  let data: string;
  try {
    const cdp = await page.context().newCDPSession(page);
    ({ data } = await cdp.send('Page.captureSnapshot', { format: 'mhtml' }));
    await cdp.detach().catch(() => undefined);
  } catch (err) {
    opts.notes.push(`No MHTML snapshot: ${message(err)}.`);
    return;
  }
  if (Buffer.byteLength(data) > opts.limits.maxMhtmlBytes) {
    opts.notes.push(`The MHTML snapshot was larger than ${opts.limits.maxMhtmlBytes} bytes and was not kept.`);
    return;
  }
  await opts.writer.put('page.mhtml', data, 'multipart/related');
}

async function screenshotCard(browser: Browser, html: string, maxHeight: number): Promise<Buffer> {
  const context = await browser.newContext({
    viewport: { width: CARD.width, height: CARD.height },
    javaScriptEnabled: false,
    acceptDownloads: false,
    serviceWorkers: 'block',
    offline: true,
  });
  try {
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 10_000 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    return await page.screenshot({
      fullPage: true,
      type: 'png',
      ...(height > maxHeight ? { clip: { x: 0, y: 0, width: CARD.width, height: maxHeight } } : {}),
    });
  } finally {
    await context.close().catch(() => undefined);
  }
}
