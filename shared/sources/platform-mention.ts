import { sourceId } from '../config/schema.js';
import { logger } from '../log.js';
import { canonicalUrl } from './canonical-url.js';
import type { Mention, Platform } from './mention.js';
import { mentionId } from './mention-id.js';
import type { AnyPollContext } from './platform-api.js';
import { SourceError } from './source.js';

/**
 * Turns one platform item into a Mention that always fits the Mention schema: every string clamped,
 * times normalised to UTC ISO-8601, the raw payload kept as evidence but bounded in size.
 */

export const MAX_RAW_BYTES = 64 * 1024;

export interface MentionFields {
  platform: Platform;
  /** The platform's own id for the post or comment. */
  platformId: string;
  url: string;
  text: string;
  title?: string;
  author?: string;
  publishedAt?: string;
  media?: { image: boolean; video: boolean };
  raw: unknown;
}

/**
 * The mention for one platform item, as a list of zero or one: an item whose link cannot be
 * canonicalised is skipped (and logged), so one odd post never fails the whole poll.
 */
export function mentionFrom(ctx: AnyPollContext, fields: MentionFields): [Mention] | [] {
  let url: string;
  try {
    url = canonicalUrl(fields.url);
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    logger.warn('item skipped: unusable link', { academyId: ctx.entity.id, sourceType: ctx.source.type, platformId: fields.platformId });
    return [];
  }
  return [{
    id: mentionId(fields.platform, fields.platformId),
    platform: fields.platform,
    sourceId: sourceId(ctx.source),
    url,
    title: fields.title ? fields.title.slice(0, 2000) : undefined,
    text: fields.text.slice(0, 100_000),
    author: fields.author ? fields.author.slice(0, 300) : undefined,
    publishedAt: isoOrUndefined(fields.publishedAt),
    fetchedAt: ctx.now.toISOString(),
    media: fields.media ?? { image: false, video: false },
    raw: boundedRaw(fields.raw),
  }];
}

function isoOrUndefined(time: string | undefined): string | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The payload as evidence, or a marker with its size and a prefix when it is too big to keep whole. */
export function boundedRaw(raw: unknown): unknown {
  let json: string;
  try {
    json = JSON.stringify(raw) ?? 'null';
  } catch {
    // Nested deeper than the serialiser can recurse (a hostile payload): keep a marker rather than lose the whole poll.
    return { truncated: true, reason: 'the payload is nested too deeply to keep' };
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= MAX_RAW_BYTES) return raw;
  return { truncated: true, bytes, prefix: Buffer.from(json, 'utf8').subarray(0, 4096).toString('utf8') };
}
