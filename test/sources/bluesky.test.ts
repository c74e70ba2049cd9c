import { afterEach, describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { blueskySource } from '../../shared/sources/bluesky.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { SourceError } from '../../shared/sources/source.js';
import { harnesses } from './harnesses.js';
import { context, fixture, json, notFound, startServer, type FixtureServer, type Handler } from './support.js';

const bluesky = harnesses.find((h) => h.platform === 'bluesky')!;
const login = { '/mention-monitor/millfield/bluesky/handle': 'millfieldprimary.bsky.social', '/mention-monitor/millfield/bluesky/app_password': 'abcd-efgh-ijkl-mnop' };

let server: FixtureServer;
afterEach(() => server?.close());

async function poll(handler: Handler, opts: { source?: Record<string, unknown>; cursor?: string; secrets?: Record<string, string> } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'bluesky', maxPages: 5, query: '"Millfield Primary Academy"', ...opts.source });
  return blueskySource.poll(context<'bluesky'>({ source, serverUrl: server.url, secrets: opts.secrets ?? {}, cursor: opts.cursor }));
}

const searches = () => server.seen.filter((r) => r.path === '/xrpc/app.bsky.feed.searchPosts');

describe('the Bluesky source', () => {
  it('searches latest posts and follows the cursor to the last page', async () => {
    const result = await poll(bluesky.happy);
    expect(searches().map((r) => [r.query.get('sort'), r.query.get('cursor')])).toEqual([
      ['latest', null],
      ['latest', '2'],
    ]);
    expect(result.mentions.map((m) => m.id)).toEqual([
      mentionId('bluesky', 'at://did:plc:parentabc123/app.bsky.feed.post/3lbqparent01'),
      mentionId('bluesky', 'at://did:plc:localnews456/app.bsky.feed.post/3lbqnews0002'),
      mentionId('bluesky', 'at://did:plc:teacher789/app.bsky.feed.post/3lbqteach003'),
    ]);
  });

  it('turns a post view into a mention with a bsky.app link and its media', async () => {
    const { mentions } = await poll(bluesky.happy);
    expect(mentions[0]).toMatchObject({
      url: canonicalUrl('https://bsky.app/profile/nbparent.bsky.social/post/3lbqparent01'),
      author: '@nbparent.bsky.social',
      text: 'Millfield Primary Academy Christmas concert was brilliant',
      publishedAt: '2026-11-24T07:45:00.000Z',
      media: { image: true, video: false },
    });
    expect(mentions[2].media).toEqual({ image: false, video: true });
  });

  it('remembers the newest indexedAt per search term and sends it as `since`', async () => {
    const first = await poll(bluesky.happy);
    expect(JSON.parse(first.cursor!)).toEqual({ 'q:"Millfield Primary Academy"': '2026-11-24T07:45:01.123Z' });
    await server.close();
    await poll(bluesky.happy, { cursor: first.cursor });
    expect(searches()[0].query.get('since')).toBe('2026-11-24T07:45:01.123Z');
  });

  it('searches each of the academy\'s search terms separately, since boolean operators are not documented', async () => {
    await poll(() => json(fixture('bluesky', 'empty.json')), { source: { query: undefined } });
    expect(searches().map((r) => r.query.get('q'))).toEqual(['"Millfield Primary Academy"', '"Millfield Primary"']);
  });

  it('signs in with the app password and searches through the PDS with the session token', async () => {
    const handler: Handler = (req, seen) => {
      if (req.path === '/xrpc/com.atproto.server.createSession') return json(fixture('bluesky', 'session.json'));
      return req.headers.authorization === 'Bearer fixture.access.jwt' ? bluesky.happy(req, seen) : notFound(req);
    };
    const result = await poll(handler, { secrets: login });
    expect(JSON.parse(server.seen[0].body)).toEqual({ identifier: 'millfieldprimary.bsky.social', password: 'abcd-efgh-ijkl-mnop' });
    expect(result.mentions).toHaveLength(3);
  });

  it('reports a wrong app password as a credentials problem naming both secrets', async () => {
    const handler: Handler = () => json({ error: 'AuthenticationRequired', message: 'Invalid identifier or password' }, 401);
    const err = await poll(handler, { secrets: { ...login, '/mention-monitor/millfield/bluesky/app_password': 'wrong-wrong-wrong-wrong' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('credentials');
    expect((err as SourceError).message).toContain('/mention-monitor/millfield/bluesky/app_password');
  });
});
