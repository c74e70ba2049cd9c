import { afterEach, describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { SourceError } from '../../shared/sources/source.js';
import { xSource } from '../../shared/sources/x.js';
import { harnesses } from './harnesses.js';
import { context, fixture, json, startServer, type FixtureServer, type Handler } from './support.js';

const x = harnesses.find((h) => h.platform === 'x')!;

let server: FixtureServer;
afterEach(() => server?.close());

async function poll(handler: Handler, opts: { source?: Record<string, unknown>; cursor?: string; secrets?: Record<string, string> } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'x', maxPages: 5, ...opts.source });
  return xSource.poll(context<'x'>({ source, serverUrl: server.url, secrets: opts.secrets ?? x.secrets, cursor: opts.cursor }));
}

describe('the X source', () => {
  it('searches recent posts with the bearer token and a query naming the academy', async () => {
    await poll(x.happy);
    const first = server.seen[0];
    expect(first.path).toBe('/2/tweets/search/recent');
    expect(first.headers.authorization).toBe('Bearer AAAA-fixture');
    const query = first.query.get('query')!;
    expect(query).toMatch(/^\(".+\) -is:retweet$/);
    for (const term of ['"Millfield Primary Academy" OR ', ' OR "Millfield Primary" OR ', ' OR @MillfieldPrimary OR #MillfieldPrimary)']) expect(query).toContain(term);
    expect(first.query.get('max_results')).toBe('100');
  });

  it('follows next_token until the last page and remembers the newest id', async () => {
    const result = await poll(x.happy);
    expect(server.seen.map((r) => r.query.get('next_token'))).toEqual([null, 'b26v89c19zqg8o3fpzbkk7e8x3u5ii5s6hq8wsxmvj5q5']);
    expect(result.mentions.map((m) => m.id)).toEqual(
      ['1860000000000000002', '1860000000000000001', '1859990000000000000'].map((id) => mentionId('x', id)),
    );
    expect(JSON.parse(result.cursor!)).toEqual({ search: '1860000000000000002' });
  });

  it('sends the remembered id as since_id on the next poll', async () => {
    await poll(x.happy, { cursor: JSON.stringify({ search: '1859000000000000000' }), source: { maxPages: 1 } });
    expect(server.seen[0].query.get('since_id')).toBe('1859000000000000000');
  });

  it('turns a post into a mention with the author handle from includes and its media', async () => {
    const { mentions } = await poll(x.happy, { source: { maxPages: 1 } });
    expect(mentions[0]).toMatchObject({
      url: canonicalUrl('https://x.com/nbparent/status/1860000000000000002'),
      author: '@nbparent',
      publishedAt: '2026-11-24T07:40:00.000Z',
      media: { image: true, video: false },
    });
    expect(mentions[1].media).toEqual({ image: false, video: false });
  });

  it('keeps the previous cursor when nothing new was found', async () => {
    const cursor = JSON.stringify({ search: '1860000000000000002' });
    const result = await poll(() => json(fixture('x', 'empty.json')), { cursor });
    expect(result).toEqual({ mentions: [], cursor });
  });

  it('searches the whole recent window again when X refuses an expired since_id', async () => {
    const handler: Handler = (req, seen) =>
      req.query.get('since_id')
        ? json({ errors: [{ parameters: { since_id: ['1'] }, message: "Invalid 'since_id'" }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' }, 400)
        : x.happy(req, seen);
    const result = await poll(handler, { cursor: JSON.stringify({ search: '1' }), source: { maxPages: 1 } });
    expect(result.mentions).toHaveLength(2);
    expect(server.seen.map((r) => r.query.get('since_id'))).toEqual(['1', null]);
  });

  it('says which secret to create when the bearer token is missing', async () => {
    const err = await poll(x.happy, { secrets: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toContain('/mention-monitor/millfield/x/bearer_token');
    expect(server.seen).toHaveLength(0);
  });
});
