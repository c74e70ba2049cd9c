import type { SourceType } from '../config/schema.js';
import { logger } from '../log.js';
import { blueskySource } from './bluesky.js';
import { facebookSource } from './facebook.js';
import { googleAlertsSource } from './google-alerts.js';
import { googleNewsSource } from './google-news.js';
import { instagramSource } from './instagram.js';
import { mastodonSource } from './mastodon.js';
import type { Mention } from './mention.js';
import { redditSource } from './reddit.js';
import { rssSource } from './rss.js';
import { SourceError, type PollContext, type PollResult, type Source } from './source.js';
import { xSource } from './x.js';
import { youtubeSource } from './youtube.js';

/** Every source type, by the `type` a trust config names it with. A new platform is one line here. */
export const sources: { [T in SourceType]: Source<T> } = {
  rss: rssSource,
  google_alerts: googleAlertsSource,
  google_news: googleNewsSource,
  reddit: redditSource,
  youtube: youtubeSource,
  bluesky: blueskySource,
  mastodon: mastodonSource,
  x: xSource,
  facebook: facebookSource,
  instagram: instagramSource,
};

/**
 * Polls one source for one academy. Whatever happens inside, the caller gets mentions or a
 * SourceError a person can act on; a post found twice in one poll (two search terms) comes back once.
 */
export async function pollSource(ctx: PollContext): Promise<PollResult> {
  const source = sources[ctx.source.type] as unknown as Source;
  let result: PollResult;
  try {
    result = await source.poll(ctx);
  } catch (err) {
    if (err instanceof SourceError) throw err;
    logger.error('source crashed', { academyId: ctx.entity.id, sourceType: ctx.source.type, errorName: (err as Error)?.name });
    throw new SourceError(
      `The ${ctx.source.type} source for academy '${ctx.entity.id}' failed unexpectedly (${(err as Error)?.message?.slice(0, 200) ?? String(err)}). Other sources keep working; please report this as a mention-monitor issue.`,
      'bad_response',
    );
  }
  return { ...result, mentions: uniqueById(result.mentions) };
}

function uniqueById(mentions: Mention[]): Mention[] {
  const seen = new Set<string>();
  return mentions.filter((m) => !seen.has(m.id) && Boolean(seen.add(m.id)));
}
