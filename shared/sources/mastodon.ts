import { z } from 'zod';
import { missingCredentials, readCredentials } from './credentials.js';
import {
  boundPage,
  callApi,
  collectPages,
  isoAtOrAfter,
  latestIso,
  quoted,
  readMarks,
  searchTerms,
  writeMarks,
  type Marks,
} from './platform-api.js';
import { htmlToText } from './feed/html-text.js';
import { mentionFrom } from './platform-mention.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * Mastodon, on the instance named in the config: hashtag timelines and full-text status search.
 * Hashtags: https://docs.joinmastodon.org/methods/timelines/#tag (since_id, Link header paging)
 * Search:   https://docs.joinmastodon.org/methods/search/#v2 (type=statuses; needs a token on most instances)
 * Status:   https://docs.joinmastodon.org/entities/Status/
 * Cursor: per hashtag the newest status id (sent as since_id); for search the newest created_at.
 */

const PAGE_SIZE = 40;

const Status = z.object({
  id: z.string(),
  created_at: z.string(),
  url: z.string().nullable().optional(),
  uri: z.string(),
  content: z.string(),
  spoiler_text: z.string().default(''),
  account: z.object({ id: z.string(), acct: z.string() }).loose(),
  media_attachments: z.array(z.object({ type: z.string() }).loose()).default([]),
});
type Status = z.infer<typeof Status>;
const SearchResults = z.object({ statuses: z.array(Status) });

/** Status ids are numeric strings (Snowflake-like); a longer id is a newer one. */
const idNewer = (a: string, b: string | undefined): boolean => !b || a.length > b.length || (a.length === b.length && a > b);

/** The max_id of the Link header's rel="next" URL: read, not followed, so paging stays on the configured instance. */
export function nextMaxId(link: string | null): string | undefined {
  const next = link?.split(',').find((part) => /rel="?next"?/.test(part));
  const url = next?.match(/<([^>]+)>/)?.[1];
  if (!url) return undefined;
  try {
    return new URL(url).searchParams.get('max_id') ?? undefined;
  } catch {
    return undefined;
  }
}

function instanceUrl(ctx: PollContext<'mastodon'>, path: string, params: Record<string, string | number | undefined>): URL {
  const url = new URL(path, ctx.source.instance.replace(/\/+$/, '') + '/');
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

/** Hashtags from the source, else the academy's own hashtags. */
export function mastodonHashtags(ctx: PollContext<'mastodon'>): string[] {
  const tags = ctx.source.hashtags.length ? ctx.source.hashtags : ctx.entity.hashtags.map((h) => h.replace(/^#/, ''));
  return [...new Set(tags)];
}

/** Search only when asked for, or when there is no hashtag to follow. */
export function mastodonQuery(ctx: PollContext<'mastodon'>): string | undefined {
  if (ctx.source.query) return ctx.source.query;
  return mastodonHashtags(ctx).length ? undefined : searchTerms(ctx, 1).map(quoted)[0];
}

async function poll(ctx: PollContext<'mastodon'>): Promise<PollResult> {
  const { access_token: token } = await readCredentials(ctx.secrets, ctx.entity.id, 'mastodon');
  const query = mastodonQuery(ctx);
  if (query && !token) throw missingCredentials('mastodon', ctx.entity.id, ['access_token']);
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const marks = readMarks(ctx);
  const updated: Marks = {};
  const statuses: Status[] = [];

  for (const tag of mastodonHashtags(ctx)) {
    const stream = `tag:${tag.toLowerCase()}`;
    const sinceId = marks[stream];
    const found = await collectPages(ctx.source.maxPages, async (maxId) => {
      const res = await callApi(ctx, {
        platform: 'mastodon',
        url: instanceUrl(ctx, `api/v1/timelines/tag/${encodeURIComponent(tag)}`, { limit: PAGE_SIZE, since_id: sinceId, max_id: maxId }),
        what: `the #${tag} timeline`,
        schema: z.array(Status),
        headers,
      });
      const page = boundPage(ctx, res.body, PAGE_SIZE, 'mastodon hashtag');
      return { items: page, next: page.length ? nextMaxId(res.headers.get('link')) : undefined, done: res.quotaExhausted };
    });
    const newest = found.reduce<string | undefined>((best, s) => (idNewer(s.id, best) ? s.id : best), sinceId);
    if (newest) updated[stream] = newest;
    statuses.push(...found);
  }

  if (query) {
    const since = marks.search;
    const found = await collectPages(ctx.source.maxPages, async (maxId) => {
      const res = await callApi(ctx, {
        platform: 'mastodon',
        url: instanceUrl(ctx, 'api/v2/search', { q: query, type: 'statuses', resolve: 'false', limit: PAGE_SIZE, max_id: maxId }),
        what: 'status search results',
        schema: SearchResults,
        headers,
      });
      const page = boundPage(ctx, res.body.statuses, PAGE_SIZE, 'mastodon search');
      const fresh = since ? page.filter((s) => isoAtOrAfter(s.created_at, since)) : page;
      return { items: fresh, next: page.at(-1)?.id, done: fresh.length < page.length || res.quotaExhausted };
    });
    const newest = latestIso(
      found.map((s) => s.created_at),
      since,
    );
    if (newest) updated.search = newest;
    statuses.push(...found);
  }

  const mentions = statuses.flatMap((status) =>
    mentionFrom(ctx, {
      platform: 'mastodon',
      // The URI is global across the fediverse; the local id differs per instance.
      platformId: status.uri,
      url: status.url ?? status.uri,
      text: [status.spoiler_text, htmlToText(status.content).text].filter(Boolean).join('\n\n'),
      author: `@${status.account.acct}`,
      publishedAt: status.created_at,
      media: {
        image: status.media_attachments.some((m) => m.type === 'image' || m.type === 'gifv'),
        video: status.media_attachments.some((m) => m.type === 'video'),
      },
      raw: status,
    }),
  );
  return { mentions, cursor: writeMarks(marks, updated) };
}

export const mastodonSource: Source<'mastodon'> = { type: 'mastodon', poll };
