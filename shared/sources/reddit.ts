import { type ParsedFeed, parseFeed } from './feed/parse.js';
import { z } from 'zod';
import type { Mention } from './mention.js';
import { missingCredentials, readCredentials } from './credentials.js';
import {
  apiUrl,
  boundPage,
  callApi,
  callApiText,
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
 * Reddit search, newest first. With an app's client id and secret: the OAuth API (app-only token,
 * sort=new, `after` paging). Without them: the public RSS search, one page.
 * Token: https://github.com/reddit-archive/reddit/wiki/OAuth2 (Application Only OAuth)
 * Search: https://www.reddit.com/dev/api/#GET_search ; Listing paging: https://www.reddit.com/dev/api/#listings
 * Cursor: the creation time of the newest post seen; paging stops once a page reaches it.
 */

const PAGE_SIZE = 100;
/** Reddit asks every client for a unique, descriptive User-Agent and throttles generic ones. */
const USER_AGENT = 'server:mention-monitor:0.1 (school trust safeguarding mention monitor)';

const Token = z.object({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number() });

const Link = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  selftext: z.string().default(''),
  author: z.string().optional(),
  subreddit: z.string().optional(),
  permalink: z.string(),
  created_utc: z.number(),
  is_video: z.boolean().optional(),
  post_hint: z.string().optional(),
});
const Listing = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullable(),
    children: z.array(z.object({ kind: z.string(), data: z.unknown() })),
  }),
});

/** Only links (t3) are posts; a search can return other kinds, which are skipped rather than fatal. */
const asLink = (child: { kind: string; data: unknown }) => (child.kind === 't3' ? Link.safeParse(child.data) : undefined);

interface CachedToken {
  token: string;
  expiresAt: number;
}
/** App-only tokens last a day; a warm Lambda reuses one across polls instead of asking each time. */
const tokens = new Map<string, CachedToken>();

async function appToken(ctx: PollContext<'reddit'>, clientId: string, clientSecret: string): Promise<{ token: string; cacheKey: string }> {
  const url = apiUrl(ctx, 'reddit_www', '/api/v1/access_token');
  const cacheKey = `${url.origin}|${clientId}`;
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt > ctx.now.getTime()) return { token: cached.token, cacheKey };
  const res = await callApi(ctx, {
    platform: 'reddit',
    url,
    what: 'an access token',
    schema: Token,
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': USER_AGENT,
    },
    body: 'grant_type=client_credentials',
  });
  // Renew a minute early so a token never expires between the check and the search.
  tokens.set(cacheKey, { token: res.body.access_token, expiresAt: ctx.now.getTime() + (res.body.expires_in - 60) * 1000 });
  return { token: res.body.access_token, cacheKey };
}

export function redditQuery(ctx: PollContext<'reddit'>): string {
  return ctx.source.query ?? joinWithin(searchTerms(ctx).map(quoted), ' OR ', 512);
}

/** `/search` across Reddit, or `/r/a+b/search` restricted to the configured subreddits. */
function searchPath(ctx: PollContext<'reddit'>, suffix: '' | '.rss'): { path: string; restrict?: string } {
  const subs = ctx.source.subreddits.map((s) => s.replace(/^\/?r\//i, '').trim()).filter((s) => /^[A-Za-z0-9_]+$/.test(s));
  return subs.length ? { path: `/r/${subs.join('+')}/search${suffix}`, restrict: 'on' } : { path: `/search${suffix}` };
}

const createdIso = (seconds: number): string => new Date(seconds * 1000).toISOString();

async function pollOAuth(ctx: PollContext<'reddit'>, marks: Marks, clientId: string, clientSecret: string): Promise<PollResult> {
  const { token, cacheKey } = await appToken(ctx, clientId, clientSecret);
  const since = marks.search;
  const { path, restrict } = searchPath(ctx, '');

  const links = await collectPages(ctx.source.maxPages, async (after) => {
    const url = apiUrl(ctx, 'reddit', path, {
      q: redditQuery(ctx),
      sort: 'new',
      limit: PAGE_SIZE,
      after,
      restrict_sr: restrict,
      type: 'link',
      raw_json: 1,
    });
    let res;
    try {
      res = await callApi(ctx, {
        platform: 'reddit',
        url,
        what: 'search results',
        schema: Listing,
        headers: { authorization: `Bearer ${token}`, 'user-agent': USER_AGENT },
      });
    } catch (err) {
      // A revoked or early-expired token: forget it so the next poll asks for a new one.
      if (err instanceof PlatformApiError && err.status === 401) tokens.delete(cacheKey);
      throw err;
    }
    const children = boundPage(ctx, res.body.data.children, PAGE_SIZE, 'reddit search');
    const page = children.map(asLink).flatMap((r) => (r?.success ? [r.data] : []));
    const fresh = since ? page.filter((l) => isoAtOrAfter(createdIso(l.created_utc), since)) : page;
    return { items: fresh, next: res.body.data.after ?? undefined, done: fresh.length < page.length || res.quotaExhausted };
  });

  const mentions = links.flatMap((link) =>
    mentionFrom(ctx, {
      platform: 'reddit',
      platformId: link.name,
      url: `https://www.reddit.com${link.permalink}`,
      title: link.title,
      text: [link.title, link.selftext].filter(Boolean).join('\n\n'),
      author: link.author ? `u/${link.author}` : undefined,
      publishedAt: createdIso(link.created_utc),
      media: { image: link.post_hint === 'image', video: link.is_video === true || link.post_hint === 'hosted:video' },
      raw: link,
    }),
  );
  return { mentions, cursor: writeMarks(marks, stamp(mentions, since)) };
}

const stamp = (mentions: Mention[], since: string | undefined): Marks => {
  const newest = latestIso(
    mentions.map((m) => m.publishedAt),
    since,
  );
  return newest ? { search: newest } : {};
};

async function pollRss(ctx: PollContext<'reddit'>, marks: Marks): Promise<PollResult> {
  const since = marks.search;
  const { path, restrict } = searchPath(ctx, '.rss');
  const url = apiUrl(ctx, 'reddit_www', path, { q: redditQuery(ctx), sort: 'new', limit: PAGE_SIZE, restrict_sr: restrict });
  const { text } = await callApiText(ctx, { platform: 'reddit', url, what: 'RSS search results', headers: { 'user-agent': USER_AGENT } });

  // The project's one feed parser: bounded, tolerant, and it never expands DTD entities.
  let feed: ParsedFeed;
  try {
    feed = parseFeed(text, { url: url.toString(), maxItems: PAGE_SIZE });
  } catch (err) {
    throw new PlatformApiError(
      `Reddit's RSS search for academy '${ctx.entity.id}' could not be read (${(err as Error).message.slice(0, 160)}). This is usually temporary; the next poll will try again. Adding a Reddit app (client id and secret) uses the more reliable API instead.`,
      'bad_response',
      200,
    );
  }
  // Reddit's search.rss is Atom (https://www.reddit.com/wiki/rss): anything else means the shape changed.
  if (feed.format !== 'atom') {
    throw new PlatformApiError(
      `Reddit sent its RSS search for academy '${ctx.entity.id}' in a changed shape (${feed.format}, not Atom). This source is skipped until mention-monitor is updated; adding a Reddit app (client id and secret) uses the API instead.`,
      'bad_response',
      200,
    );
  }
  const entries = boundPage(ctx, feed.items, PAGE_SIZE, 'reddit rss');
  const mentions = entries
    .filter((e) => e.url && (!since || !e.publishedAt || isoAtOrAfter(e.publishedAt, since)))
    .flatMap((entry) =>
      mentionFrom(ctx, {
        platform: 'reddit',
        platformId: entry.guid ?? entry.url!,
        url: entry.url!,
        title: entry.title,
        text: [entry.title, entry.text].filter(Boolean).join('\n\n'),
        author: entry.author?.replace(/^\/u\//, 'u/'),
        publishedAt: entry.publishedAt,
        media: { image: entry.image, video: entry.video },
        raw: entry,
      }),
    );
  return { mentions, cursor: writeMarks(marks, stamp(mentions, since)) };
}

async function poll(ctx: PollContext<'reddit'>): Promise<PollResult> {
  const creds = await readCredentials(ctx.secrets, ctx.entity.id, 'reddit');
  const marks = readMarks(ctx);
  if (creds.client_id && creds.client_secret) return pollOAuth(ctx, marks, creds.client_id, creds.client_secret);
  if (creds.client_id || creds.client_secret) {
    throw missingCredentials('reddit', ctx.entity.id, [creds.client_id ? 'client_secret' : 'client_id']);
  }
  return pollRss(ctx, marks);
}

export const redditSource: Source<'reddit'> = { type: 'reddit', poll };
