import { afterEach, describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { redditSource } from '../../shared/sources/reddit.js';
import { SourceError } from '../../shared/sources/source.js';
import { harnesses } from './harnesses.js';
import { context, fixtureText, json, notFound, startServer, type FixtureServer, type Handler } from './support.js';

const reddit = harnesses.find((h) => h.platform === 'reddit')!;
const oauthSecrets = reddit.secrets;

let server: FixtureServer;
afterEach(() => server?.close());

async function poll(handler: Handler, opts: { source?: Record<string, unknown>; secrets?: Record<string, string>; cursor?: string } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'reddit', maxPages: 5, ...opts.source });
  return redditSource.poll(context<'reddit'>({ source, serverUrl: server.url, secrets: opts.secrets ?? oauthSecrets, cursor: opts.cursor }));
}

const searches = () => server.seen.filter((r) => r.path.endsWith('/search'));

describe('the Reddit source with an app (OAuth)', () => {
  it('gets an app-only token with the client id and secret, then searches newest first with it', async () => {
    await poll(reddit.happy);
    const token = server.seen.find((r) => r.path === '/api/v1/access_token')!;
    expect(token.method).toBe('POST');
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from('cid:csecret').toString('base64')}`);
    expect(token.body).toBe('grant_type=client_credentials');
    expect(searches()[0].headers.authorization).toBe('Bearer fixture-app-token');
    expect(searches()[0].headers['user-agent']).toMatch(/mention-monitor/);
    expect(searches()[0].query.get('sort')).toBe('new');
    expect(searches()[0].query.get('q')).toContain('"Millfield Primary Academy"');
  });

  it('follows `after` from page to page until the listing ends', async () => {
    const result = await poll(reddit.happy);
    expect(searches().map((r) => r.query.get('after'))).toEqual([null, 't3_1gx0002']);
    expect(result.mentions.map((m) => m.id)).toEqual(['t3_1gx0003', 't3_1gx0002', 't3_1gx0001'].map((id) => mentionId('reddit', id)));
    expect(JSON.parse(result.cursor!)).toEqual({ search: '2026-11-24T06:00:00.000Z' });
  });

  it('reads no more than maxPages pages', async () => {
    const result = await poll(reddit.happy, { source: { maxPages: 1 } });
    expect(searches()).toHaveLength(1);
    expect(result.mentions).toHaveLength(2);
  });

  it("stops at the last poll's watermark and keeps only newer posts", async () => {
    const result = await poll(reddit.happy, { cursor: JSON.stringify({ search: '2026-11-24T03:13:20.000Z' }) });
    expect(result.mentions.map((m) => m.id)).toEqual([mentionId('reddit', 't3_1gx0003'), mentionId('reddit', 't3_1gx0002')]);
    expect(JSON.parse(result.cursor!)).toEqual({ search: '2026-11-24T06:00:00.000Z' });
  });

  it('turns a post into a mention with its permalink, author, time and media', async () => {
    const { mentions } = await poll(reddit.happy, { source: { maxPages: 1 } });
    expect(mentions[0]).toMatchObject({
      platform: 'reddit',
      url: canonicalUrl('https://www.reddit.com/r/Cambridgeshire/comments/1gx0003/anyone_else_had_trouble_with_millfield_primary/'),
      title: 'Anyone else had trouble with Millfield Primary SEND support?',
      author: 'u/northbrook_mum',
      publishedAt: '2026-11-24T06:00:00.000Z',
      media: { image: false, video: false },
    });
    expect(mentions[0].text).toContain('Three emails to the SENCO');
    expect(mentions[1].media.image).toBe(true);
  });

  it('searches only the configured subreddits when there are some', async () => {
    const handler: Handler = (req, seen) => (req.path === '/r/Cambridgeshire+Northbrook/search' ? reddit.happy({ ...req, path: '/search' }, seen) : reddit.happy(req, seen));
    await poll(handler, { source: { subreddits: ['r/Cambridgeshire', 'Northbrook'], maxPages: 1 } });
    const search = server.seen.find((r) => r.path.includes('/search'))!;
    expect(search.path).toBe('/r/Cambridgeshire+Northbrook/search');
    expect(search.query.get('restrict_sr')).toBe('on');
  });

  it('stops paging once Reddit says no requests are left in the window', async () => {
    const handler: Handler = (req, seen) => {
      const reply = reddit.happy(req, seen);
      return req.path === '/search' ? { ...reply, headers: { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '120' } } : reply;
    };
    const result = await poll(handler);
    expect(searches()).toHaveLength(1);
    expect(result.mentions).toHaveLength(2);
  });

  it('asks for the missing half when only one of client id and secret is stored', async () => {
    const err = await poll(reddit.happy, { secrets: { '/mention-monitor/millfield/reddit/client_id': 'cid' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('credentials');
    expect((err as SourceError).message).toContain('/mention-monitor/millfield/reddit/client_secret');
  });
});

describe('the Reddit source without an app (RSS fallback)', () => {
  const rss: Handler = (req) =>
    req.path === '/search.rss' ? { status: 200, headers: { 'content-type': 'application/atom+xml; charset=UTF-8' }, body: fixtureText('reddit', 'search.rss') } : notFound(req);

  it('reads the public Atom search, newest first, decoding its HTML', async () => {
    const result = await poll(rss, { secrets: {} });
    expect(server.seen.map((r) => r.path)).toEqual(['/search.rss']);
    expect(server.seen[0].query.get('sort')).toBe('new');
    expect(result.mentions.map((m) => m.id)).toEqual([mentionId('reddit', 't3_1gx0003'), mentionId('reddit', 't3_1gx0001')]);
    expect(result.mentions[0]).toMatchObject({ author: 'u/northbrook_mum', publishedAt: '2026-11-24T07:20:00.000Z' });
    expect(result.mentions[0].text).toContain('no reply & getting worried');
    expect(result.mentions[0].text).not.toContain('<p>');
  });

  it("keeps only entries at or after the last poll's watermark", async () => {
    const result = await poll(rss, { secrets: {}, cursor: JSON.stringify({ search: '2026-11-23T00:00:00.000Z' }) });
    expect(result.mentions).toHaveLength(1);
    expect(JSON.parse(result.cursor!)).toEqual({ search: '2026-11-24T07:20:00.000Z' });
  });

  it.each([
    ['not XML at all', '{"json": true}'],
    ['XML of another shape', '<?xml version="1.0"?><rss><channel><item/></channel></rss>'],
  ])('reports %s as a bad response', async (_name, body) => {
    const err = await poll(() => ({ status: 200, body }), { secrets: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('bad_response');
  });

  it('never expands DTD entities in the RSS fallback', async () => {
    const body = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "<b>INJECTED</b>"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>t3_x1</id><title>Northbrook &b; news</title>
<link href="https://www.reddit.com/r/cambs/comments/x1/post/"/><published>2026-11-24T07:00:00+00:00</published></entry></feed>`;
    const result = await poll(() => ({ status: 200, body }), { secrets: {} });
    expect(JSON.stringify(result.mentions)).not.toContain('INJECTED');
  });

  it('reports a blocked RSS search (403) with what to do', async () => {
    const err = await poll(() => json({ reason: 'blocked' }, 403), { secrets: {} }).catch((e: unknown) => e);
    expect((err as SourceError).kind).toBe('credentials');
    expect((err as SourceError).message).toContain('/mention-monitor/millfield/reddit/client_id');
  });
});
