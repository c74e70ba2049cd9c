import { z } from 'zod';

export const Platform = z.enum([
  'rss', 'google_alerts', 'google_news', 'reddit', 'youtube', 'bluesky', 'mastodon', 'x', 'facebook', 'instagram',
]);
export type Platform = z.infer<typeof Platform>;

/** Each platform's name as people know it: in digests, alerts and error messages. */
export const PLATFORM_LABELS: Record<Platform, string> = {
  rss: 'News or website feed',
  google_alerts: 'Google Alerts',
  google_news: 'Google News',
  reddit: 'Reddit',
  youtube: 'YouTube',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  x: 'X (Twitter)',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

/**
 * A post, comment or article as every later stage sees it, whatever platform it came from.
 * `id` is stable: `${platform}:${platformId}` where the platform has ids, else `url:` + a hash
 * of the canonical URL, so the same post seen twice (or through two sources) is one mention.
 */
export const Mention = z.object({
  id: z.string().min(1).max(300),
  platform: Platform,
  sourceId: z.string(),
  url: z.string().max(4096),
  title: z.string().max(2000).optional(),
  text: z.string().max(100_000),
  author: z.string().max(300).optional(),
  publishedAt: z.iso.datetime().optional(),
  fetchedAt: z.iso.datetime(),
  media: z.object({ image: z.boolean(), video: z.boolean() }).default({ image: false, video: false }),
  /** The platform's own payload for this post, kept as evidence. Bounded in size by the source. */
  raw: z.unknown().optional(),
});
export type Mention = z.infer<typeof Mention>;
