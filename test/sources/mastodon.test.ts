import { afterEach, describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { mastodonSource, nextMaxId } from '../../shared/sources/mastodon.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { SourceError } from '../../shared/sources/source.js';
import { harnesses } from './harnesses.js';
import { context, fixture, json, startServer, type FixtureServer, type Handler } from './support.js';

const mastodon = harnesses.find((h) => h.platform === 'mastodon')!;
const token = { '/mention-monitor/millfield/mastodon/access_token': 'masto-fixture' };

let server: FixtureServer;
afterEach(() => server?.close());

async function poll(handler: Handler, opts: { source?: Record<string, unknown>; cursor?: string; secrets?: Record<string, string> } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'mastodon', instance: server.url, maxPages: 5, ...opts.source });
  return mastodonSource.poll(context<'mastodon'>({ source, serverUrl: server.url, secrets: opts.secrets ?? {}, cursor: opts.cursor }));
}

describe('the Mastodon source', () => {
  it("follows the academy's own hashtag when none is configured, paging by the Link header", async () => {
    const result = await poll(mastodon.happy);
    expect(server.seen.map((r) => [r.path, r.query.get('max_id')])).toEqual([
      ['/api/v1/timelines/tag/MillfieldPrimary', null],
      ['/api/v1/timelines/tag/MillfieldPrimary', '113500000000000001'],
    ]);
    expect(result.mentions.map((m) => m.id)).toEqual([
      mentionId('mastodon', 'https://mastodon.example/users/nbparent/statuses/113500000000000002'),
      mentionId('mastodon', 'https://other.example/users/critic/statuses/555'),
      mentionId('mastodon', 'https://mastodon.example/users/pta/statuses/113490000000000000'),
    ]);
    expect(JSON.parse(result.cursor!)).toEqual({ 'tag:millfieldprimary': '113500000000000002' });
  });

  it('turns HTML content into plain text with the content warning first', async () => {
    const { mentions } = await poll(mastodon.happy);
    expect(mentions[0].text).toBe('Great assembly today at #MillfieldPrimary & lovely singing');
    expect(mentions[1].text).toMatch(/^school complaint\n\nStill no reply from #MillfieldPrimary about the SEND review\n+third week now$/);
    expect(mentions[1]).toMatchObject({ author: '@critic@other.example', url: canonicalUrl('https://other.example/@critic/555') });
    expect(mentions[0].media).toEqual({ image: true, video: false });
  });

  it('sends the newest id seen as since_id on the next poll', async () => {
    await poll(mastodon.happy, { cursor: JSON.stringify({ 'tag:millfieldprimary': '113500000000000001' }), source: { maxPages: 1 } });
    expect(server.seen[0].query.get('since_id')).toBe('113500000000000001');
  });

  it('searches statuses with the token when a query is configured', async () => {
    const handler: Handler = (req, seen) => (req.path === '/api/v2/search' ? json(fixture('mastodon', 'search.json')) : mastodon.happy(req, seen));
    const result = await poll(handler, { secrets: token, source: { hashtags: ['MillfieldPrimary'], query: 'Millfield Primary Academy', maxPages: 1 } });
    const search = server.seen.find((r) => r.path === '/api/v2/search')!;
    expect(search.query.get('type')).toBe('statuses');
    expect(search.headers.authorization).toBe('Bearer masto-fixture');
    expect(result.mentions.map((m) => m.url)).toContain(canonicalUrl('https://mastodon.example/@gov/113500000000000009'));
    expect(JSON.parse(result.cursor!)).toMatchObject({ search: '2026-11-24T07:55:00.000Z' });
  });

  it('asks for a token before searching, since most instances refuse anonymous search', async () => {
    const err = await poll(mastodon.happy, { source: { query: 'Millfield' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toContain('/mention-monitor/millfield/mastodon/access_token');
    expect(server.seen).toHaveLength(0);
  });

  it.each([
    ['a next link', '<https://m.example/api/v1/timelines/tag/x?max_id=42>; rel="next", <https://m.example/api/v1/timelines/tag/x?min_id=50>; rel="prev"', '42'],
    ['only a prev link', '<https://m.example/api/v1/timelines/tag/x?min_id=50>; rel="prev"', undefined],
    ['no header', null, undefined],
    ['a garbled header', '<not a url>; rel="next"', undefined],
  ])('reads the next max_id from %s', (_name, header, expected) => {
    expect(nextMaxId(header)).toBe(expected);
  });
});
