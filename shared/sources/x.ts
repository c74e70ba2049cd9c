import { z } from 'zod';
import { logger } from '../log.js';
import { missingCredentials, readCredentials } from './credentials.js';
import { apiUrl, boundPage, callApi, collectPages, joinWithin, PlatformApiError, quoted, readMarks, searchTerms, writeMarks } from './platform-api.js';
import { mentionFrom } from './platform-mention.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * X API v2 recent search (last 7 days), newest first, with a bearer token.
 * https://docs.x.com/x-api/posts/recent-search ; paging: https://docs.x.com/x-api/posts/search/integrate/paginate
 * Cursor: the newest post id seen, sent as since_id so the next poll asks only for newer posts.
 */

const PAGE_SIZE = 100;
/** Recent search queries may be 512 characters long on the self-serve plans. */
const MAX_QUERY_LENGTH = 512;

const Post = z.object({
  id: z.string().regex(/^\d+$/),
  text: z.string(),
  created_at: z.string().optional(),
  author_id: z.string().optional(),
  attachments: z.object({ media_keys: z.array(z.string()).optional() }).optional(),
});
const SearchResponse = z.object({
  data: z.array(Post).optional(),
  includes: z
    .object({
      users: z.array(z.object({ id: z.string(), username: z.string() })).optional(),
      media: z.array(z.object({ media_key: z.string(), type: z.string() })).optional(),
    })
    .optional(),
  meta: z.object({
    result_count: z.number(),
    newest_id: z.string().optional(),
    next_token: z.string().optional(),
  }),
});
type SearchResponse = z.infer<typeof SearchResponse>;
type Post = z.infer<typeof Post>;

/** Phrases for the name and aliases, plus the academy's handles and hashtags; retweets repeat, so they are left out. */
export function xQuery(ctx: PollContext<'x'>): string {
  if (ctx.source.query) return ctx.source.query;
  const terms = [...searchTerms(ctx).map(quoted), ...ctx.entity.handles, ...ctx.entity.hashtags];
  const suffix = ') -is:retweet';
  return `(${joinWithin(terms, ' OR ', MAX_QUERY_LENGTH - suffix.length - 1)}${suffix}`;
}

const newer = (a: string, b: string | undefined): boolean => !b || BigInt(a) > BigInt(b);

async function poll(ctx: PollContext<'x'>): Promise<PollResult> {
  const creds = await readCredentials(ctx.secrets, ctx.entity.id, 'x');
  if (!creds.bearer_token) throw missingCredentials('x', ctx.entity.id, ['bearer_token']);
  const marks = readMarks(ctx);
  // Post ids are decimal; anything else in the cursor is ignored rather than sent to X.
  const lastId = /^\d{1,25}$/.test(marks.search ?? '') ? marks.search : undefined;

  const search = (sinceId: string | undefined) =>
    collectPages(ctx.source.maxPages, async (nextToken) => {
      const url = apiUrl(ctx, 'x', '/2/tweets/search/recent', {
        query: xQuery(ctx),
        max_results: PAGE_SIZE,
        since_id: sinceId,
        next_token: nextToken,
        'tweet.fields': 'created_at,author_id,attachments',
        expansions: 'author_id,attachments.media_keys',
        'user.fields': 'username',
        'media.fields': 'type',
      });
      const res = await callApi(ctx, {
        platform: 'x',
        url,
        what: 'recent search results',
        schema: SearchResponse,
        headers: { authorization: `Bearer ${creds.bearer_token}` },
      });
      const page = res.body;
      const posts = boundPage(ctx, page.data ?? [], PAGE_SIZE, 'x search');
      return { items: posts.map((post) => ({ post, page })), next: page.meta.next_token, done: res.quotaExhausted };
    });

  let found: { post: Post; page: SearchResponse }[];
  try {
    found = await search(lastId);
  } catch (err) {
    // since_id older than the 7-day window is refused with 400; start again from the window's edge.
    if (!(err instanceof PlatformApiError && err.status === 400 && lastId)) throw err;
    logger.warn('x since_id refused; searching the full recent window', { academyId: ctx.entity.id });
    found = await search(undefined);
  }

  let newest = lastId;
  const mentions = found.flatMap(({ post, page }) => {
    if (newer(post.id, newest)) newest = post.id;
    const username = page.includes?.users?.find((u) => u.id === post.author_id)?.username;
    const media = (post.attachments?.media_keys ?? []).map((key) => page.includes?.media?.find((m) => m.media_key === key)?.type);
    return mentionFrom(ctx, {
      platform: 'x',
      platformId: post.id,
      url: username ? `https://x.com/${username}/status/${post.id}` : `https://x.com/i/web/status/${post.id}`,
      text: post.text,
      author: username ? `@${username}` : undefined,
      publishedAt: post.created_at,
      media: { image: media.some((t) => t === 'photo' || t === 'animated_gif'), video: media.includes('video') },
      raw: post,
    });
  });
  return { mentions, cursor: writeMarks(marks, newest ? { search: newest } : {}) };
}

export const xSource: Source<'x'> = { type: 'x', poll };
