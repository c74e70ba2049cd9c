import { mkdirSync } from 'node:fs';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAlert } from '../../shared/digest/alert.js';
import { renderDigest } from '../../shared/digest/render.js';
import { handleLinkRequest } from '../../shared/links/endpoint.js';
import { mintToken } from '../../shared/links/token.js';
import { MemoryCaseStore, MemoryEvidenceStore } from '../support/memory-stores.js';
import { fakeLinks, makeCase, NOW, sampleDay } from './cases.js';

/**
 * Renders the digest and alert in Chromium at Gmail's and Outlook's common reading widths and keeps
 * screenshots in test/artefacts/ (git-ignored) for a person to look at. The check that can fail: nothing
 * may force sideways scrolling at 600 px, which is how long post text or links usually break emails.
 */
const ARTEFACTS = new URL('../artefacts/', import.meta.url);
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  // --single-process suits Lambda but makes closing one page end the browser.
  const args = sparticuz.args.filter((a) => a !== '--single-process');
  browser = await chromium.launch({ executablePath: await sparticuz.executablePath(), args, headless: true });
});
afterAll(async () => browser?.close());

async function shoot(html: string, width: number, file: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  try {
    // Emails load nothing from the network; anything that tries is a bug, and the test must not reach the internet.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: new URL(file, ARTEFACTS).pathname, fullPage: true });
    return await page.evaluate(() => document.documentElement.scrollWidth);
  } finally {
    await page.close();
  }
}

const day = sampleDay();
day.cases.push(makeCase({
  text: `look at this ${'x'.repeat(400)} https://example.com/${'very-long-path/'.repeat(20)} kms`,
  author: `@${'a'.repeat(70)}`,
}));
const digest = renderDigest(day);
const alertCase = day.cases[1];
const alert = renderAlert(alertCase, fakeLinks(alertCase), { academyName: 'Northbrook Academy', now: NOW });

describe('the rendered emails and pages in Chromium', () => {
  it.each([600, 1200])('the digest fits %i px without sideways scrolling', async (width) => {
    expect(await shoot(digest.html, width, `digest-${width}.png`)).toBeLessThanOrEqual(width);
  });

  it.each([600, 1200])('the alert fits %i px without sideways scrolling', async (width) => {
    expect(await shoot(alert.html, width, `alert-${width}.png`)).toBeLessThanOrEqual(width);
  });

  it('the triage confirmation page fits a 375 px phone', async () => {
    const store = new MemoryCaseStore();
    await store.createCaseIfNew(alertCase);
    const key = 'k'.repeat(48);
    const page = await handleLinkRequest(
      { token: mintToken(alertCase, 'acknowledge', key, NOW) },
      { store, evidence: new MemoryEvidenceStore(), key, clock: { now: () => NOW } },
    );
    expect(await shoot(page.body, 375, 'link-confirm-375.png')).toBeLessThanOrEqual(375);
  });
});
