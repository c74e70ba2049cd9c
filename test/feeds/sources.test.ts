import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Academy } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { createHttpClient } from '../../shared/net/http.js';
import { googleAlertsSource } from '../../shared/sources/google-alerts.js';
import { googleNewsQuery, googleNewsSource, googleNewsUrl } from '../../shared/sources/google-news.js';
import { Mention } from '../../shared/sources/mention.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { rssSource } from '../../shared/sources/rss.js';
import { SourceError, type PollContext } from '../../shared/sources/source.js';
import { startServer, type LocalServer } from '../net/local-server.js';
import { fixtureBytes } from './corpus.js';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const fixtures: Record<string, [string, string]> = {
      '/wordpress': ['wordpress-rss2.xml', 'application/rss+xml; charset=UTF-8'],
      '/alerts': ['google-alerts.xml', 'application/atom+xml'],
      '/rss/search': ['google-news.xml', 'application/xml; charset=utf-8'],
      '/latin': ['iso-8859-1.xml', 'text/xml'],
    };
    if (fixtures[path]) {
      res.writeHead(200, { 'content-type': fixtures[path][1] }).end(fixtureBytes(fixtures[path][0]));
    } else if (path === '/forbidden') res.writeHead(403).end('no');
    else if (path === '/gone') res.writeHead(410).end();
    else if (path === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>');
    else if (path === '/huge') {
      // 50 MB streamed in 1 MB chunks, never held in memory at once.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      res.write('<rss><channel>');
      pump();
    } else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

const entity = Academy.parse({
  id: 'northbrook',
  name: 'Northbrook Academy',
  aliases: ['Northbrook Academy', 'Northbrook Acad', 'Northbrook'],
  contextAliases: ['NBA'],
  monitor: 'monitor@northbrook.example.sch.uk',
  dsl: 'dsl@northbrook.example.sch.uk',
});
const now = new Date('2026-11-24T08:00:00Z');
const http = createHttpClient({ allowPrivate: true, maxRetries: 0 });
const secrets = { get: async () => undefined };

const rssCtx = (path: string, cursor?: string): PollContext<'rss'> => ({
  entity, http, secrets, now, cursor,
  source: { type: 'rss', id: 'local-news', url: `${server.origin}${path}`, enabled: true, maxPages: 5 },
});

describe('rssSource', () => {
  it('turns a WordPress feed into valid mentions with the newest time as cursor', async () => {
    const result = await rssSource.poll(rssCtx('/wordpress'));
    expect(result.mentions.map((m) => Mention.safeParse(m).success)).toEqual([true, true]);
    expect(result.mentions[0]).toMatchObject({
      platform: 'rss',
      sourceId: 'local-news',
      url: canonicalUrl('https://gazette.northbrook.example/2026/11/23/northbrook-academy-hospice/'),
      author: 'Jo Whitfield',
      publishedAt: '2026-11-23T17:30:00.000Z',
      fetchedAt: '2026-11-24T08:00:00.000Z',
      media: { image: true, video: true },
    });
    expect(result.mentions[0].id).toMatch(/^url:[0-9a-f]{32}$/);
    expect(result.cursor).toBe('2026-11-23T17:30:00.000Z');
  });

  it('skips items more than a day older than the cursor', async () => {
    const result = await rssSource.poll(rssCtx('/wordpress', '2026-11-23T17:30:00.000Z'));
    expect(result.mentions.map((m) => m.publishedAt)).toEqual(['2026-11-23T17:30:00.000Z']);
  });

  it('decodes a legacy charset served without one in Content-Type', async () => {
    const result = await rssSource.poll(rssCtx('/latin'));
    expect(result.mentions[0].title).toBe('Crème brûlée for St Aidan’s staff');
  });

  it.each([
    ['/forbidden', 'credentials', /refused us \(HTTP 403\).*private browser window/],
    ['/gone', 'unavailable', /there is no feed at .* \(HTTP 410\).*update "url:" of source 'local-news' under academy 'northbrook'/],
    ['/page', 'bad_response', /web page, not a feed/],
    ['/huge', 'too_large', /larger than 5120 KB/],
  ])('reports %s as a %s SourceError that says what to do', async (path, kind, message) => {
    const err = await rssSource.poll(rssCtx(path)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect([(err as SourceError).kind, (err as Error).message]).toEqual([kind, expect.stringMatching(message)]);
    expect((err as Error).message).toMatch(/^RSS feed 'local-news' for academy 'northbrook'/);
  });

  it('refuses a feed on a private address in production settings', async () => {
    const err = await rssSource.poll({ ...rssCtx('/wordpress'), http: createHttpClient() }).catch((e: unknown) => e);
    expect([(err as SourceError).kind, (err as Error).message]).toEqual(['blocked', expect.stringMatching(/private, local or reserved/)]);
  });
});

describe('googleAlertsSource', () => {
  it('points mentions at the article, not the Google redirect, so they dedupe with the site feed', async () => {
    const result = await googleAlertsSource.poll({
      entity, http, secrets, now,
      source: { type: 'google_alerts', id: 'alerts', url: `${server.origin}/alerts`, enabled: true, maxPages: 5 },
    });
    expect(result.mentions.map((m) => [m.platform, m.url])).toEqual([
      ['google_alerts', canonicalUrl('https://www.cambridge-news.example/news/northbrook-academy-ofsted-123456')],
      ['google_alerts', canonicalUrl('https://northbrook-il.example/news/fair?ref=ga')],
    ]);
    expect(result.mentions[0].title).toBe('Parents praise Northbrook Academy after Ofsted visit');
    // The same article in the paper's own RSS feed gets the same id, so the store keeps one copy.
    expect(result.mentions[0].id).toBe(mentionId('rss', undefined, 'https://www.cambridge-news.example/news/northbrook-academy-ofsted-123456'));
  });
});

describe('googleNewsSource', () => {
  it('builds the query from the name and aliases, quoted, OR-ed and without context aliases', () => {
    expect(googleNewsQuery(entity)).toBe('"Northbrook Academy" OR "Northbrook Acad" OR "Northbrook"');
  });

  it('builds a British English, GB edition search URL', () => {
    expect(googleNewsUrl('"Northbrook Academy" OR "NBA"')).toBe(
      'https://news.google.com/rss/search?q=%22Northbrook+Academy%22+OR+%22NBA%22&hl=en-GB&gl=GB&ceid=GB%3Aen',
    );
  });

  it('searches with the configured query and moves the publisher from the title to the author', async () => {
    const result = await googleNewsSource.poll({
      entity, http, secrets, now, baseUrls: { google_news: server.origin },
      source: { type: 'google_news', id: 'news', query: 'Northbrook school', enabled: true, maxPages: 5 },
    });
    const asked = new URL(server.seen[server.seen.length - 1].path, 'http://x');
    expect([asked.pathname, asked.searchParams.get('q'), asked.searchParams.get('hl'), asked.searchParams.get('gl'), asked.searchParams.get('ceid')]).toEqual([
      '/rss/search', 'Northbrook school', 'en-GB', 'GB', 'GB:en',
    ]);
    expect(result.mentions[0]).toMatchObject({
      platform: 'google_news',
      title: 'Northbrook Academy rated good by Ofsted',
      author: 'Cambridge News',
      url: canonicalUrl('https://www.cambridge-news.example/news/local-news/northbrook-academy-ofsted-2026-123456'),
    });
  });
});
