import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig, TrustConfig } from '../../shared/config/schema.js';
import type { Entity } from '../../shared/config/schema.js';
import { ACADEMY_PHRASES, fixedClock, guardedHttp, rssSource, runCycle, trustWith, withTimeoutCap, type CycleReport } from './support/cycle.js';
import { billionLaughsFeed, blueskyPage, gzipBomb, HOSTILE_TEXT, hostileTextFeed, hugeFeed, invalidUtf8Feed, mixedEncodingFeed, xxeFeed } from './support/corpus.js';
import { type HostileWeb, neverFinishes, rss, send, startHostileWeb } from './support/hostile-web.js';
import { startSwitchableAws, type SwitchableAws } from './support/switchable-aws.js';
import { BlockedAddressError } from '../../shared/net/address-guard.js';
import { createHttpClient } from '../../shared/net/http.js';
import { testResolve } from './support/cycle.js';

/**
 * The hostile corpus through the whole pipeline in one cycle: every academy has a well-behaved news
 * feed beside its hostile sources, and that feed must come through untouched whatever the others do.
 * Each hostile source must end in a clear logged error or a safe result, in bounded time and memory.
 */

const NOW = '2026-11-24T06:00:00.000Z';
const WINDOW = { since: '2026-11-23T00:00:00.000Z', until: '2026-11-25T00:00:00.000Z' };
/** The feed size stands in for the soak's 50 MB: anything over the 5 MB cap takes the same path. */
const HUGE_FEED_MB = Number(process.env.MM_HUGE_FEED_MB ?? 6);
const BOMB_MB = 50;

const xml = 'application/rss+xml; charset=utf-8';

interface Expectation {
  entityId: string;
  sourceId: string;
  /** `error` must match for a refused source; `ok` sources must give a safe result. */
  outcome: { ok: true } | { ok: false; error: RegExp };
}

const hostile: (Expectation & { source: (base: string) => SourceConfig })[] = [
  { entityId: 'trust', sourceId: 'xxe', source: (b) => rssSource('xxe', `${b}/xxe.xml`), outcome: { ok: true } },
  { entityId: 'trust', sourceId: 'laughs', source: (b) => rssSource('laughs', `${b}/laughs.xml`), outcome: { ok: true } },
  { entityId: 'northbrook', sourceId: 'huge', source: (b) => rssSource('huge', `${b}/huge.xml`), outcome: { ok: false, error: /larger than 5120 KB/ } },
  { entityId: 'northbrook', sourceId: 'bomb', source: (b) => rssSource('bomb', `${b}/bomb.xml`), outcome: { ok: false, error: /larger than 5120 KB/ } },
  { entityId: 'northbrook', sourceId: 'bad-bytes', source: (b) => rssSource('bad-bytes', `${b}/bad-bytes.xml`), outcome: { ok: true } },
  { entityId: 'northbrook', sourceId: 'old-cms', source: (b) => rssSource('old-cms', `${b}/old-cms.xml`), outcome: { ok: true } },
  { entityId: 'millfield', sourceId: 'bluesky', source: () => ({ type: 'bluesky', id: 'bluesky', enabled: true, maxPages: 1 }), outcome: { ok: true } },
  { entityId: 'trust', sourceId: 'bluesky', source: () => ({ type: 'bluesky', id: 'bluesky', enabled: true, maxPages: 1 }), outcome: { ok: true } },
  { entityId: 'st-aidans', sourceId: 'metadata', source: () => rssSource('metadata', 'http://metadata.hostile.test/latest/meta-data/'), outcome: { ok: false, error: /Refused to fetch http:\/\/metadata\.hostile\.test: 169\.254\.169\.254/ } },
  { entityId: 'st-aidans', sourceId: 'metadata-ip', source: () => rssSource('metadata-ip', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'), outcome: { ok: false, error: /Refused to fetch http:\/\/169\.254\.169\.254/ } },
  { entityId: 'st-aidans', sourceId: 'redirect', source: (b) => rssSource('redirect', `${b}/redirect.xml`), outcome: { ok: false, error: /169\.254\.169\.254/ } },
  { entityId: 'st-aidans', sourceId: 'intranet', source: (b) => rssSource('intranet', `http://intranet.hostile.test:${new URL(b).port}/feed.xml`), outcome: { ok: false, error: /10\.0\.0\.5/ } },
  { entityId: 'st-aidans', sourceId: 'loopback', source: (b) => rssSource('loopback', `http://loopback.hostile.test:${new URL(b).port}/news.xml`), outcome: { ok: false, error: /127\.0\.0\.2/ } },
  { entityId: 'st-aidans', sourceId: 'v6-loopback', source: (b) => rssSource('v6-loopback', `http://[::1]:${new URL(b).port}/news.xml`), outcome: { ok: false, error: /Refused to fetch http:\/\/\[::1\]/ } },
  { entityId: 'st-aidans', sourceId: 'mixed-dns', source: (b) => rssSource('mixed-dns', `http://mixed.hostile.test:${new URL(b).port}/news.xml`), outcome: { ok: false, error: /192\.168\.1\.1/ } },
  { entityId: 'riverside', sourceId: 'forum', source: (b) => rssSource('forum', `${b}/forum.xml`), outcome: { ok: true } },
  { entityId: 'riverside', sourceId: 'never', source: (b) => rssSource('never', `${b}/never.xml`), outcome: { ok: false, error: /did not answer within/ } },
];

describe('hostile input through the whole pipeline', () => {
  let aws: SwitchableAws;
  let web: HostileWeb;
  let config: TrustConfig;
  let report: CycleReport;
  let seconds: number;
  let heapGrowthMb: number;

  beforeAll(async () => {
    aws = await startSwitchableAws();
    web = await startHostileWeb({
      '/xxe.xml': send(200, xml, xxeFeed),
      '/laughs.xml': send(200, xml, billionLaughsFeed),
      '/huge.xml': send(200, xml, hugeFeed(HUGE_FEED_MB)),
      '/bomb.xml': send(200, xml, gzipBomb(BOMB_MB), { 'content-encoding': 'gzip' }),
      '/bad-bytes.xml': send(200, xml, invalidUtf8Feed()),
      '/old-cms.xml': send(200, 'application/rss+xml; charset=iso-8859-1', mixedEncodingFeed()),
      '/redirect.xml': send(302, 'text/plain', '', { location: 'http://metadata.hostile.test/latest/meta-data/' }),
      '/forum.xml': send(200, xml, hostileTextFeed(NOW)),
      '/never.xml': neverFinishes,
      '/bsky/xrpc/app.bsky.feed.searchPosts': (req, res) => {
        const q = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
        res.writeHead(200, { 'content-type': 'application/json' });
        // The trust's searches get a post nested 100,000 deep; Millfield's get 10,000 posts in one page.
        res.end(q.includes('Trust') ? blueskyPage(3, { nestedDepth: 100_000 }) : blueskyPage(10_000));
      },
    });
    for (const [id, phrases] of Object.entries(ACADEMY_PHRASES)) {
      web.routes[`/control/${id}.xml`] = send(200, xml, rss([
        { title: phrases.benign, link: `https://news.example.org/${id}/control-1`, text: 'Control item.', publishedAt: NOW },
        { title: phrases.concern, link: `https://news.example.org/${id}/control-2`, text: 'Control item.', publishedAt: NOW },
      ]));
    }
    config = trustWith((e: Entity) => [
      rssSource('control', `${web.baseUrl}/control/${e.id}.xml`),
      ...hostile.filter((h) => h.entityId === e.id).map((h) => h.source(web.baseUrl)),
    ]);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    report = await runCycle(config, {
      store: aws.store,
      evidence: aws.evidence,
      mailer: aws.mailer,
      clock: fixedClock(NOW),
      // Hangs take the production timeout path with a 2 s budget; one retry keeps the run short.
      http: withTimeoutCap(guardedHttp({ maxRetries: 1 }), 2_000),
      baseUrls: { bluesky: `${web.baseUrl}/bsky` },
    });
    seconds = (performance.now() - started) / 1000;
    heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  }, 90_000);

  afterAll(async () => {
    console.log(`[reliability] hostile corpus: ${hostile.length} hostile sources + 5 control feeds in ${seconds?.toFixed(1)} s, heap growth ${heapGrowthMb?.toFixed(0)} MB`);
    await web?.stop();
    await aws?.close();
  });

  const outcomeOf = (entityId: string, sourceId: string) =>
    report.polls.find((p) => p.entityId === entityId)?.sources.find((s) => s.sourceId === sourceId);

  it('finishes the whole cycle without any stage failing', () => {
    expect(report.errors).toEqual([]);
  });

  it('keeps memory bounded while reading the corpus', () => {
    expect(heapGrowthMb).toBeLessThan(400);
  });

  it.each(Object.keys(ACADEMY_PHRASES))("stores %s's well-behaved feed whatever its other sources did", async (entityId) => {
    expect(outcomeOf(entityId, 'control')).toMatchObject({ ok: true, fetched: 2 });
    const cases = await aws.store.listCases({ academyId: entityId });
    expect(cases.some((c) => c.url.endsWith('/control-2'))).toBe(true);
  });

  it.each(hostile.map(({ source: _s, ...h }) => h))('ends $entityId/$sourceId with a clear error or a safe result', ({ entityId, sourceId, outcome }) => {
    const got = outcomeOf(entityId, sourceId);
    expect(got).toBeDefined();
    expect(got!.ok).toBe(outcome.ok);
    if (!outcome.ok) {
      expect(got!.error).toMatch(outcome.error);
      // Messages are for school IT staff: they say what happens next or what to do. (Refusals here come
      // from the test's address seam; the production wording is checked below without it.)
      expect(got!.error).toMatch(/try again|Check|check|ask the publisher|is not an allowed address/);
    }
  });

  it('never contacts an address the guard refused', () => {
    expect(web.hits('/feed.xml')).toBe(0);
    expect(web.hits('/news.xml')).toBe(0);
  });

  it('expands no external or recursive entity into stored text', async () => {
    const content = await aws.store.listMentionContent('trust', WINDOW.since, WINDOW.until);
    const all = content.map((c) => `${c.title ?? ''} ${c.text}`).join('\n');
    expect(all).not.toMatch(/root:|lollollol|security-credentials|injected from the DTD/);
    expect(content.every((c) => (c.title ?? '').length <= 2000 && c.text.length <= 100_000)).toBe(true);
  });

  it('stores posts with broken or mislabelled bytes as readable text', async () => {
    const content = await aws.store.listMentionContent('northbrook', WINDOW.since, WINDOW.until);
    const titles = content.map((c) => c.title ?? '');
    expect(titles.some((t) => t.includes('caf\uFFFD') || t.includes('café'))).toBe(true);
    expect(titles).toContain('Northbrook Academy’s “summer fair” raised €500');
  });

  it('keeps a bounded number of posts from a page of 10,000', async () => {
    expect(outcomeOf('millfield', 'bluesky')!.fetched).toBeLessThanOrEqual(1_000);
    expect(outcomeOf('millfield', 'bluesky')!.fetched).toBeGreaterThan(0);
  });

  it('keeps the ordinary posts of a page that also holds one absurdly nested post', () => {
    expect(outcomeOf('trust', 'bluesky')).toMatchObject({ ok: true });
  });

  describe('the digest that shows hostile post text', () => {
    let html: string;
    let text: string;
    beforeAll(async () => {
      const digest = (await aws.outbox()).find((m) => m.destination.to.includes('monitor@riverside.example.sch.uk'));
      html = digest?.body.html ?? '';
      text = digest?.body.text ?? '';
    });

    it('opened a case for the hostile safeguarding post and shows it', () => {
      expect(html).toMatch(/threatened with a knife/);
    });

    it.each([
      ['a <script> element from the post', /<script/i],
      ['an inline event handler', /<[^>]+\son(error|load|click)\s*=/i],
      ['a javascript: link', /(href|src)\s*=\s*["']?\s*javascript:/i],
      ['a data: link', /(href|src)\s*=\s*["']?\s*data:/i],
      ['an iframe or style element from the post', /<iframe|body\{display:none\}/i],
    ])('contains no %s in the HTML', (_what, pattern) => {
      expect(html).not.toMatch(pattern);
    });

    it.each([
      ['right-to-left override', '\u202E'],
      ['pop directional formatting', '\u202C'],
      ['zero-width space', '\u200B'],
      ['zero-width joiner', '\u200D'],
      ['word joiner', '\u2060'],
      ['byte order mark', '\uFEFF'],
    ])('shows no %s to the reader', (_name, char) => {
      expect(html.includes(char)).toBe(false);
      expect(text.includes(char)).toBe(false);
    });

    it('shows the javascript: post link as text, never as a link target', () => {
      expect(html).not.toContain(`href="${HOSTILE_TEXT.link}`);
    });
  });

  describe('with the production address rule (no test seam but DNS)', () => {
    const production = () => createHttpClient({ resolve: testResolve, maxRetries: 0 });
    const port = () => new URL(web.baseUrl).port;
    it.each([
      ['loopback, the fixture web itself', () => `http://127.0.0.1:${port()}/control/trust.xml`],
      ['loopback written as a decimal number', () => `http://2130706433:${port()}/control/trust.xml`],
      ['loopback as IPv4-mapped IPv6', () => `http://[::ffff:127.0.0.1]:${port()}/control/trust.xml`],
      ['IPv6 loopback', () => `http://[::1]:${port()}/control/trust.xml`],
      ['the unspecified address', () => `http://0.0.0.0:${port()}/control/trust.xml`],
      ['localhost by name', () => `http://localhost:${port()}/control/trust.xml`],
      ['the cloud metadata service', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
      ['a name resolving to the metadata service', () => 'http://metadata.hostile.test/latest/meta-data/'],
      ['a private network address', () => 'http://10.0.0.5/feed.xml'],
      ['a name with one public and one private address', () => 'http://mixed.hostile.test/feed.xml'],
    ])('refuses %s and says only public addresses may be fetched', async (_what, url) => {
      const before = web.hits('/control/trust.xml');
      const err = await production().request({ url: url() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlockedAddressError);
      expect((err as Error).message).toMatch(/Only public internet addresses may be fetched/);
      expect(web.hits('/control/trust.xml')).toBe(before);
    });

    it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/', 'ftp://ftp.example.org/feed.xml'])('refuses the non-web address %s', async (url) => {
      await expect(production().request({ url })).rejects.toThrow(/only http:\/\/ and https:\/\/ addresses are allowed/);
    });
  });
});
