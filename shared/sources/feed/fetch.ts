import { logger } from '../../log.js';
import { BlockedAddressError } from '../../net/address-guard.js';
import { describeUrl, NetError } from '../../net/errors.js';
import type { HttpClient } from '../../net/http.js';
import { SourceError } from '../source.js';
import { FeedParseError, parseFeed, type ParsedFeed } from './parse.js';

export const FEED_TIMEOUT_MS = 20_000;
/** Real feeds are tens to hundreds of KB; 5 MB is generous and keeps a hostile feed from exhausting a Lambda. */
export const FEED_MAX_BYTES = 5 * 1024 * 1024;

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export interface FeedFetch {
  http: HttpClient;
  url: string;
  /** Names the feed in messages, e.g. "RSS feed 'local-news' for academy 'northbrook'". */
  label: string;
  /** What to change in the trust config when the address is wrong. */
  fixHint: string;
  academyId?: string;
  sourceId?: string;
}

/** Fetches and parses a feed; every failure becomes a SourceError that says what to do. */
export async function fetchFeed(req: FeedFetch): Promise<ParsedFeed> {
  const where = describeUrl(req.url);
  let res;
  try {
    res = await req.http.request({ url: req.url, headers: { accept: ACCEPT }, timeoutMs: FEED_TIMEOUT_MS, maxBytes: FEED_MAX_BYTES });
  } catch (err) {
    if (err instanceof BlockedAddressError) throw new SourceError(`${req.label}: ${err.message}`, 'blocked');
    if (err instanceof NetError) throw new SourceError(`${req.label}: ${err.message}`, err.kind);
    throw err;
  }
  if (res.status === 401 || res.status === 403) {
    throw new SourceError(
      `${req.label}: ${where} refused us (HTTP ${res.status}). Feeds that need a login cannot be monitored; ` +
        `open the address in a private browser window to check it is public. ${req.fixHint}`,
      'credentials',
    );
  }
  if (res.status === 404 || res.status === 410) {
    throw new SourceError(`${req.label}: there is no feed at ${where} (HTTP ${res.status}). ${req.fixHint}`, 'unavailable');
  }
  if (res.status < 200 || res.status >= 300) {
    throw new SourceError(`${req.label}: ${where} answered HTTP ${res.status}. The next poll will try again; if it keeps failing, open the address in a browser.`, 'unavailable');
  }
  try {
    const feed = parseFeed(res.body, { url: res.url, contentType: res.headers.get('content-type') ?? undefined });
    logger.info('feed parsed', {
      academyId: req.academyId,
      sourceId: req.sourceId,
      format: feed.format,
      charset: feed.charset,
      items: feed.items.length,
      totalItems: feed.totalItems,
      bytes: res.body.byteLength,
    });
    // Warnings are our own words (charsets, truncation, caps), never feed text, so they are safe at warn level.
    if (feed.warnings.length > 0) logger.warn('feed had problems', { academyId: req.academyId, sourceId: req.sourceId, warnings: feed.warnings });
    return feed;
  } catch (err) {
    if (err instanceof FeedParseError) throw new SourceError(`${req.label}: ${where}: ${err.message} ${req.fixHint}`, 'bad_response');
    throw err;
  }
}
