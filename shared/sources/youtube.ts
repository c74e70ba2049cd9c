import { z } from 'zod';
import { logger } from '../log.js';
import { missingCredentials, readCredentials } from './credentials.js';
import type { Mention } from './mention.js';
import {
  apiUrl,
  boundPage,
  callApi,
  collectPages,
  isoAtOrAfter,
  joinWithin,
  latestIso,
  PlatformApiError,
  quoted,
  readMarks,
  searchTerms,
  writeMarks,
  type Marks,
} from './platform-api.js';
import { mentionFrom } from './platform-mention.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * YouTube Data API v3 with an API key.
 * New videos naming the academy: search.list (type=video, order=date, publishedAfter)
 *   https://developers.google.com/youtube/v3/docs/search/list
 * Comments on the academy's own channel and on the videos just found: commentThreads.list (order=time)
 *   https://developers.google.com/youtube/v3/docs/commentThreads/list
 * Errors: https://developers.google.com/youtube/v3/docs/errors (quotaExceeded, commentsDisabled, keyInvalid)
 * search.list costs 100 of the default 10,000 daily quota units, so maxPages matters here most.
 */

const SEARCH_PAGE = 50;
const COMMENT_PAGE = 100;
/** Comment threads of at most this many newly found videos per poll: one quota unit each. */
const MAX_VIDEOS_FOR_COMMENTS = 10;

const SearchResult = z.object({
  id: z.object({ kind: z.string(), videoId: z.string().optional() }),
  snippet: z.object({
    publishedAt: z.string(),
    channelId: z.string(),
    title: z.string(),
    description: z.string().default(''),
    channelTitle: z.string().optional(),
  }),
});
const SearchListResponse = z.object({
  kind: z.literal('youtube#searchListResponse'),
  nextPageToken: z.string().optional(),
  items: z.array(SearchResult),
});

const Comment = z.object({
  id: z.string(),
  snippet: z.object({
    videoId: z.string().optional(),
    textDisplay: z.string().default(''),
    textOriginal: z.string().optional(),
    authorDisplayName: z.string().optional(),
    publishedAt: z.string(),
    updatedAt: z.string().optional(),
  }),
});
type Comment = z.infer<typeof Comment>;
const CommentThread = z.object({
  id: z.string(),
  snippet: z.object({ videoId: z.string().optional(), topLevelComment: Comment }),
  replies: z.object({ comments: z.array(Comment) }).optional(),
});
const CommentThreadListResponse = z.object({
  kind: z.literal('youtube#commentThreadListResponse'),
  nextPageToken: z.string().optional(),
  items: z.array(CommentThread),
});

const GoogleError = z.object({
  error: z.object({
    errors: z.array(z.object({ reason: z.string() })).optional(),
    details: z.array(z.object({ reason: z.string().optional() }).loose()).optional(),
  }),
});

const RATE_REASONS = new Set(['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded']);
const CREDENTIAL_REASONS = new Set(['keyInvalid', 'keyExpired', 'forbidden', 'accessNotConfigured', 'ipRefererBlocked']);

/** Google puts the reason in the body: a 403 may be a bad key, an exhausted quota or comments turned off. */
export function classifyGoogleError(_status: number, body: unknown): { kind?: 'rate_limited' | 'credentials' | 'bad_response'; reason?: string } | undefined {
  const error = GoogleError.safeParse(body).data?.error;
  // A bad key is a 400 "badRequest" whose detail says API_KEY_INVALID.
  const detail = error?.details?.find((d) => d.reason?.startsWith('API_KEY_'))?.reason;
  if (detail) return { kind: 'credentials', reason: detail };
  const reason = error?.errors?.[0]?.reason;
  if (!reason) return undefined;
  if (RATE_REASONS.has(reason)) return { kind: 'rate_limited', reason };
  if (CREDENTIAL_REASONS.has(reason)) return { kind: 'credentials', reason };
  if (reason === 'commentsDisabled' || reason === 'videoNotFound') return { kind: 'bad_response', reason };
  return { reason };
}

export function youtubeQuery(ctx: PollContext<'youtube'>): string {
  return ctx.source.query ?? joinWithin(searchTerms(ctx).map(quoted), '|', 500);
}

async function poll(ctx: PollContext<'youtube'>): Promise<PollResult> {
  const { api_key: apiKey } = await readCredentials(ctx.secrets, ctx.entity.id, 'youtube');
  if (!apiKey) throw missingCredentials('youtube', ctx.entity.id, ['api_key']);
  // The key travels in a header, not the URL, so it never lands in a logged address.
  const headers = { 'x-goog-api-key': apiKey };
  const marks = readMarks(ctx);
  const updated: Marks = {};
  const mentions: Mention[] = [];

  const since = marks.search;
  const videos = await collectPages(ctx.source.maxPages, async (pageToken) => {
    const url = apiUrl(ctx, 'youtube', '/search', {
      part: 'snippet',
      q: youtubeQuery(ctx),
      type: 'video',
      order: 'date',
      maxResults: SEARCH_PAGE,
      publishedAfter: since,
      pageToken,
    });
    const res = await callApi(ctx, { platform: 'youtube', url, what: 'video search results', schema: SearchListResponse, headers, classifyError: classifyGoogleError });
    const page = boundPage(ctx, res.body.items, SEARCH_PAGE, 'youtube search').filter((item) => item.id.videoId);
    return { items: page, next: res.body.nextPageToken, done: res.quotaExhausted };
  });
  const newestVideo = latestIso(
    videos.map((v) => v.snippet.publishedAt),
    since,
  );
  if (newestVideo) updated.search = newestVideo;
  for (const video of videos) {
    const videoId = video.id.videoId!;
    mentions.push(
      ...mentionFrom(ctx, {
        platform: 'youtube',
        // The bare video id, as mentionId derives from a youtube.com/watch link: one mention whichever source saw it.
        platformId: videoId,
        url: `https://www.youtube.com/watch?v=${videoId}`,
        title: video.snippet.title,
        text: [video.snippet.title, video.snippet.description].filter(Boolean).join('\n\n'),
        author: video.snippet.channelTitle,
        publishedAt: video.snippet.publishedAt,
        media: { image: false, video: true },
        raw: video,
      }),
    );
  }

  // The channel's comments keep a watermark; comments on a video found this poll are all new.
  const commentStreams: { onChannel: boolean; stream: string; params: Record<string, string>; pages: number }[] = [];
  if (ctx.source.channelId) {
    const stream = `channel:${ctx.source.channelId}`;
    commentStreams.push({ onChannel: true, stream, params: { allThreadsRelatedToChannelId: ctx.source.channelId }, pages: ctx.source.maxPages });
  }
  for (const video of videos.slice(0, MAX_VIDEOS_FOR_COMMENTS)) {
    commentStreams.push({ onChannel: false, stream: `video:${video.id.videoId}`, params: { videoId: video.id.videoId! }, pages: 1 });
  }

  for (const { onChannel, stream, params, pages } of commentStreams) {
    const watermark = onChannel ? marks[stream] : undefined;
    let comments: Comment[];
    try {
      comments = await collectPages(pages, async (pageToken) => {
        const url = apiUrl(ctx, 'youtube', '/commentThreads', {
          part: 'snippet,replies',
          ...params,
          order: 'time',
          textFormat: 'plainText',
          maxResults: COMMENT_PAGE,
          pageToken,
        });
        const res = await callApi(ctx, { platform: 'youtube', url, what: 'comments', schema: CommentThreadListResponse, headers, classifyError: classifyGoogleError });
        const threads = boundPage(ctx, res.body.items, COMMENT_PAGE, 'youtube comments');
        const all = threads.flatMap((t) => [t.snippet.topLevelComment, ...(t.replies?.comments ?? [])]);
        const fresh = watermark ? all.filter((c) => isoAtOrAfter(c.snippet.updatedAt ?? c.snippet.publishedAt, watermark)) : all;
        const reachedOld = watermark ? threads.some((t) => !isoAtOrAfter(t.snippet.topLevelComment.snippet.publishedAt, watermark)) : false;
        return { items: fresh, next: res.body.nextPageToken, done: reachedOld || res.quotaExhausted };
      });
    } catch (err) {
      // A video with comments turned off (or removed since the search) is not a failure of the source.
      if (!onChannel && err instanceof PlatformApiError && (err.reason === 'commentsDisabled' || err.reason === 'videoNotFound')) {
        logger.info('youtube comments unavailable for a video', { academyId: ctx.entity.id, reason: err.reason });
        continue;
      }
      throw err;
    }
    if (onChannel) {
      const newest = latestIso(
        comments.map((c) => c.snippet.updatedAt ?? c.snippet.publishedAt),
        watermark,
      );
      if (newest) updated[stream] = newest;
    }
    for (const comment of comments) {
      const videoId = comment.snippet.videoId ?? params.videoId;
      mentions.push(
        ...mentionFrom(ctx, {
          platform: 'youtube',
          platformId: comment.id,
          url: videoId ? `https://www.youtube.com/watch?v=${videoId}&lc=${comment.id}` : `https://www.youtube.com/channel/${ctx.source.channelId}`,
          text: comment.snippet.textOriginal ?? comment.snippet.textDisplay,
          author: comment.snippet.authorDisplayName,
          publishedAt: comment.snippet.publishedAt,
          raw: comment,
        }),
      );
    }
  }

  return { mentions, cursor: writeMarks(marks, updated) };
}

export const youtubeSource: Source<'youtube'> = { type: 'youtube', poll };
