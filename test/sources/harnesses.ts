import { SourceConfig } from '../../shared/config/schema.js';
import type { ApiPlatform } from '../../shared/sources/credentials.js';
import { fixture, json, notFound, type Handler, type Reply } from './support.js';

/**
 * One description per platform API source, so the failure behaviours every source must share
 * (429 then success, 5xx, 401, malformed JSON, a changed shape, an empty page, an oversized page)
 * run as one table over all seven.
 */
export interface Harness {
  platform: ApiPlatform;
  source(serverUrl: string): SourceConfig;
  secrets: Record<string, string>;
  /** The request the failures are injected into: the source's main data endpoint. */
  isData(path: string): boolean;
  /** Answers every request of a successful poll. */
  happy: Handler;
  empty: unknown;
  /** A page holding n well-formed items. */
  bigPage(n: number): unknown;
  /** The data endpoint's body after an imagined API change. */
  changedShape: unknown;
  unauthorized: Reply;
  /** Mentions the source's other streams (channel comments, tagged posts) add when the data page is empty. */
  fromOtherStreams: number;
  /** The most mentions one poll may return with maxPages 1 whatever a page holds. */
  maxMentions: number;
}

const src = (raw: Record<string, unknown>): SourceConfig => SourceConfig.parse({ maxPages: 1, ...raw });

const redditLink = (i: number) => ({
  kind: 't3',
  data: { id: `big${i}`, name: `t3_big${i}`, title: `Millfield Primary post ${i}`, selftext: '', permalink: `/r/x/comments/big${i}/p/`, created_utc: 1795500000 - i },
});
const tweet = (i: number) => ({ id: String(1860000000000000000n + BigInt(i)), text: `Millfield Primary ${i}`, created_at: '2026-11-24T07:00:00.000Z' });
const searchResult = (i: number) => ({
  kind: 'youtube#searchResult',
  id: { kind: 'youtube#video', videoId: `big${i}` },
  snippet: { publishedAt: '2026-11-24T06:00:00Z', channelId: 'UCx', title: `Millfield ${i}`, description: '' },
});
const postView = (i: number) => ({
  uri: `at://did:plc:big/app.bsky.feed.post/big${i}`,
  cid: `cid${i}`,
  author: { did: 'did:plc:big', handle: 'big.bsky.social' },
  record: { text: `Millfield Primary ${i}`, createdAt: '2026-11-24T07:00:00.000Z' },
  indexedAt: '2026-11-24T07:00:00.000Z',
});
const status = (i: number) => ({
  id: String(113500000000000000n + BigInt(i)),
  created_at: '2026-11-24T07:00:00.000Z',
  uri: `https://mastodon.example/users/big/statuses/${i}`,
  url: `https://mastodon.example/@big/${i}`,
  content: `<p>#MillfieldPrimary ${i}</p>`,
  account: { id: '1', acct: 'big' },
  media_attachments: [],
});
const fbPost = (i: number) => ({
  id: `1_${i}`,
  created_time: '2026-11-23T10:00:00+0000',
  comments: { data: [{ id: `${i}_1`, message: `comment ${i}`, created_time: '2026-11-24T07:00:00+0000' }] },
});
const igMedia = (i: number) => ({
  id: `m${i}`,
  timestamp: '2026-11-23T10:00:00+0000',
  permalink: `https://www.instagram.com/p/big${i}/`,
  comments: { data: [{ id: `c${i}`, text: `comment ${i}`, timestamp: '2026-11-24T07:00:00+0000' }] },
});

export const harnesses: Harness[] = [
  {
    platform: 'reddit',
    fromOtherStreams: 0,
    source: () => src({ type: 'reddit' }),
    secrets: { '/mention-monitor/millfield/reddit/client_id': 'cid', '/mention-monitor/millfield/reddit/client_secret': 'csecret' },
    isData: (path) => path === '/search',
    happy: (req) => {
      if (req.path === '/api/v1/access_token') return json(fixture('reddit', 'token.json'));
      if (req.path === '/search') return json(fixture('reddit', req.query.get('after') ? 'search-page2.json' : 'search-page1.json'));
      return notFound(req);
    },
    empty: fixture('reddit', 'empty.json'),
    bigPage: (n) => ({ kind: 'Listing', data: { after: 't3_more', children: Array.from({ length: n }, (_, i) => redditLink(i)) } }),
    changedShape: { kind: 'Listing', data: { after: null, posts: [] } },
    unauthorized: json({ message: 'Unauthorized', error: 401 }, 401),
    maxMentions: 100,
  },
  {
    platform: 'youtube',
    fromOtherStreams: 2,
    source: () => src({ type: 'youtube', channelId: 'UCmillfield0000000000000' }),
    secrets: { '/mention-monitor/millfield/youtube/api_key': 'AIza-fixture' },
    isData: (path) => path === '/search',
    happy: (req) => {
      if (req.path === '/search') return json(fixture('youtube', req.query.get('pageToken') ? 'search-page2.json' : 'search-page1.json'));
      if (req.path === '/commentThreads') {
        const ours = req.query.get('videoId') === 'vidAAAA0002' || req.query.has('allThreadsRelatedToChannelId');
        return json(ours ? fixture('youtube', 'comment-threads.json') : { kind: 'youtube#commentThreadListResponse', items: [] });
      }
      return notFound(req);
    },
    empty: fixture('youtube', 'empty-search.json'),
    bigPage: (n) => ({ kind: 'youtube#searchListResponse', nextPageToken: 'more', items: Array.from({ length: n }, (_, i) => searchResult(i)) }),
    changedShape: { kind: 'youtube#searchListResponse', items: [{ id: 'vidAAAA0001', snippet: { title: 'no publishedAt' } }] },
    unauthorized: json(fixture('youtube', 'error-key-invalid.json'), 400),
    // 50 videos kept from the page, plus the two comments the channel stream serves.
    maxMentions: 52,
  },
  {
    platform: 'bluesky',
    fromOtherStreams: 0,
    source: () => src({ type: 'bluesky', query: '"Millfield Primary Academy"' }),
    secrets: {},
    isData: (path) => path === '/xrpc/app.bsky.feed.searchPosts',
    happy: (req) =>
      req.path === '/xrpc/app.bsky.feed.searchPosts'
        ? json(fixture('bluesky', req.query.get('cursor') ? 'search-page2.json' : 'search-page1.json'))
        : notFound(req),
    empty: fixture('bluesky', 'empty.json'),
    bigPage: (n) => ({ cursor: 'more', posts: Array.from({ length: n }, (_, i) => postView(i)) }),
    changedShape: { results: [] },
    unauthorized: json(fixture('bluesky', 'error-auth-required.json'), 401),
    maxMentions: 100,
  },
  {
    platform: 'mastodon',
    fromOtherStreams: 0,
    source: (url) => src({ type: 'mastodon', instance: url, hashtags: ['MillfieldPrimary'] }),
    secrets: {},
    isData: (path) => path === '/api/v1/timelines/tag/MillfieldPrimary',
    happy: (req) => {
      if (req.path !== '/api/v1/timelines/tag/MillfieldPrimary') return notFound(req);
      if (req.query.get('max_id')) return json(fixture('mastodon', 'tag-page2.json'));
      const host = `http://${req.headers.host}`;
      return json(fixture('mastodon', 'tag-page1.json'), 200, {
        link: `<${host}/api/v1/timelines/tag/MillfieldPrimary?max_id=113500000000000001>; rel="next", <${host}/api/v1/timelines/tag/MillfieldPrimary?min_id=113500000000000002>; rel="prev"`
      });
    },
    empty: [],
    bigPage: (n) => Array.from({ length: n }, (_, i) => status(i)),
    changedShape: { statuses: [] },
    unauthorized: json(fixture('mastodon', 'error-401.json'), 401),
    maxMentions: 40,
  },
  {
    platform: 'x',
    fromOtherStreams: 0,
    source: () => src({ type: 'x' }),
    secrets: { '/mention-monitor/millfield/x/bearer_token': 'AAAA-fixture' },
    isData: (path) => path === '/2/tweets/search/recent',
    happy: (req) =>
      req.path === '/2/tweets/search/recent'
        ? json(fixture('x', req.query.get('next_token') ? 'search-page2.json' : 'search-page1.json'))
        : notFound(req),
    empty: fixture('x', 'empty.json'),
    bigPage: (n) => ({ data: Array.from({ length: n }, (_, i) => tweet(i)), meta: { result_count: n, next_token: 'more' } }),
    changedShape: { data: [{ id: 1860000000000000002, text: 'ids became numbers' }], meta: { result_count: 1 } },
    unauthorized: json(fixture('x', 'error-401.json'), 401),
    maxMentions: 100,
  },
  {
    platform: 'facebook',
    fromOtherStreams: 1,
    source: () => src({ type: 'facebook', pageId: '101234567890123' }),
    secrets: { '/mention-monitor/millfield/facebook/page_access_token': 'EAAB-fixture' },
    isData: (path) => path === '/101234567890123/feed',
    happy: (req) => {
      if (req.path === '/101234567890123/feed') return json(fixture('facebook', req.query.get('after') ? 'feed-page2.json' : 'feed-page1.json'));
      if (req.path === '/101234567890123/tagged') return json(fixture('facebook', 'tagged.json'));
      return notFound(req);
    },
    empty: fixture('facebook', 'empty.json'),
    bigPage: (n) => ({ data: Array.from({ length: n }, (_, i) => fbPost(i)), paging: { cursors: { after: 'x' }, next: 'https://graph.facebook.com/next' } }),
    changedShape: { posts: [] },
    unauthorized: json(fixture('facebook', 'error-190.json'), 400),
    // 25 posts kept from the page, one comment each, plus the one tagged post.
    maxMentions: 26,
  },
  {
    platform: 'instagram',
    fromOtherStreams: 1,
    source: () => src({ type: 'instagram', igUserId: '17841400000000000' }),
    secrets: { '/mention-monitor/millfield/instagram/page_access_token': 'EAAB-fixture' },
    isData: (path) => path === '/17841400000000000/media',
    happy: (req) => {
      if (req.path === '/17841400000000000/media') return json(fixture('instagram', req.query.get('after') ? 'media-page2.json' : 'media-page1.json'));
      if (req.path === '/17841400000000000/tags') return json(fixture('instagram', 'tags.json'));
      return notFound(req);
    },
    empty: fixture('instagram', 'empty.json'),
    bigPage: (n) => ({ data: Array.from({ length: n }, (_, i) => igMedia(i)), paging: { cursors: { after: 'x' }, next: 'https://graph.facebook.com/next' } }),
    changedShape: { data: [{ id: 17895695668004550, timestamp: '2026-11-23T12:00:00+0000' }] },
    unauthorized: json(fixture('facebook', 'error-190.json'), 400),
    maxMentions: 26,
  },
];
