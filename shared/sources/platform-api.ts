import { z } from 'zod';
import { defaultSearchTerms, type SourceType } from '../config/schema.js';
import { logger } from '../log.js';
import { NetError } from '../net/errors.js';
import { howToFixCredentials, PLATFORM_LABEL, type ApiPlatform } from './credentials.js';
import { SourceError, type PollContext } from './source.js';

/**
 * What every platform API source shares: calling a JSON API with a timeout and a size bound, turning
 * each failure into a SourceError a person can act on, validating the body with zod, noticing an
 * exhausted rate-limit budget before the platform answers 429, and the per-stream cursor format.
 * Retries of 429 and 5xx (with Retry-After, capped exponential backoff and jitter) are the HttpClient's.
 */

/** A poll context of any one source type (PollContext<T> is invariant in T, so the plain union would not accept it). */
export type AnyPollContext = { [T in SourceType]: PollContext<T> }[SourceType];

/** Production API hosts. PollContext.baseUrls overrides any of them by key (tests use a local server). */
export const BASE_URLS = {
  reddit: 'https://oauth.reddit.com',
  reddit_www: 'https://www.reddit.com',
  youtube: 'https://www.googleapis.com/youtube/v3',
  bluesky: 'https://public.api.bsky.app',
  bluesky_pds: 'https://bsky.social',
  x: 'https://api.x.com',
  facebook: 'https://graph.facebook.com/v23.0',
  instagram: 'https://graph.facebook.com/v23.0',
} as const;
export type BaseUrlKey = keyof typeof BASE_URLS;

export function apiUrl(ctx: AnyPollContext, key: BaseUrlKey, path: string, params: Record<string, string | number | undefined> = {}): URL {
  const base = (ctx.baseUrls?.[key] ?? BASE_URLS[key]).replace(/\/+$/, '');
  const url = new URL(`${base}${path}`);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

export const REQUEST_TIMEOUT_MS = 15_000;
/** A page of 100 posts is well under 1 MB on every platform; 8 MB leaves room without letting a bad page exhaust memory. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** Items kept from one stream in one poll, whatever a page claims to hold. */
export const MAX_ITEMS_PER_STREAM = 1_000;

/** A platform API failure: a SourceError that also says which HTTP status and error code the platform gave. */
export class PlatformApiError extends SourceError {
  constructor(
    message: string,
    kind: SourceError['kind'],
    readonly status: number | undefined,
    readonly reason?: string,
  ) {
    super(message, kind);
  }
}

export interface ApiRequest<S extends z.ZodType> {
  platform: ApiPlatform;
  url: URL;
  /** What we asked for, in words, for messages: "search results", "comments on the Page". */
  what: string;
  schema: S;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * Reads a platform's own error body: Facebook sends an expired token as 400 with code 190, YouTube
   * an exhausted quota as 403 "quotaExceeded". Returns the kind and the platform's reason code.
   */
  classifyError?: (status: number, body: unknown) => { kind?: SourceError['kind']; reason?: string } | undefined;
}

export interface ApiResponse<T> {
  body: T;
  headers: Headers;
  /** The platform said no budget is left: stop paging now rather than earn a 429. */
  quotaExhausted: boolean;
}

const academy = (ctx: AnyPollContext): string => `academy '${ctx.entity.id}'`;

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

async function send(ctx: AnyPollContext, req: Omit<ApiRequest<z.ZodType>, 'schema'>, accept: string): Promise<RawResponse> {
  try {
    const res = await ctx.http.request({
      url: req.url.toString(),
      method: req.method ?? 'GET',
      headers: { accept, ...req.headers },
      body: req.body,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxBytes: MAX_RESPONSE_BYTES,
    });
    return { status: res.status, headers: res.headers, text: res.text() };
  } catch (err) {
    throw transportError(ctx, req, err);
  }
}

const tryJson = (text: string): { json?: unknown; error?: Error } => {
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    return { error: err as Error };
  }
};

const isOk = (status: number): boolean => status >= 200 && status < 300;

/** For the few non-JSON endpoints (Reddit's RSS search): the same errors, the body as text. */
export async function callApiText(ctx: AnyPollContext, req: Omit<ApiRequest<z.ZodType>, 'schema'>): Promise<{ text: string; headers: Headers }> {
  const res = await send(ctx, req, 'application/atom+xml, application/xml;q=0.9, */*;q=0.5');
  if (!isOk(res.status)) throw statusError(ctx, req, res.status, res.headers, tryJson(res.text).json);
  return { text: res.text, headers: res.headers };
}

export async function callApi<S extends z.ZodType>(ctx: AnyPollContext, req: ApiRequest<S>): Promise<ApiResponse<z.infer<S>>> {
  const label = PLATFORM_LABEL[req.platform];
  const res = await send(ctx, req, 'application/json');
  const { json, error } = tryJson(res.text);
  if (!isOk(res.status)) throw statusError(ctx, req, res.status, res.headers, json);
  if (error) {
    throw new PlatformApiError(
      `${label}'s answer with ${req.what} for ${academy(ctx)} was not valid JSON (${error.message.slice(0, 120)}). This is usually a temporary fault at ${label}; the next poll will try again. If it keeps happening, report it as a mention-monitor issue.`,
      'bad_response',
      res.status,
    );
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlatformApiError(
      `${label} sent ${req.what} for ${academy(ctx)} in a changed shape (at "${issuePath(issue?.path ?? [])}": ${issue?.message ?? 'unexpected value'}), so ${label} has probably changed its API. This source is skipped until mention-monitor is updated; other sources keep working. Please report it as a mention-monitor issue.`,
      'bad_response',
      res.status,
    );
  }
  return { body: parsed.data, headers: res.headers, quotaExhausted: quotaExhausted(res.headers) };
}

const issuePath = (path: PropertyKey[]): string =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '') || '(top level)';

function transportError(ctx: AnyPollContext, req: Omit<ApiRequest<z.ZodType>, 'schema'>, err: unknown): SourceError {
  if (err instanceof SourceError) return err;
  const label = PLATFORM_LABEL[req.platform];
  // NetError messages name the URL without its query string, so they are safe to repeat.
  const detail = err instanceof Error ? err.message : String(err);
  const kind = err instanceof NetError ? err.kind : 'unavailable';
  switch (kind) {
    case 'rate_limited':
      return new PlatformApiError(
        `${label} is limiting how often mention-monitor may ask for ${req.what} at ${academy(ctx)}; retries ran out (${detail.slice(0, 200)}). The next poll will try again; if this repeats, raise pollMinutes or lower maxPages for this source.`,
        kind,
        429,
      );
    case 'too_large':
      return new PlatformApiError(
        `${label} sent more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB of ${req.what} for ${academy(ctx)}; the page was refused to protect the poller. Lower maxPages or narrow the query for this source.`,
        kind,
        undefined,
      );
    case 'blocked':
      return new PlatformApiError(
        `The address for ${label} ${req.what} (${req.url.host}) is a private or blocked network address, so it was not contacted. Check the URL in the source settings for ${academy(ctx)}.`,
        kind,
        undefined,
      );
    default:
      return new PlatformApiError(
        err instanceof NetError
          ? `Could not get ${req.what} from ${label} for ${academy(ctx)}: ${detail.slice(0, 300)}`
          : `Could not get ${req.what} from ${label} for ${academy(ctx)} (${detail.slice(0, 200)}). This is usually temporary; the next poll will try again. If it lasts more than a day, check the platform's status page and the poller's internet access.`,
        kind,
        undefined,
      );
  }
}

function statusError(ctx: AnyPollContext, req: Omit<ApiRequest<z.ZodType>, 'schema'>, status: number, headers: Headers, body: unknown): SourceError {
  const label = PLATFORM_LABEL[req.platform];
  const custom = req.classifyError?.(status, body);
  const kind: SourceError['kind'] =
    custom?.kind ?? (status === 401 || status === 403 ? 'credentials' : status === 429 ? 'rate_limited' : status >= 500 ? 'unavailable' : 'bad_response');
  const code = `HTTP ${status}${custom?.reason ? `, ${custom.reason}` : ''}`;
  switch (kind) {
    case 'credentials':
      return new PlatformApiError(
        `${label} credentials for ${academy(ctx)} were rejected (${code}): they have expired, been revoked or lack a permission. ${howToFixCredentials(req.platform, ctx.entity.id)}`,
        kind,
        status,
        custom?.reason,
      );
    case 'rate_limited': {
      const wait = headers.get('retry-after');
      return new PlatformApiError(
        `${label} is limiting how often mention-monitor may ask for ${req.what} at ${academy(ctx)} (${code}${wait ? `, asked to wait ${wait} s` : ''}); retries ran out. The next poll will try again; if this repeats, raise pollMinutes or lower maxPages for this source.`,
        kind,
        status,
        custom?.reason,
      );
    }
    case 'unavailable':
      return new PlatformApiError(
        `${label} failed while sending ${req.what} for ${academy(ctx)} (${code}). This is a fault at ${label}, usually temporary; the next poll will try again.`,
        kind,
        status,
        custom?.reason,
      );
    default:
      return new PlatformApiError(
        `${label} refused the request for ${req.what} at ${academy(ctx)} (${code}). ${status === 404 ? 'Check the ids in this source\'s settings (page, account, channel or instance) are right.' : 'Check this source\'s settings (query, ids); if they look right, report it as a mention-monitor issue.'}`,
        kind,
        status,
        custom?.reason,
      );
  }
}

/**
 * Reddit, X, Mastodon and Bluesky report the requests left in the window; Meta reports a percentage of
 * its budget used. Either way, at zero (or 95%) the polite move is to stop and let the next poll resume.
 */
export function quotaExhausted(headers: Headers): boolean {
  for (const name of ['x-rate-limit-remaining', 'x-ratelimit-remaining', 'ratelimit-remaining']) {
    const value = headers.get(name);
    if (value !== null && value.trim() !== '' && Number.parseFloat(value) < 1) return true;
  }
  for (const name of ['x-app-usage', 'x-business-use-case-usage']) {
    const value = headers.get(name);
    if (value && maxPercent(value) >= 95) return true;
  }
  return false;
}

function maxPercent(json: string): number {
  let max = 0;
  const visit = (v: unknown): void => {
    if (typeof v === 'number') max = Math.max(max, v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const [k, inner] of Object.entries(v)) if (k !== 'estimated_time_to_regain_access') visit(inner);
  };
  try {
    visit(JSON.parse(json.slice(0, 10_000)));
  } catch {
    return 0;
  }
  return max;
}

/**
 * Follows a platform's pages up to maxPages. `fetchPage` gets the previous page's token and says when
 * to stop early (reached the last poll's watermark, or the rate-limit budget is spent).
 */
export async function collectPages<T>(
  maxPages: number,
  fetchPage: (pageToken: string | undefined) => Promise<{ items: T[]; next?: string; done?: boolean }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages && items.length < MAX_ITEMS_PER_STREAM; page++) {
    const result = await fetchPage(token);
    items.push(...result.items);
    if (result.done || !result.next || result.next === token) break;
    token = result.next;
  }
  return items.slice(0, MAX_ITEMS_PER_STREAM);
}

/** Keeps at most `limit` items of a page that holds more than was asked for. */
export function boundPage<T>(ctx: AnyPollContext, items: T[], limit: number, what: string): T[] {
  if (items.length <= limit) return items;
  logger.warn('page larger than requested; extra items dropped', {
    academyId: ctx.entity.id,
    sourceType: ctx.source.type,
    what,
    received: items.length,
    kept: limit,
  });
  return items.slice(0, limit);
}

/**
 * The cursor of a platform source: one watermark per stream (a search, a hashtag, a channel's
 * comments), stored as a small JSON object so one source can follow several streams.
 */
const Marks = z.record(z.string(), z.string());
export type Marks = Record<string, string>;

export function readMarks(ctx: AnyPollContext): Marks {
  if (!ctx.cursor) return {};
  try {
    const parsed = Marks.safeParse(JSON.parse(ctx.cursor));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: an unreadable cursor is treated as a first poll, bounded by maxPages
  }
  logger.warn('unreadable cursor ignored; polling as if for the first time', { academyId: ctx.entity.id, sourceType: ctx.source.type });
  return {};
}

/** Merges this poll's watermarks into the previous ones; streams not polled this time keep theirs. */
export function writeMarks(previous: Marks, updated: Marks): string | undefined {
  const merged = { ...previous, ...updated };
  const keys = Object.keys(merged).sort();
  if (keys.length === 0) return undefined;
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, merged[k]])));
}

/** Compares ISO-8601 instants written in any offset or precision. */
export const isoAtOrAfter = (a: string, b: string): boolean => Date.parse(a) >= Date.parse(b);

/** The latest of some ISO times, or the fallback when there are none. */
export function latestIso(times: (string | undefined)[], fallback?: string): string | undefined {
  let best = fallback;
  for (const t of times) if (t && !Number.isNaN(Date.parse(t)) && (!best || Date.parse(t) > Date.parse(best))) best = new Date(t).toISOString();
  return best;
}

/**
 * The default search terms for an organisation: its full name and aliases, quoted as phrases. Context
 * aliases ("NBA", "NAT") are left out: alone they mostly find namesakes; the matcher decides later.
 */
export function searchTerms(ctx: AnyPollContext, limit = 6): string[] {
  return defaultSearchTerms(ctx.entity).slice(0, limit);
}

export const quoted = (term: string): string => `"${term.replace(/"/g, '')}"`;

/** Joins as many whole terms as fit a platform's query length limit (X and Reddit allow 512 characters). */
export function joinWithin(terms: string[], separator: string, maxLength: number): string {
  let query = '';
  for (const term of terms) {
    const next = query ? `${query}${separator}${term}` : term;
    if (next.length > maxLength) break;
    query = next;
  }
  return query;
}
