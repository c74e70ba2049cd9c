import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserProvider, type BrowserProvider } from '../../shared/capture/browser.js';
import { captureEvidence, type CaptureDeps, type CaptureJob } from '../../shared/capture/capture.js';
import { Manifest, sha256Hex } from '../../shared/capture/manifest.js';
import { formatVerifyReport, verifyCase } from '../../shared/capture/verify.js';
import type { EvidenceState } from '../../shared/cases/case.js';
import { isPublicAddress } from '../../shared/net/address-guard.js';
import { POST_TEXT, startFixtureWeb, type FixtureWeb } from './fixture-web.js';
import { MemoryEvidenceStore } from './memory-store.js';

/** A server on 127.0.0.2 standing for the private network: no test may ever reach it. */
async function startPrivateServer(port = 0): Promise<{ base: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits += 1;
    res.end('instance credentials');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.2', resolve);
  });
  return {
    base: `http://127.0.0.2:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Tests play the internet on 127.0.0.1: it counts as public, 127.0.0.2 and everything private does not. */
const fixturePolicy = (ip: string): boolean => ip === '127.0.0.1' || isPublicAddress(ip);

let web: FixtureWeb;
let privateWeb: Awaited<ReturnType<typeof startPrivateServer>>;
let browser: BrowserProvider;
const clock = { now: () => new Date() };

beforeAll(async () => {
  privateWeb = await startPrivateServer();
  web = await startFixtureWeb({ elsewhere: privateWeb.base });
  browser = createBrowserProvider();
  await browser.get();
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await privateWeb?.close();
});

const job = (path: string, extra: Partial<CaptureJob> = {}): CaptureJob => ({
  caseId: 'c-0123456789abcdef',
  url: `${web.base}${path}`,
  platform: 'x',
  text: POST_TEXT,
  author: '@parent_of_two',
  publishedAt: '2026-11-24T07:55:00.000Z',
  raw: { id: '1862000000000000001', text: POST_TEXT },
  ...extra,
});

async function capture(path: string, deps: Partial<CaptureDeps> = {}, extra: Partial<CaptureJob> = {}) {
  const store = new MemoryEvidenceStore();
  const evidence = await captureEvidence(job(path, extra), { browser, store, clock, allowPrivate: true, ...deps });
  const manifest = Manifest.parse(JSON.parse(new TextDecoder().decode(await store.get(evidence.manifestKey ?? ''))));
  const names = manifest.artefacts.map((a) => a.name).sort();
  return { store, evidence, manifest, names };
}

/** Height of a PNG from its IHDR chunk. */
const pngHeight = (png: Uint8Array): number => Buffer.from(png).readUInt32BE(20);

describe('captureEvidence on pages that load', () => {
  it('keeps screenshots at both viewports, HTML, MHTML, the raw payload and a manifest of hashes', async () => {
    const { store, evidence, manifest, names } = await capture('/post');
    expect(evidence).toMatchObject({ status: 'captured', kind: 'page', attempts: 1 });
    expect(names).toEqual(['page-desktop.png', 'page-phone.png', 'page.html', 'page.mhtml', 'raw.json']);
    expect(manifest).toMatchObject({ outcome: 'ok', httpStatus: 200, finalUrl: `${web.base}/post`, caseId: 'c-0123456789abcdef' });
    expect(manifest.browser?.version).toMatch(/^\d+\./);
    expect(manifest.userAgent).toMatch(/Chrome\/\d+/);
    expect(manifest.userAgent).not.toContain('Headless');
    expect(manifest.viewports.map((v) => v.name)).toEqual(['desktop', 'phone']);
    for (const a of manifest.artefacts) expect(sha256Hex((await store.get(a.key)) ?? new Uint8Array())).toBe(a.sha256);
    expect(evidence.manifestSha256).toBe(sha256Hex((await store.get(evidence.manifestKey ?? '')) ?? new Uint8Array()));
    expect(evidence.keys).toContain(evidence.manifestKey);
    expect(evidence.manifestKey).toMatch(/^cases\/c-0123456789abcdef\/\d{8}T\d{6}\.\d{3}Z\/manifest\.json$/);
  });

  it('waits for a slow page', async () => {
    const { evidence, manifest } = await capture('/slow');
    expect(evidence.kind).toBe('page');
    expect(manifest.httpStatus).toBe(200);
  });

  it('records the requested URL, each redirect and the final URL', async () => {
    const { manifest } = await capture('/redirect');
    expect(manifest.requestedUrl).toBe(`${web.base}/redirect`);
    expect(manifest.redirects).toEqual([`${web.base}/redirect`, `${web.base}/redirect-2`]);
    expect(manifest.finalUrl).toBe(`${web.base}/post`);
    expect(manifest.outcome).toBe('ok');
  });

  it('dismisses a cookie-consent overlay before the screenshot', async () => {
    const { store, manifest } = await capture('/consent');
    expect(manifest.notes.join(' ')).toContain('cookie-consent banner was dismissed');
    const html = new TextDecoder().decode(await store.get(manifest.artefacts.find((a) => a.name === 'page.html')?.key ?? ''));
    expect(html).not.toContain('id="wall"');
  });

  it('clips the screenshot of a very long page and says so', async () => {
    const { store, manifest } = await capture('/long', { limits: { maxScreenshotHeight: 5_000 } });
    const desktop = manifest.artefacts.find((a) => a.name === 'page-desktop.png');
    expect(pngHeight((await store.get(desktop?.key ?? '')) ?? new Uint8Array(24))).toBe(5_000);
    expect(manifest.notes.join(' ')).toMatch(/desktop screenshot shows the top-left 1280 x 5000 px/);
  });

  it('skips the phone screenshot of a page that does not adapt to phones', async () => {
    const { manifest, names } = await capture('/wide');
    expect(names).not.toContain('page-phone.png');
    expect(manifest.notes.join(' ')).toContain('does not adapt to a phone-width screen');
  });

  it('blocks a download and closes a pop-up the page starts', async () => {
    const { manifest, names } = await capture('/download');
    expect(names).toEqual(['page-desktop.png', 'page-phone.png', 'page.html', 'page.mhtml', 'raw.json']);
    expect(manifest.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('pop-up window(s); they were closed'), expect.stringContaining('download(s); they were blocked')]),
    );
  });

  it('cuts off page resources past the size budget and says so', async () => {
    const { evidence, manifest } = await capture('/heavy', { limits: { maxPageBytes: 512 * 1024 } });
    expect(evidence.kind).toBe('page');
    expect(manifest.notes.join(' ')).toMatch(/more than 524288 bytes; the rest was cut off/);
  });

  it('still captures the page when the store is the only thing that changes', async () => {
    const first = await capture('/post');
    const second = await capture('/post');
    expect(first.evidence.manifestKey).not.toBe(second.evidence.manifestKey);
  });
});

describe('captureEvidence falls back to an evidence card', () => {
  it.each([
    ['a deleted post (404)', '/deleted', 'gone', 404],
    ['a page saying the post does not exist', '/deleted-200', 'gone', 200],
    ['a login wall', '/wall', 'login_wall', 200],
    ['a server error page', '/error', 'error', 500],
  ])('for %s, keeping the page screenshot too', async (_name, path, outcome, status) => {
    const { evidence, manifest, names, store } = await capture(path);
    expect(evidence).toMatchObject({ status: 'captured', kind: 'card' });
    expect(manifest).toMatchObject({ kind: 'card', outcome, httpStatus: status });
    expect(names).toEqual(expect.arrayContaining(['card.html', 'card.png', 'page-desktop.png', 'raw.json']));
    const card = new TextDecoder().decode(await store.get(manifest.artefacts.find((a) => a.name === 'card.html')?.key ?? ''));
    expect(card).toContain(POST_TEXT);
    expect(card).toContain('@parent_of_two');
  });

  it('for a page that never finishes loading', async () => {
    const { evidence, manifest } = await capture('/hang', { limits: { pageMs: 2_000 } });
    expect(evidence.kind).toBe('card');
    expect(manifest.outcome).toBe('error');
    expect(manifest.notes.join(' ')).toContain('the page did not open');
  });

  it('for a page whose script never stops', async () => {
    const { evidence, manifest } = await capture('/busy', { limits: { captureMs: 3_000 } });
    expect(evidence.kind).toBe('card');
    expect(manifest.notes.join(' ')).toContain('the page was abandoned after 3 s');
  });

  it('for a page larger than the size budget', async () => {
    const { evidence, manifest } = await capture('/big', { limits: { maxPageBytes: 512 * 1024 } });
    expect(evidence.kind).toBe('card');
    expect(manifest.notes.join(' ')).toContain('the page itself is larger than 524288 bytes');
  });

  it('renders hostile post text inertly', async () => {
    const { store, manifest } = await capture('/deleted', {}, { text: '<img src=x onerror="fetch(\'http://127.0.0.2/\')"><script>alert(1)</script>' });
    const card = new TextDecoder().decode(await store.get(manifest.artefacts.find((a) => a.name === 'card.html')?.key ?? ''));
    expect(card).not.toMatch(/<script>|<img src=x/);
    expect(privateWeb.hits()).toBe(0);
  });
});

describe('captureEvidence refuses addresses strangers could use against us', () => {
  it.each([
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback by name', 'http://localhost/'],
    ['loopback IPv6', 'http://[::1]/'],
    ['loopback in decimal', 'http://2130706433/'],
    ['a private network address', 'http://10.0.0.1/admin'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['a file URL', 'file:///etc/passwd'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['an ftp URL', 'ftp://example.com/file'],
  ])('refuses %s and stores a card instead', async (_name, url) => {
    const store = new MemoryEvidenceStore();
    const evidence = await captureEvidence(job('/post', { url }), { browser, store, clock });
    const manifest = Manifest.parse(JSON.parse(new TextDecoder().decode(await store.get(evidence.manifestKey ?? ''))));
    expect(evidence.kind).toBe('card');
    expect(manifest.outcome).toBe('refused');
    expect(manifest.artefacts.map((a) => a.name).sort()).toEqual(['card.html', 'card.png', 'raw.json']);
  });

  it('refuses the loopback fixture web without the allow-private flag', async () => {
    const before = web.hits.get('/post') ?? 0;
    const { manifest } = await capture('/post', { allowPrivate: false });
    expect(manifest.outcome).toBe('refused');
    expect(web.hits.get('/post') ?? 0).toBe(before);
  });

  it('refuses a redirect to a private address', async () => {
    const { manifest } = await capture('/redirect-away', { allowPrivate: false, addressPolicy: fixturePolicy });
    expect(manifest.outcome).toBe('refused');
    expect(manifest.refusedRequests.map((r) => r.host)).toContain('127.0.0.2');
    expect(privateWeb.hits()).toBe(0);
  });

  it('keeps a card, not the browser error page, when the page sends itself to a private address by script', async () => {
    const { manifest } = await capture('/navigate-away', { allowPrivate: false, addressPolicy: fixturePolicy });
    expect(manifest.kind).toBe('card');
    expect(manifest.outcome).toBe('refused');
    expect(manifest.refusedRequests.map((r) => r.host)).toContain(new URL(privateWeb.base).host);
    expect(privateWeb.hits()).toBe(0);
  });

  it("captures a public page that sends the guard's own refusal header, instead of taking it for refused", async () => {
    const { manifest } = await capture('/forged-guard-header', { allowPrivate: false, addressPolicy: fixturePolicy });
    expect([manifest.outcome, manifest.kind]).toEqual(['ok', 'page']);
  });

  it('refuses a page resource on a private address but keeps the page', async () => {
    const { manifest } = await capture('/leak', { allowPrivate: false, addressPolicy: fixturePolicy });
    expect(manifest.outcome).toBe('ok');
    expect(manifest.refusedRequests.map((r) => r.host)).toContain(new URL(privateWeb.base).host);
    expect(privateWeb.hits()).toBe(0);
  });

  it.each(['http', 'https'])('is not fooled over %s by a name that resolves to a private address after it was checked (DNS rebinding)', async (scheme) => {
    const port = new URL(web.base).port;
    const rebindTarget = await startPrivateServer(Number(port));
    try {
      let lookups = 0;
      // The first two answers (the up-front check and the request check) are "public"; then the name rebinds.
      const resolve = async (host: string) => (host === 'rebind.test' && ++lookups > 2 ? ['127.0.0.2'] : ['127.0.0.1']);
      const { manifest } = await capture('/post', { allowPrivate: false, addressPolicy: fixturePolicy, resolve }, { url: `${scheme}://rebind.test:${port}/post` });
      expect(lookups).toBeGreaterThan(2);
      expect(manifest.outcome).toBe('refused');
      expect(rebindTarget.hits()).toBe(0);
    } finally {
      await rebindTarget.close();
    }
  });
});

describe('captureEvidence without a browser', () => {
  const noBrowser: BrowserProvider = createBrowserProvider([
    { name: 'missing', executablePath: async () => '/nonexistent/chromium', args: [] },
  ]);

  it('stores the payload and card HTML, leaves the capture pending and says how to fix it', async () => {
    const store = new MemoryEvidenceStore();
    const evidence: EvidenceState = await captureEvidence(job('/post', { attempts: 2 }), { browser: noBrowser, store, clock, allowPrivate: true });
    expect(evidence).toMatchObject({ status: 'pending', attempts: 3 });
    expect(evidence.kind).toBeUndefined();
    expect(evidence.error).toMatch(/No headless Chromium could start.*npm ci.*\/usr\/bin\/chromium/);
    const manifest = Manifest.parse(JSON.parse(new TextDecoder().decode(await store.get(evidence.manifestKey ?? ''))));
    expect(manifest.outcome).toBe('browser_unavailable');
    expect(manifest.artefacts.map((a) => a.name).sort()).toEqual(['card.html', 'raw.json']);
  });
});

describe('verify after a real capture', () => {
  it('says OK, then names the screenshot that was altered', async () => {
    const { store, evidence, manifest } = await capture('/post');
    expect((await verifyCase('c-0123456789abcdef', store, evidence.manifestSha256)).ok).toBe(true);
    const png = manifest.artefacts.find((a) => a.name === 'page-desktop.png');
    const bytes = new Uint8Array((await store.get(png?.key ?? '')) ?? []);
    bytes[bytes.length - 20] ^= 0xff;
    await store.put(png?.key ?? '', bytes, 'image/png');
    const report = await verifyCase('c-0123456789abcdef', store, evidence.manifestSha256);
    expect(report.ok).toBe(false);
    expect(formatVerifyReport(report)).toContain(`${png?.key} has changed`);
  });

  it('refuses to record a capture when the store hashed different bytes', async () => {
    const store = new MemoryEvidenceStore();
    const lying = Object.assign(Object.create(store) as MemoryEvidenceStore, {
      put: async (key: string, body: Uint8Array | string, type: string) => ({ ...(await store.put(key, body, type)), sha256: '0'.repeat(64) }),
    });
    await expect(captureEvidence(job('/post'), { browser, store: lying, clock, allowPrivate: true })).rejects.toThrow(/retry the capture/);
  });
});
