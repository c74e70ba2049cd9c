import { createHash } from 'node:crypto';
import { canonicalUrl } from './canonical-url.js';
import { SourceError } from './source.js';

/** Mention ids must fit the Mention schema (300 characters). */
const MAX_PLATFORM_ID = 200;

const sha32 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * The platform's own id for a post, read from its canonical URL, for the platforms whose URLs carry
 * the same id their APIs return: an X post (`x.com/<user>/status/<id>`, the API v2 `id`) and a YouTube
 * video (`youtube.com/watch?v=<id>`, the Data API `videoId`). Undefined for anything else.
 */
export function platformIdFromUrl(canonical: string): { platform: 'x' | 'youtube'; platformId: string } | undefined {
  const x = /^https:\/\/x\.com\/[^/]+\/status\/(\d{1,25})$/.exec(canonical) ?? /^https:\/\/x\.com\/i\/web\/status\/(\d{1,25})$/.exec(canonical);
  if (x) return { platform: 'x', platformId: x[1] };
  const yt = /^https:\/\/youtube\.com\/(?:watch\?(?:.*&)?v=|shorts\/)([A-Za-z0-9_-]{6,20})(?:&|$)/.exec(canonical);
  if (yt) return { platform: 'youtube', platformId: yt[1] };
  return undefined;
}

/**
 * A mention's stable id, so the same post seen twice, or through two sources, is stored once:
 *
 * - `${platform}:${platformId}` when the platform gave an id (`reddit:t3_abc`, `bluesky:at://...`);
 *   an id longer than 200 characters is hashed (`${platform}:h:<32 hex>`) to fit the Mention schema;
 * - otherwise from the URL: `x:<id>` or `youtube:<id>` when the link is an X post or a YouTube video
 *   (the same id the X and YouTube sources use), else `url:` + the first 32 hex of the SHA-256 of the
 *   canonical URL, whichever source found it (so an RSS item and a Google Alert for one article match).
 *
 * Throws InvalidUrlError (a SourceError of kind `bad_response`) for a bad URL, and a SourceError of
 * kind `bad_response` when there is neither an id nor a URL: the caller skips that item.
 */
export function mentionId(platform: string, platformId?: string, url?: string): string {
  const id = platformId?.trim();
  if (id) return id.length > MAX_PLATFORM_ID ? `${platform}:h:${sha32(id)}` : `${platform}:${id}`;
  if (url !== undefined && url.trim() !== '') {
    const canonical = canonicalUrl(url);
    const fromUrl = platformIdFromUrl(canonical);
    if (fromUrl) return `${fromUrl.platform}:${fromUrl.platformId}`;
    return `url:${sha32(canonical)}`;
  }
  throw new SourceError(`A ${platform} item came with neither an id nor a link, so it cannot be stored; the item was skipped.`, 'bad_response');
}
