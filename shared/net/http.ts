import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import zlib from 'node:zlib';
import { logger } from '../log.js';
import { assertPublicUrl, BlockedAddressError, parseHttpUrl, type GuardOptions } from './address-guard.js';
import { charsetFromContentType, decodeBytes } from './charset.js';
import { describeUrl, NetError, RateLimitedError } from './errors.js';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Whole request, connect to last body byte, per attempt. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Headers;
  body: Uint8Array;
  /** Body decoded per the Content-Type charset (UTF-8 when none). */
  text(): string;
  json(): unknown;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  /** Allow private and loopback addresses: local development and tests only. */
  allowPrivate?: boolean;
  userAgent?: string;
  /** Retries after the first attempt for 429, 5xx and network errors. */
  maxRetries?: number;
  baseDelayMs?: number;
  /** Cap on any single wait; a server asking for longer fails fast with RateLimitedError. */
  maxDelayMs?: number;
  defaultTimeoutMs?: number;
  /** Default 5 MB. */
  defaultMaxBytes?: number;
  connectTimeoutMs?: number;
  maxRedirects?: number;
  /** Which resolved addresses may be contacted, replacing the public-address rule. A seam for tests. */
  addressPolicy?: (ip: string) => boolean;
  /** Host name resolver; defaults to the system resolver. A seam for tests. */
  resolve?: GuardOptions['resolve'];
}

const DEFAULT_USER_AGENT = 'mention-monitor/0.1 (school trust mention monitor; feed reader)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface RawResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Connects only to the addresses the guard already checked, so a DNS answer that changes between
 * the check and the connect (rebinding) is never used.
 */
function pinnedLookup(addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = typeof options === 'object' ? options.family : options;
    const usable = addresses
      .map((address) => ({ address, family: isIP(address) }))
      .filter((a) => !family || family === 0 || a.family === family);
    if (usable.length === 0) {
      const err = Object.assign(new Error('no pinned address for this family'), { code: 'ENOTFOUND' });
      return (callback as (e: Error) => void)(err);
    }
    if (typeof options === 'object' && options.all) {
      return (callback as (e: null, a: { address: string; family: number }[]) => void)(null, usable);
    }
    return (callback as (e: null, a: string, f: number) => void)(null, usable[0].address, usable[0].family);
  };
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, v);
      } catch {
        // A header value the Fetch rules reject (a hostile or broken server): it is dropped, not fatal.
      }
    }
  }
  return headers;
}

const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long the server asked us to wait, in ms, or undefined. Retry-After is seconds or an HTTP
 * date; x-ratelimit-reset is seconds-until-reset (Reddit) or epoch seconds (X, GitHub).
 */
export function serverWaitMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = (headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset') ?? headers.get('ratelimit-reset'))?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    if (n > 1e12) return Math.max(0, n - now);
    if (n > 1e9) return Math.max(0, n * 1000 - now);
    return Math.ceil(n * 1000);
  }
  return undefined;
}

/** Full jitter: a random wait up to the capped exponential step, so clients retrying together spread out. */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE',
]);

function networkError(err: unknown, url: URL): NetError {
  if (err instanceof NetError) return err;
  if (err instanceof BlockedAddressError) return new NetError(err.message, 'blocked');
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const detail = code || (err as Error).message;
  return new NetError(
    `Could not reach ${url.host} (${detail}) for ${describeUrl(url)}. The site may be down or blocking us; ` +
      'the next poll will try again. If it keeps failing, check the address opens in a browser.',
    'unavailable',
    RETRYABLE_CODES.has(code) || (err as Error).message === 'socket hang up',
  );
}

/** Codings stacked deeper than this are refused: undoing each layer may cost maxBytes of work. */
const MAX_CODINGS = 3;

/** The codings of a Content-Encoding header, in the order they were applied. */
function contentCodings(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/** RFC 1950's header: deflate method in the low nibble, and the first two bytes a multiple of 31. */
const isZlibWrapped = (data: Buffer) => data.length >= 2 && (data[0] & 0x0f) === 8 && data.readUInt16BE(0) % 31 === 0;

/**
 * Undoes the codings, the last applied first; each step stops at maxBytes of output, so a
 * compression bomb costs no more than a large body. 'deflate' should be zlib-wrapped, but some
 * servers send it raw. Codings we never asked for pass through: servers that put a charset there
 * ('utf-8') sent the bytes as they are.
 */
function decodeContent(body: Buffer, codings: string[], maxBytes: number): Buffer {
  const limit = { maxOutputLength: maxBytes };
  return codings.reduceRight((data, coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.gunzipSync(data, limit);
      case 'deflate':
        return isZlibWrapped(data) ? zlib.inflateSync(data, limit) : zlib.inflateRawSync(data, limit);
      case 'br':
        return zlib.brotliDecompressSync(data, limit);
      default:
        return data;
    }
  }, body);
}

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const maxRetries = opts.maxRetries ?? 3;
  const baseDelayMs = opts.baseDelayMs ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? 20_000;
  const defaultMaxBytes = opts.defaultMaxBytes ?? 5 * 1024 * 1024;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const policy = opts.addressPolicy;

  async function resolveChecked(url: URL): Promise<string[]> {
    // The guard does the scheme, name and address checks; a custom policy replaces only the address rule.
    const addresses = await assertPublicUrl(url.href, {
      allowPrivate: opts.allowPrivate || opts.addressPolicy !== undefined,
      resolve: opts.resolve,
    });
    if (!opts.allowPrivate && policy) {
      const bad = addresses.find((a) => !policy(a));
      if (bad !== undefined) {
        throw new BlockedAddressError(`Refused to fetch ${url.protocol}//${url.host}: ${bad} is not an allowed address.`);
      }
    }
    return addresses;
  }

  function once(url: URL, addresses: string[], req: HttpRequest, method: string, body: string | undefined): Promise<RawResponse> {
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const maxBytes = req.maxBytes ?? defaultMaxBytes;
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      'accept-encoding': 'gzip, deflate, br',
      accept: '*/*',
      ...Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const transport = url.protocol === 'https:' ? https : http;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;

    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (err: Error | undefined, value?: RawResponse) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        if (err) {
          request.destroy();
          reject(err);
        } else resolve(value!);
      };
      const request = transport.request({
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        lookup: pinnedLookup(addresses),
        agent: false,
        ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
      });
      timers.push(
        setTimeout(() => {
          finish(
            new NetError(
              `${url.host} did not answer within ${seconds(timeoutMs)} (${describeUrl(url)}). ` +
                'The site may be slow or down; the next poll will try again.',
              'unavailable',
              true,
            ),
          );
        }, timeoutMs),
      );
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => {
          finish(
            new NetError(
              `Could not connect to ${url.host} within ${seconds(connectTimeoutMs)}. ` +
                'The site may be down or blocking us; the next poll will try again.',
              'unavailable',
              true,
            ),
          );
        }, connectTimeoutMs);
        timers.push(connectTimer);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      request.on('error', (err) => finish(networkError(err, url)));
      request.on('response', (res) => {
        const tooLarge = () =>
          new NetError(
            `${describeUrl(url)} is larger than ${Math.round(maxBytes / 1024)} KB, the most we read in one go. ` +
              'Check it is the right address (a feed, not a download); if it is, ask the publisher for a shorter feed.',
            'too_large',
          );
        // A compressed body is no larger than what it unpacks to, so its declared length counts too.
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(tooLarge());
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            finish(tooLarge());
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err: Error) => finish(networkError(err, url)));
        res.on('aborted', () => finish(networkError(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' }), url)));
        res.on('end', () => {
          const codings = REDIRECTS.has(res.statusCode ?? 0) ? [] : contentCodings(res.headers['content-encoding']);
          if (codings.length > MAX_CODINGS) {
            finish(
              new NetError(
                `${url.host} sent ${describeUrl(url)} compressed ${codings.length} times over (Content-Encoding: ${codings.join(', ').slice(0, 100)}); ` +
                  `we undo at most ${MAX_CODINGS}. This is a fault on their side; if it keeps happening, tell the site owner.`,
                'bad_response',
              ),
            );
            return;
          }
          let decoded: Buffer;
          try {
            decoded = decodeContent(Buffer.concat(chunks), codings, maxBytes);
          } catch (err) {
            finish(
              (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
                ? tooLarge()
                : new NetError(`${url.host} sent a corrupt compressed response (${(err as Error).message}). The next poll will try again.`, 'bad_response', true),
            );
            return;
          }
          finish(undefined, { status: res.statusCode ?? 0, headers: toHeaders(res.headers), body: new Uint8Array(decoded) });
        });
      });
      if (body !== undefined) request.write(body);
      request.end();
    });
  }

  /** One logical fetch: follows redirects by hand so every hop passes the guard. */
  async function fetchFollowing(req: HttpRequest): Promise<RawResponse & { url: string }> {
    let url = parseHttpUrl(req.url);
    let method: string = req.method ?? 'GET';
    let body = req.body;
    let headers = { ...(req.headers ?? {}) };
    for (let hop = 0; ; hop++) {
      const addresses = await resolveChecked(url);
      const res = await once(url, addresses, { ...req, headers }, method, body);
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return { ...res, url: url.href };
      if (hop >= maxRedirects) {
        throw new NetError(
          `${describeUrl(req.url)} redirected more than ${maxRedirects} times. Open it in a browser to find where it really lives and use that address.`,
          'bad_response',
        );
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new NetError(`${url.host} redirected to an invalid address. Check the address opens in a browser.`, 'bad_response');
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
      }
      // Credentials are for the origin they were meant for, not wherever a redirect points.
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));
      }
      url = next;
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      let raw: RawResponse & { url: string };
      try {
        raw = await fetchFollowing(req);
      } catch (err) {
        if (err instanceof NetError && err.retryable && attempt < maxRetries) {
          const delay = backoffMs(attempt, baseDelayMs, maxDelayMs);
          logger.info('http retry after network error', { host: new URL(req.url).host, attempt: attempt + 1, delayMs: delay });
          await sleep(delay);
          continue;
        }
        throw err;
      }
      const retryable = raw.status === 429 || (raw.status >= 500 && raw.status !== 501 && raw.status !== 505);
      if (!retryable) return toResponse(raw);
      const host = new URL(raw.url).host;
      const asked = serverWaitMs(raw.headers);
      if (asked !== undefined && asked > maxDelayMs) {
        throw new RateLimitedError(
          `${host} asked us to wait ${Math.ceil(asked / 1000)} s before trying again (HTTP ${raw.status}). ` +
            'A later poll will pick up where this one stopped; if this keeps happening, poll less often (pollMinutes in the trust config).',
          asked,
        );
      }
      if (attempt >= maxRetries) {
        if (raw.status === 429) {
          throw new RateLimitedError(
            `${host} is limiting how often we may ask (HTTP 429, ${maxRetries + 1} tries). ` +
              'A later poll will try again; if this keeps happening, poll less often (pollMinutes in the trust config).',
          );
        }
        throw new NetError(
          `${host} is having problems (HTTP ${raw.status} after ${maxRetries + 1} tries) for ${describeUrl(raw.url)}. ` +
            'This is on their side; the next poll will try again.',
          'unavailable',
        );
      }
      const delay = asked ?? backoffMs(attempt, baseDelayMs, maxDelayMs);
      logger.info('http retry', { host, status: raw.status, attempt: attempt + 1, delayMs: delay });
      await sleep(delay);
    }
  }

  return { request };
}

function toResponse(raw: RawResponse & { url: string }): HttpResponse {
  const charset = charsetFromContentType(raw.headers.get('content-type'));
  return {
    status: raw.status,
    url: raw.url,
    headers: raw.headers,
    body: raw.body,
    text: () => decodeBytes(raw.body, charset),
    json: () => {
      try {
        return JSON.parse(decodeBytes(raw.body, charset));
      } catch {
        throw new NetError(
          `${describeUrl(raw.url)} did not return valid JSON (HTTP ${raw.status}, ${raw.headers.get('content-type') ?? 'no content type'}). ` +
            'The service may be down or the address may be wrong.',
          'bad_response',
        );
      }
    },
  };
}
