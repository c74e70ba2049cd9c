import { z } from 'zod';
import { missingCredentials, readCredentials } from './credentials.js';
import type { Mention } from './mention.js';
import { classifyGraphError, GRAPH_PAGE_SIZE, graphPage, graphTime, nextAfter } from './meta-graph.js';
import { apiUrl, boundPage, callApi, collectPages, isoAtOrAfter, latestIso, readMarks, writeMarks, type Marks } from './platform-api.js';
import { mentionFrom } from './platform-mention.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * The academy's own Facebook Page, with its Page access token:
 * - comments on the Page's posts: GET /{page-id}/feed with the comments field, newest comments first
 *   https://developers.facebook.com/docs/graph-api/reference/page/feed
 *   https://developers.facebook.com/docs/graph-api/reference/object/comments
 * - posts that tag the Page: GET /{page-id}/tagged
 *   https://developers.facebook.com/docs/graph-api/reference/page/tagged
 * Cursor: the newest created_time seen per stream. Old posts can gain new comments, so the feed is
 * read to maxPages every time and comments are filtered by the watermark.
 */

const COMMENTS_PER_POST = 50;

const From = z.object({ id: z.string(), name: z.string().optional() }).optional();
const FbComment = z.object({
  id: z.string(),
  message: z.string().default(''),
  created_time: z.string(),
  permalink_url: z.string().optional(),
  from: From,
});
const FeedPost = z.object({
  id: z.string(),
  created_time: z.string(),
  permalink_url: z.string().optional(),
  comments: z.object({ data: z.array(FbComment) }).optional(),
});
const TaggedPost = z.object({
  id: z.string(),
  message: z.string().default(''),
  created_time: z.string(),
  permalink_url: z.string().optional(),
  from: From,
});

async function poll(ctx: PollContext<'facebook'>): Promise<PollResult> {
  const { page_access_token: token } = await readCredentials(ctx.secrets, ctx.entity.id, 'facebook');
  if (!token) throw missingCredentials('facebook', ctx.entity.id, ['page_access_token']);
  const headers = { authorization: `Bearer ${token}` };
  const pageId = encodeURIComponent(ctx.source.pageId);
  const marks = readMarks(ctx);
  const updated: Marks = {};
  const mentions: Mention[] = [];

  const commentsSince = marks.comments;
  const comments = await collectPages(ctx.source.maxPages, async (after) => {
    const url = apiUrl(ctx, 'facebook', `/${pageId}/feed`, {
      fields: `id,created_time,permalink_url,comments.order(reverse_chronological).limit(${COMMENTS_PER_POST}){id,message,created_time,permalink_url,from}`,
      limit: GRAPH_PAGE_SIZE,
      after,
    });
    const res = await callApi(ctx, { platform: 'facebook', url, what: "comments on the Page's posts", schema: graphPage(FeedPost), headers, classifyError: classifyGraphError });
    const posts = boundPage(ctx, res.body.data, GRAPH_PAGE_SIZE, 'facebook feed');
    const items = posts.flatMap((post) =>
      boundPage(ctx, post.comments?.data ?? [], COMMENTS_PER_POST, 'facebook comments')
        .filter((c) => !commentsSince || isoAtOrAfter(graphTime(c.created_time), commentsSince))
        .map((comment) => ({ comment, post })),
    );
    return { items, next: nextAfter(res.body.paging), done: res.quotaExhausted };
  });
  const newestComment = latestIso(
    comments.map(({ comment }) => graphTime(comment.created_time)),
    commentsSince,
  );
  if (newestComment) updated.comments = newestComment;
  for (const { comment, post } of comments) {
    mentions.push(
      ...mentionFrom(ctx, {
        platform: 'facebook',
        platformId: comment.id,
        url: comment.permalink_url ?? post.permalink_url ?? `https://www.facebook.com/${comment.id}`,
        text: comment.message,
        author: comment.from?.name,
        publishedAt: graphTime(comment.created_time),
        raw: comment,
      }),
    );
  }

  const taggedSince = marks.tagged;
  const tagged = await collectPages(ctx.source.maxPages, async (after) => {
    const url = apiUrl(ctx, 'facebook', `/${pageId}/tagged`, { fields: 'id,message,created_time,permalink_url,from', limit: GRAPH_PAGE_SIZE, after });
    const res = await callApi(ctx, { platform: 'facebook', url, what: 'posts that tag the Page', schema: graphPage(TaggedPost), headers, classifyError: classifyGraphError });
    const page = boundPage(ctx, res.body.data, GRAPH_PAGE_SIZE, 'facebook tagged');
    const fresh = taggedSince ? page.filter((p) => isoAtOrAfter(graphTime(p.created_time), taggedSince)) : page;
    return { items: fresh, next: nextAfter(res.body.paging), done: fresh.length < page.length || res.quotaExhausted };
  });
  const newestTagged = latestIso(
    tagged.map((p) => graphTime(p.created_time)),
    taggedSince,
  );
  if (newestTagged) updated.tagged = newestTagged;
  for (const post of tagged) {
    mentions.push(
      ...mentionFrom(ctx, {
        platform: 'facebook',
        platformId: post.id,
        url: post.permalink_url ?? `https://www.facebook.com/${post.id}`,
        text: post.message,
        author: post.from?.name,
        publishedAt: graphTime(post.created_time),
        raw: post,
      }),
    );
  }

  return { mentions, cursor: writeMarks(marks, updated) };
}

export const facebookSource: Source<'facebook'> = { type: 'facebook', poll };
