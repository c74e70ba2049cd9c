import { z } from 'zod';
import { howToFixCredentials, missingCredentials, readCredentials, type Credentials } from './credentials.js';
import {
  apiUrl,
  boundPage,
  callApi,
  collectPages,
  isoAtOrAfter,
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
 * Bluesky post search, newest first: app.bsky.feed.searchPosts with sort=latest, since and cursor paging.
 * https://docs.bsky.app/docs/api/app-bsky-feed-search-posts
 * Search may require a login; with a handle and app password the poller signs in
 * (https://docs.bsky.app/docs/api/com-atproto-server-create-session) and searches through the PDS.
 * Boolean operators are not documented for this search, so each term is its own stream with its own
 * watermark (the newest indexedAt seen, sent back as `since`).
 */

const PAGE_SIZE = 100;
const MAX_TERMS = 3;

const Session = z.object({ accessJwt: z.string().min(1), did: z.string() });

const PostView = z.object({
  uri: z.string().startsWith('at://'),
  cid: z.string(),
  author: z.object({ did: z.string(), handle: z.string(), displayName: z.string().optional() }),
  record: z.object({ text: z.string().default(''), createdAt: z.string().optional() }).loose(),
  embed: z.object({ $type: z.string() }).loose().optional(),
  indexedAt: z.string(),
});
const SearchResponse = z.object({ cursor: z.string().optional(), hitsTotal: z.number().optional(), posts: z.array(PostView) });
type PostView = z.infer<typeof PostView>;

/** Sessions last about two hours; Bluesky allows few logins a day, so a warm poller reuses one. */
const sessions = new Map<string, { jwt: string; expiresAt: number }>();
const SESSION_REUSE_MS = 60 * 60 * 1000;

async function signIn(ctx: PollContext<'bluesky'>, creds: Credentials): Promise<{ jwt: string; cacheKey: string }> {
  const url = apiUrl(ctx, 'bluesky_pds', '/xrpc/com.atproto.server.createSession');
  const cacheKey = `${url.origin}|${creds.handle}`;
  const cached = sessions.get(cacheKey);
  if (cached && cached.expiresAt > ctx.now.getTime()) return { jwt: cached.jwt, cacheKey };
  const res = await callApi(ctx, {
    platform: 'bluesky',
    url,
    what: 'a login session',
    schema: Session,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: creds.handle, password: creds.app_password }),
    // A wrong app password is 401 AuthenticationRequired; 400 here also means the handle or password is wrong.
    classifyError: (status, body) =>
      status === 400 || status === 401 ? { kind: 'credentials', reason: errorName(body) } : undefined,
  });
  sessions.set(cacheKey, { jwt: res.body.accessJwt, expiresAt: ctx.now.getTime() + SESSION_REUSE_MS });
  return { jwt: res.body.accessJwt, cacheKey };
}

const errorName = (body: unknown): string | undefined => z.object({ error: z.string() }).safeParse(body).data?.error;

export function blueskyTerms(ctx: PollContext<'bluesky'>): string[] {
  return ctx.source.query ? [ctx.source.query] : searchTerms(ctx, MAX_TERMS).map(quoted);
}

const postUrl = (post: PostView): string => {
  const rkey = post.uri.split('/').pop() ?? '';
  return `https://bsky.app/profile/${post.author.handle}/post/${rkey}`;
};

const hasMedia = (post: PostView, kind: 'images' | 'video'): boolean => {
  const types = [post.embed?.$type ?? '', String((post.embed?.media as { $type?: string } | undefined)?.$type ?? '')];
  return types.some((t) => t.startsWith(`app.bsky.embed.${kind}`));
};

async function poll(ctx: PollContext<'bluesky'>): Promise<PollResult> {
  const creds = await readCredentials(ctx.secrets, ctx.entity.id, 'bluesky');
  if (Boolean(creds.handle) !== Boolean(creds.app_password)) {
    throw missingCredentials('bluesky', ctx.entity.id, [creds.handle ? 'app_password' : 'handle']);
  }
  const session = creds.handle ? await signIn(ctx, creds) : undefined;
  const jwt = session?.jwt;
  const marks = readMarks(ctx);
  const updated: Marks = {};
  const posts: PostView[] = [];

  for (const term of blueskyTerms(ctx)) {
    const stream = `q:${term}`;
    const since = marks[stream];
    const found = await collectPages(ctx.source.maxPages, async (cursor) => {
      const url = apiUrl(ctx, jwt ? 'bluesky_pds' : 'bluesky', '/xrpc/app.bsky.feed.searchPosts', {
        q: term,
        sort: 'latest',
        since,
        limit: PAGE_SIZE,
        cursor,
      });
      try {
        const res = await callApi(ctx, {
          platform: 'bluesky',
          url,
          what: 'post search results',
          schema: SearchResponse,
          headers: jwt ? { authorization: `Bearer ${jwt}` } : undefined,
        });
        const page = boundPage(ctx, res.body.posts, PAGE_SIZE, 'bluesky search');
        const fresh = since ? page.filter((p) => isoAtOrAfter(p.indexedAt, since)) : page;
        return { items: fresh, next: res.body.cursor, done: fresh.length < page.length || res.quotaExhausted };
      } catch (err) {
        // An expired session: forget it so the next poll signs in afresh.
        if (session && err instanceof PlatformApiError && err.status === 401) sessions.delete(session.cacheKey);
        if (!jwt && err instanceof PlatformApiError && err.kind === 'credentials') {
          throw new PlatformApiError(
            `Bluesky now asks for a login to search posts for academy '${ctx.entity.id}' (HTTP ${err.status}). ${howToFixCredentials('bluesky', ctx.entity.id)}`,
            'credentials',
            err.status,
          );
        }
        throw err;
      }
    });
    const newest = latestIso(
      found.map((p) => p.indexedAt),
      since,
    );
    if (newest) updated[stream] = newest;
    posts.push(...found);
  }

  const mentions = posts.flatMap((post) =>
    mentionFrom(ctx, {
      platform: 'bluesky',
      platformId: post.uri,
      url: postUrl(post),
      text: post.record.text,
      author: `@${post.author.handle}`,
      publishedAt: post.record.createdAt ?? post.indexedAt,
      media: { image: hasMedia(post, 'images'), video: hasMedia(post, 'video') },
      raw: post,
    }),
  );
  return { mentions, cursor: writeMarks(marks, updated) };
}

export const blueskySource: Source<'bluesky'> = { type: 'bluesky', poll };
