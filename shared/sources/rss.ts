import { pollFeed } from './feed/poll-feed.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * Any RSS 0.9x/1.0/2.0, Atom or JSON Feed by URL: a local paper, a council, a blog, a forum.
 * One request per poll; no pagination (feeds show their latest items). Cursor: the newest
 * publication time seen, so later polls skip older items; the store dedupes the overlap.
 */
export const rssSource: Source<'rss'> = {
  type: 'rss',
  poll: (ctx: PollContext<'rss'>): Promise<PollResult> =>
    pollFeed(ctx, {
      platform: 'rss',
      url: ctx.source.url,
      what: 'RSS feed',
      fixHint: (id) => `If the address has changed, update "url:" of source '${id}' under academy '${ctx.entity.id}' in the trust config (test it first with: mention-monitor feed <url>).`,
    }),
};
