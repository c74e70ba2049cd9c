import { pollFeed } from './feed/poll-feed.js';
import type { PollContext, PollResult, Source } from './source.js';

/**
 * A Google Alert delivered as a feed: create the alert at https://www.google.com/alerts, choose
 * "Deliver to: RSS feed", and copy the feed address (https://www.google.com/alerts/feeds/<user>/<alert>).
 * The feed is Atom; its links are google.com/url?...&url=<article> redirects, which the feed parser
 * unwraps so the mention points at (and dedupes by) the article itself.
 */
export const googleAlertsSource: Source<'google_alerts'> = {
  type: 'google_alerts',
  poll: (ctx: PollContext<'google_alerts'>): Promise<PollResult> =>
    pollFeed(ctx, {
      platform: 'google_alerts',
      url: ctx.source.url,
      what: 'Google Alerts feed',
      fixHint: (id) =>
        `Check the alert still exists at https://www.google.com/alerts and is set to "Deliver to: RSS feed", then copy its feed address into "url:" of source '${id}' under academy '${ctx.entity.id}' in the trust config.`,
    }),
};
