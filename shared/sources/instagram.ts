import { z } from 'zod';
import { missingCredentials, readCredentials } from './credentials.js';
import type { Mention } from './mention.js';
import { classifyGraphError, GRAPH_PAGE_SIZE, graphPage, graphTime, nextAfter } from './meta-graph.js';
import { apiUrl, boundPage, callApi, collectPages, isoAtOrAfter, latestIso, readMarks, writeMarks, type Marks } from './platform-api.js';
import { mentionFrom } from './platform-mention.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * The academy's own Instagram professional account, through the Graph API with the linked Page's token:
 * - comments on its media: GET /{ig-user-id}/media with the comments field
 *   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
 *   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
 * - media other accounts tagged it in: GET /{ig-user-id}/tags
 *   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/tags
 * Cursor: the newest timestamp seen per stream; media pages are read to maxPages because old posts
 * gain new comments.
 */

const COMMENTS_PER_MEDIA = 50;

const IgComment = z.object({ id: z.string(), text: z.string().default(''), timestamp: z.string(), username: z.string().optional() });
const OwnMedia = z.object({
  id: z.string(),
  timestamp: z.string(),
  permalink: z.string().optional(),
  comments: z.object({ data: z.array(IgComment) }).optional(),
});
const TaggedMedia = z.object({
  id: z.string(),
  caption: z.string().default(''),
  timestamp: z.string(),
  permalink: z.string().optional(),
  media_type: z.string().optional(),
  username: z.string().optional(),
});

async function poll(ctx: PollContext<'instagram'>): Promise<PollResult> {
  const { page_access_token: token } = await readCredentials(ctx.secrets, ctx.entity.id, 'instagram');
  if (!token) throw missingCredentials('instagram', ctx.entity.id, ['page_access_token']);
  const headers = { authorization: `Bearer ${token}` };
  const userId = encodeURIComponent(ctx.source.igUserId);
  const marks = readMarks(ctx);
  const updated: Marks = {};
  const mentions: Mention[] = [];

  const commentsSince = marks.comments;
  const comments = await collectPages(ctx.source.maxPages, async (after) => {
    const url = apiUrl(ctx, 'instagram', `/${userId}/media`, {
      fields: `id,timestamp,permalink,comments.limit(${COMMENTS_PER_MEDIA}){id,text,timestamp,username}`,
      limit: GRAPH_PAGE_SIZE,
      after,
    });
    const res = await callApi(ctx, { platform: 'instagram', url, what: "comments on the account's posts", schema: graphPage(OwnMedia), headers, classifyError: classifyGraphError });
    const media = boundPage(ctx, res.body.data, GRAPH_PAGE_SIZE, 'instagram media');
    const items = media.flatMap((m) =>
      boundPage(ctx, m.comments?.data ?? [], COMMENTS_PER_MEDIA, 'instagram comments')
        .filter((c) => !commentsSince || isoAtOrAfter(graphTime(c.timestamp), commentsSince))
        .map((comment) => ({ comment, media: m })),
    );
    return { items, next: nextAfter(res.body.paging), done: res.quotaExhausted };
  });
  const newestComment = latestIso(
    comments.map(({ comment }) => graphTime(comment.timestamp)),
    commentsSince,
  );
  if (newestComment) updated.comments = newestComment;
  for (const { comment, media } of comments) {
    mentions.push(
      ...mentionFrom(ctx, {
        platform: 'instagram',
        platformId: comment.id,
        // Comments have no permalink of their own; the post's is the nearest public address.
        url: media.permalink ?? `https://www.instagram.com/`,
        text: comment.text,
        author: comment.username ? `@${comment.username}` : undefined,
        publishedAt: graphTime(comment.timestamp),
        raw: comment,
      }),
    );
  }

  const tagsSince = marks.tags;
  const tagged = await collectPages(ctx.source.maxPages, async (after) => {
    const url = apiUrl(ctx, 'instagram', `/${userId}/tags`, { fields: 'id,caption,timestamp,permalink,media_type,username', limit: GRAPH_PAGE_SIZE, after });
    const res = await callApi(ctx, { platform: 'instagram', url, what: 'posts that tag the account', schema: graphPage(TaggedMedia), headers, classifyError: classifyGraphError });
    const page = boundPage(ctx, res.body.data, GRAPH_PAGE_SIZE, 'instagram tags');
    const fresh = tagsSince ? page.filter((m) => isoAtOrAfter(graphTime(m.timestamp), tagsSince)) : page;
    return { items: fresh, next: nextAfter(res.body.paging), done: fresh.length < page.length || res.quotaExhausted };
  });
  const newestTag = latestIso(
    tagged.map((m) => graphTime(m.timestamp)),
    tagsSince,
  );
  if (newestTag) updated.tags = newestTag;
  for (const media of tagged) {
    mentions.push(
      ...mentionFrom(ctx, {
        platform: 'instagram',
        platformId: media.id,
        url: media.permalink ?? `https://www.instagram.com/`,
        text: media.caption,
        author: media.username ? `@${media.username}` : undefined,
        publishedAt: graphTime(media.timestamp),
        media: { image: media.media_type === 'IMAGE' || media.media_type === 'CAROUSEL_ALBUM', video: media.media_type === 'VIDEO' },
        raw: media,
      }),
    );
  }

  return { mentions, cursor: writeMarks(marks, updated) };
}

export const instagramSource: Source<'instagram'> = { type: 'instagram', poll };
