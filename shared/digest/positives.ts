import type { MentionContent } from '../ports/index.js';
import type { PositiveMention } from './build.js';

/**
 * Picks a few non-case mentions worth celebrating (results, praise, events) for the foot of the digest.
 * Deliberately cautious: a post with any word of complaint or sarcasm is left out, because a "positive"
 * that turns out to be a dig is worse than none.
 */

const PRAISE = [
  /\bwell done\b/i, /\bcongrat(?:ulation)?s\b/i, /\bso proud\b/i, /\bproud of\b/i, /\bchampions?\b/i, /\bwinners?\b/i,
  /\bwon\b/i, /\baward(?:ed|s)?\b/i, /\bthank(?:s| you)\b/i, /\bamazing\b/i, /\bfantastic\b/i, /\bcelebrat\w*/i,
  /\boutstanding\b/i, /\bgold\b/i, /\bfirst place\b/i, /\braised £?\d/i, /\bbrilliant\b/i, /🏆|🥇|🎉|👏|⭐/u,
];

const DOUBT = [
  /\bnot\b/i, /\bno\b/i, /\bnever\b/i, /\bagain\b/i, /\banother\b/i, /\byet again\b/i, /\bdisgrace\w*/i, /\bshame\w*/i,
  /\bbreach\b/i, /\bcomplain\w*/i, /\bawful\b/i, /\bterrible\b/i, /\bworst\b/i, /\bjoke\b/i, /\bsarcas\w*/i, /\bsack\w*/i,
  /\bpolice\b/i, /\bfire\b/i, /\bhurt\b/i, /\bbull(?:y|ied|ying)\b/i, /\bscandal\b/i, /\?\s*$/, /🙄|😒|🤡|🤦/u,
];

export function praiseScore(text: string): number {
  if (DOUBT.some((re) => re.test(text))) return 0;
  return PRAISE.filter((re) => re.test(text)).length;
}

/** The `limit` most clearly positive mentions, newest first among equals. */
export function selectPositives(content: MentionContent[], limit = 3): PositiveMention[] {
  return content
    .map((m) => ({ m, score: praiseScore(`${m.title ?? ''} ${m.text}`) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (b.m.publishedAt ?? b.m.fetchedAt).localeCompare(a.m.publishedAt ?? a.m.fetchedAt))
    .slice(0, limit)
    .map(({ m }) => ({ platform: m.platform, url: m.url, text: m.text, author: m.author, publishedAt: m.publishedAt ?? m.fetchedAt }));
}
