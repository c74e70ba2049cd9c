import { createHash } from 'node:crypto';
import { logger } from '../../log.js';
import { canonicalUrl, InvalidUrlError } from '../canonical-url.js';
import type { Mention, Platform } from '../mention.js';
import { mentionId } from '../mention-id.js';
import { boundedRaw } from '../platform-mention.js';
import type { FeedItem, ParsedFeed } from './parse.js';

/** Feeds backdate and re-date items; a day of overlap behind the cursor keeps late arrivals, the store dedupes repeats. */
const CURSOR_OVERLAP_MS = 24 * 60 * 60 * 1000;
/** Clock skew allowed before a publisher's future date stops counting towards the cursor. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

export interface FeedMentionOptions {
  platform: Platform;
  sourceId: string;
  /** The feed's address: scopes guids (they are unique only within one feed) and stands in for items without a link. */
  feedUrl: string;
  now: Date;
  /** The previous poll's cursor: the newest publication time then seen. */
  cursor?: string;
  /** Per-platform tidying of an item before it becomes a mention (e.g. Google News title suffixes). */
  adjust?: (item: FeedItem) => FeedItem;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/**
 * The same article through two feeds (an RSS feed and Google Alerts) is one mention: items with a
 * link are identified by their canonical URL alone. Items without one fall back to the feed-scoped
 * guid, then to a hash of their content.
 */
function idFor(item: FeedItem, opts: FeedMentionOptions): string {
  if (item.url) return mentionId(opts.platform, undefined, item.url);
  const key = item.guid ? `guid\u0000${item.guid}` : `content\u0000${item.title ?? ''}\u0000${item.text}\u0000${item.publishedAt ?? ''}`;
  return mentionId(opts.platform, sha(`${opts.feedUrl}\u0000${key}`));
}

/** Where a mention without its own link points: the site, else the feed itself. */
function fallbackUrl(feed: ParsedFeed, opts: FeedMentionOptions): string {
  for (const candidate of [feed.link, opts.feedUrl]) {
    try {
      if (candidate) return canonicalUrl(candidate);
    } catch (err) {
      if (!(err instanceof InvalidUrlError)) throw err;
    }
  }
  return '';
}

export function feedToMentions(feed: ParsedFeed, opts: FeedMentionOptions): { mentions: Mention[]; cursor?: string } {
  const nowMs = opts.now.getTime();
  const cursorMs = opts.cursor ? Date.parse(opts.cursor) : Number.NaN;
  const since = Number.isNaN(cursorMs) ? undefined : cursorMs - CURSOR_OVERLAP_MS;
  let newest = Number.isNaN(cursorMs) ? undefined : cursorMs;
  const mentions: Mention[] = [];
  let skipped = 0;
  for (const original of feed.items) {
    const item = opts.adjust ? opts.adjust(original) : original;
    const published = item.publishedAt ? Date.parse(item.publishedAt) : undefined;
    if (published !== undefined && published <= nowMs + FUTURE_SLACK_MS) newest = Math.max(newest ?? published, published);
    if (since !== undefined && published !== undefined && published < since) continue;
    if (!item.url && !item.title && !item.text) continue;
    let id: string;
    let url: string;
    try {
      id = idFor(item, opts);
      url = item.url ? canonicalUrl(item.url) : fallbackUrl(feed, opts);
    } catch (err) {
      // One unusable link (too long, odd scheme after unwrapping) costs that item, not the poll.
      if (!(err instanceof InvalidUrlError)) throw err;
      skipped++;
      continue;
    }
    mentions.push({
      id,
      platform: opts.platform,
      sourceId: opts.sourceId,
      url: url.slice(0, 4096),
      title: item.title?.slice(0, 2000),
      text: item.text.slice(0, 100_000),
      author: item.author?.slice(0, 300),
      publishedAt: item.publishedAt,
      fetchedAt: opts.now.toISOString(),
      media: { image: item.image, video: item.video },
      raw: boundedRaw({ feed: feed.title, format: feed.format, item: original }),
    });
  }
  if (skipped > 0) logger.warn('feed items skipped for unusable links', { sourceId: opts.sourceId, skipped });
  return { mentions, cursor: newest === undefined ? opts.cursor : new Date(newest).toISOString() };
}
