import { sourceId } from '../config/schema.js';
import { fetchFeed } from './feed/fetch.js';
import { feedToMentions } from './feed/to-mentions.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * Any RSS 0.9x/1.0/2.0, Atom or JSON Feed by URL: a local paper, a council, a blog, a forum.
 * One request per poll; no pagination (feeds show their latest items). Cursor: the newest
 * publication time seen, so later polls skip older items; the store dedupes the overlap.
 */
export const rssSource: Source<'rss'> = {
  type: 'rss',
  async poll(ctx: PollContext<'rss'>): Promise<PollResult> {
    const id = sourceId(ctx.source);
    const feed = await fetchFeed({
      http: ctx.http,
      url: ctx.source.url,
      label: `RSS feed '${id}' for academy '${ctx.entity.id}'`,
      fixHint: `If the address has changed, update "url:" of source '${id}' under academy '${ctx.entity.id}' in the trust config (test it first with: mention-monitor feed <url>).`,
      academyId: ctx.entity.id,
      sourceId: id,
    });
    return feedToMentions(feed, { platform: 'rss', sourceId: id, feedUrl: ctx.source.url, now: ctx.now, cursor: ctx.cursor });
  },
};
