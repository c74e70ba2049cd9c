import { afterEach, describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { SourceError } from '../../shared/sources/source.js';
import { youtubeSource } from '../../shared/sources/youtube.js';
import { harnesses } from './harnesses.js';
import { context, fixture, json, startServer, type FixtureServer, type Handler } from './support.js';

const youtube = harnesses.find((h) => h.platform === 'youtube')!;

let server: FixtureServer;
afterEach(() => server?.close());

async function poll(handler: Handler, opts: { source?: Record<string, unknown>; cursor?: string } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'youtube', maxPages: 5, channelId: 'UCmillfield0000000000000', ...opts.source });
  return youtubeSource.poll(context<'youtube'>({ source, serverUrl: server.url, secrets: youtube.secrets, cursor: opts.cursor }));
}

const paths = () => server.seen.map((r) => `${r.path}?${r.query.get('pageToken') ?? r.query.get('videoId') ?? r.query.get('allThreadsRelatedToChannelId') ?? ''}`);

describe('the YouTube source', () => {
  it('searches new videos by date with the key in a header, never in the URL', async () => {
    await poll(youtube.happy);
    const search = server.seen[0];
    expect(search.path).toBe('/search');
    expect(search.headers['x-goog-api-key']).toBe('AIza-fixture');
    expect([...search.query.keys()]).not.toContain('key');
    expect(search.query.get('order')).toBe('date');
    expect(search.query.get('type')).toBe('video');
  });

  it('pages the search, then reads comments on the channel and on each video found', async () => {
    const result = await poll(youtube.happy);
    expect(paths()).toEqual([
      '/search?',
      '/search?CAUQAA',
      '/commentThreads?UCmillfield0000000000000',
      '/commentThreads?vidAAAA0001',
      '/commentThreads?vidAAAA0002',
      '/commentThreads?vidAAAA0003',
    ]);
    const ids = result.mentions.map((m) => m.id);
    expect(ids).toContain(mentionId('youtube', 'vidAAAA0001'));
    expect(ids).toContain(mentionId('youtube', 'UgzComment0001'));
    expect(ids).toContain(mentionId('youtube', 'UgzComment0001.reply01'));
  });

  it('links a comment to its place under the video', async () => {
    const { mentions } = await poll(youtube.happy, { source: { maxPages: 1 } });
    const comment = mentions.find((m) => m.id === mentionId('youtube', 'UgzComment0001'))!;
    expect(comment).toMatchObject({ url: canonicalUrl('https://www.youtube.com/watch?v=vidAAAA0002&lc=UgzComment0001'), author: '@grandma_pat', text: 'Lovely singing from Year 2!' });
  });

  it('remembers the newest video and channel comment, and sends publishedAfter next time', async () => {
    const first = await poll(youtube.happy, { source: { maxPages: 1 } });
    expect(JSON.parse(first.cursor!)).toEqual({ search: '2026-11-24T06:30:00.000Z', 'channel:UCmillfield0000000000000': '2026-11-24T07:30:00.000Z' });
    await server.close();
    await poll(youtube.happy, { source: { maxPages: 1 }, cursor: first.cursor });
    expect(server.seen[0].query.get('publishedAfter')).toBe('2026-11-24T06:30:00.000Z');
  });

  it('skips a video whose comments are turned off instead of failing the source', async () => {
    const handler: Handler = (req, seen) =>
      req.query.get('videoId') === 'vidAAAA0001' ? json(fixture('youtube', 'error-comments-disabled.json'), 403) : youtube.happy(req, seen);
    const result = await poll(handler, { source: { maxPages: 1 } });
    expect(result.mentions.length).toBeGreaterThan(2);
  });

  it('reports an exhausted daily quota as rate limiting, not as bad credentials', async () => {
    const err = await poll(() => json(fixture('youtube', 'error-quota.json'), 403)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('rate_limited');
    expect((err as SourceError).message).toContain('quotaExceeded');
  });
});
