import type { Entity } from '../config/schema.js';
import { defaultSearchTerms } from '../config/schema.js';
import type { FeedItem } from './feed/parse.js';
import { pollFeed } from './feed/poll-feed.js';
import type { PollContext, PollResult, Source } from './source.js';

export const GOOGLE_NEWS_BASE = 'https://news.google.com';
/** Google News search URLs are GET query strings; long ORs of names are trimmed to stay well inside URL limits. */
const MAX_QUERY_CHARS = 400;

/**
 * The default search: the academy's name and aliases as quoted phrases, OR-ed. Context aliases
 * ("NBA") are left out: alone they mostly find namesakes, and the matcher judges them later anyway.
 */
export function googleNewsQuery(entity: Pick<Entity, 'name' | 'aliases' | 'searchTerms'>): string {
  const seen = new Set<string>();
  const phrases: string[] = [];
  for (const term of defaultSearchTerms(entity)) {
    const clean = term.replace(/"/g, '').replace(/\s+/g, ' ').trim();
    if (!clean || seen.has(clean.toLowerCase())) continue;
    const phrase = `"${clean}"`;
    if ([...phrases, phrase].join(' OR ').length > MAX_QUERY_CHARS) break;
    seen.add(clean.toLowerCase());
    phrases.push(phrase);
  }
  return phrases.join(' OR ');
}

/** Google News RSS search, British English, GB edition. */
export function googleNewsUrl(query: string, base: string = GOOGLE_NEWS_BASE): string {
  const url = new URL('/rss/search', base);
  url.search = new URLSearchParams({ q: query, hl: 'en-GB', gl: 'GB', ceid: 'GB:en' }).toString();
  return url.href;
}

/** Google News titles end " - Publisher"; the publisher is in <source>, so it becomes the author instead. */
export function tidyGoogleNewsItem(item: FeedItem): FeedItem {
  const publisher = item.sourceName;
  if (!publisher) return item;
  const suffix = ` - ${publisher}`;
  const title = item.title?.endsWith(suffix) ? item.title.slice(0, -suffix.length) : item.title;
  const text = item.text.endsWith(publisher) ? item.text.slice(0, -publisher.length).trim() : item.text;
  return { ...item, title, text: text === title ? '' : text, author: item.author ?? publisher };
}

export const googleNewsSource: Source<'google_news'> = {
  type: 'google_news',
  poll(ctx: PollContext<'google_news'>): Promise<PollResult> {
    const query = ctx.source.query?.trim() || googleNewsQuery(ctx.entity);
    return pollFeed(ctx, {
      platform: 'google_news',
      url: googleNewsUrl(query, ctx.baseUrls?.google_news ?? GOOGLE_NEWS_BASE),
      what: 'Google News search',
      fixHint: (id) => `Check "query:" of source '${id}' under academy '${ctx.entity.id}' in the trust config, or remove it to search for the academy's name and aliases.`,
      adjust: tidyGoogleNewsItem,
    });
  },
};
