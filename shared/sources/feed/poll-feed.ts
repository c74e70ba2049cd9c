import { sourceId } from '../../config/schema.js';
import type { PollContext, PollResult } from '../source.js';
import { fetchFeed } from './fetch.js';
import type { FeedItem } from './parse.js';
import { feedToMentions } from './to-mentions.js';

type FeedType = 'rss' | 'google_alerts' | 'google_news';

/**
 * One poll of a feed-shaped source: fetch the feed at `url`, then normalise its items into mentions
 * from the source's cursor on. The three feed sources differ only in the address, their wording and
 * (Google News) an item clean-up.
 */
export async function pollFeed<T extends FeedType>(
  ctx: PollContext<T>,
  feed: { platform: T; url: string; what: string; fixHint: (id: string) => string; adjust?: (item: FeedItem) => FeedItem },
): Promise<PollResult> {
  const id = sourceId(ctx.source);
  const parsed = await fetchFeed({
    http: ctx.http,
    url: feed.url,
    label: `${feed.what} '${id}' for academy '${ctx.entity.id}'`,
    fixHint: feed.fixHint(id),
    academyId: ctx.entity.id,
    sourceId: id,
  });
  return feedToMentions(parsed, { platform: feed.platform, sourceId: id, feedUrl: feed.url, now: ctx.now, cursor: ctx.cursor, adjust: feed.adjust });
}
