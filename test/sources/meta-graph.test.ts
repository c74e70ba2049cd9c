import { afterEach, describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';
import { canonicalUrl } from '../../shared/sources/canonical-url.js';
import { facebookSource } from '../../shared/sources/facebook.js';
import { instagramSource } from '../../shared/sources/instagram.js';
import { mentionId } from '../../shared/sources/mention-id.js';
import { classifyGraphError } from '../../shared/sources/meta-graph.js';
import { SourceError } from '../../shared/sources/source.js';
import { harnesses } from './harnesses.js';
import { context, fixture, json, startServer, type FixtureServer, type Handler } from './support.js';

const facebook = harnesses.find((h) => h.platform === 'facebook')!;
const instagram = harnesses.find((h) => h.platform === 'instagram')!;

let server: FixtureServer;
afterEach(() => server?.close());

async function pollFacebook(handler: Handler, opts: { cursor?: string; maxPages?: number } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'facebook', pageId: '101234567890123', maxPages: opts.maxPages ?? 5 });
  return facebookSource.poll(context<'facebook'>({ source, serverUrl: server.url, secrets: facebook.secrets, cursor: opts.cursor }));
}

async function pollInstagram(handler: Handler, opts: { cursor?: string } = {}) {
  server = await startServer(handler);
  const source = SourceConfig.parse({ type: 'instagram', igUserId: '17841400000000000', maxPages: 5 });
  return instagramSource.poll(context<'instagram'>({ source, serverUrl: server.url, secrets: instagram.secrets, cursor: opts.cursor }));
}

describe('the Facebook source', () => {
  it("reads comments on the Page's posts page by page, then posts that tag the Page", async () => {
    const result = await pollFacebook(facebook.happy);
    expect(server.seen.map((r) => [r.path, r.query.get('after')])).toEqual([
      ['/101234567890123/feed', null],
      ['/101234567890123/feed', 'QVFIUmFeed2'],
      ['/101234567890123/tagged', null],
    ]);
    expect(server.seen.every((r) => r.headers.authorization === 'Bearer EAAB-fixture')).toBe(true);
    expect(result.mentions.map((m) => m.id)).toEqual(
      ['900000000000002_800000000000002', '900000000000002_800000000000001', '900000000000000_800000000000000', '777000111_222333444'].map((id) => mentionId('facebook', id)),
    );
    expect(result.mentions[0]).toMatchObject({ author: 'A Parent', publishedAt: '2026-11-24T07:30:00.000Z' });
  });

  it('keeps only comments newer than the last poll, even on old posts', async () => {
    const cursor = JSON.stringify({ comments: '2026-11-24T00:00:00.000Z', tagged: '2026-11-24T05:00:00.000Z' });
    const result = await pollFacebook(facebook.happy, { cursor });
    expect(result.mentions.map((m) => m.text)).toEqual([
      "Why was my son's photo used without asking? Please take it down.",
      'Congratulations Millfield!',
      'Proud of our Millfield Primary footballers today',
    ]);
    expect(JSON.parse(result.cursor!)).toEqual({ comments: '2026-11-24T07:30:00.000Z', tagged: '2026-11-24T05:00:00.000Z' });
  });

  it('stops paging when the app usage header reaches its limit', async () => {
    const handler: Handler = (req, seen) => ({ ...facebook.happy(req, seen), headers: { 'x-app-usage': '{"call_count":96,"total_cputime":10,"total_time":12}' } });
    await pollFacebook(handler);
    expect(server.seen.filter((r) => r.path.endsWith('/feed'))).toHaveLength(1);
  });

  it('reports Page throttling (code 32 in a 400) as rate limiting', async () => {
    const err = await pollFacebook(() => json(fixture('facebook', 'error-throttled.json'), 400)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('rate_limited');
  });

  it.each([
    [190, 'credentials'],
    [102, 'credentials'],
    [10, 'credentials'],
    [200, 'credentials'],
    [4, 'rate_limited'],
    [17, 'rate_limited'],
    [613, 'rate_limited'],
    [80001, 'rate_limited'],
    [1, 'unavailable'],
    [100, 'bad_response'],
  ])('classifies Graph error code %i as %s', (code, kind) => {
    expect(classifyGraphError(400, { error: { code, message: 'x', type: 'OAuthException' } })?.kind).toBe(kind);
  });
});

describe('the Instagram source', () => {
  it('reads comments on its own media and media it is tagged in', async () => {
    const result = await pollInstagram(instagram.happy);
    expect(server.seen.map((r) => [r.path, r.query.get('after')])).toEqual([
      ['/17841400000000000/media', null],
      ['/17841400000000000/media', 'QVFIUmedia2'],
      ['/17841400000000000/tags', null],
    ]);
    expect(result.mentions.map((m) => m.id)).toEqual(['17858893269000001', '17858893269000000', '18000000000000001'].map((id) => mentionId('instagram', id)));
    expect(result.mentions[0]).toMatchObject({ url: canonicalUrl('https://www.instagram.com/p/MillfieldA1/'), author: '@curious_parent', text: 'Which class is this?' });
    expect(result.mentions[2]).toMatchObject({ author: '@northbrook_runners', media: { image: false, video: true } });
  });

  it('moves each watermark only as far as what it saw', async () => {
    const cursor = JSON.stringify({ comments: '2026-11-24T00:00:00.000Z', tags: '2026-11-24T07:00:00.000Z' });
    const result = await pollInstagram(instagram.happy, { cursor });
    expect(result.mentions.map((m) => m.text)).toEqual(['Which class is this?']);
    expect(JSON.parse(result.cursor!)).toEqual({ comments: '2026-11-24T07:10:00.000Z', tags: '2026-11-24T07:00:00.000Z' });
  });
});
