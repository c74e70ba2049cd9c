import type { Entity, SourceConfig, SourceType } from '../config/schema.js';
import type { HttpClient } from '../net/http.js';
import type { Secrets } from '../ports/index.js';
import type { Mention } from './mention.js';

/** Everything a source needs for one poll of one academy. */
export interface PollContext<T extends SourceType = SourceType> {
  entity: Entity;
  source: Extract<SourceConfig, { type: T }>;
  http: HttpClient;
  secrets: Secrets;
  /** The cursor this source returned last time for this academy, if any. */
  cursor?: string;
  now: Date;
  /**
   * Replaces platform API hosts by key (see BASE_URLS in platform-api.ts), e.g. { youtube: 'http://127.0.0.1:4010' }.
   * Tests point sources at a local fixture server; production leaves it unset.
   */
  baseUrls?: Partial<Record<string, string>>;
}

export interface PollResult {
  mentions: Mention[];
  /** Saved only after every mention above is stored, so a crash never skips a post. */
  cursor?: string;
}

/** One platform. A new platform is one file implementing this plus one line in registry.ts. */
export interface Source<T extends SourceType = SourceType> {
  type: T;
  poll(ctx: PollContext<T>): Promise<PollResult>;
}

/** A failure a person can act on: names the platform and academy and says what to do. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly kind: 'credentials' | 'rate_limited' | 'unavailable' | 'bad_response' | 'too_large' | 'blocked',
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
