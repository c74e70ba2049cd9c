/**
 * Network failures a person can act on. `kind` uses the same words as SourceError, so a source
 * can pass it straight through: `new SourceError(err.message, err.kind)`.
 */
export type NetErrorKind = 'rate_limited' | 'unavailable' | 'too_large' | 'blocked' | 'bad_response';

export class NetError extends Error {
  constructor(
    message: string,
    readonly kind: NetErrorKind,
    /** Whether trying again soon could help (network blips, 5xx); used by the retry loop. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'NetError';
  }
}

/** Server asked us to wait longer than we are willing to sleep, or kept answering 429. */
export class RateLimitedError extends NetError {
  constructor(message: string, readonly waitMs?: number) {
    super(message, 'rate_limited');
    this.name = 'RateLimitedError';
  }
}

/**
 * Names a URL in a message without its query string or credentials: feed and API URLs often carry
 * tokens (Google Alerts feed ids, API keys), and messages end up in logs and emails.
 */
export function describeUrl(url: string | URL): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return String(url).slice(0, 100);
  }
}
