import { z } from 'zod';
import type { SourceError } from './source.js';

/**
 * What the Facebook and Instagram sources share: both read the Meta Graph API with a Page access token,
 * page with cursors and report errors in one envelope.
 * Paging: https://developers.facebook.com/docs/graph-api/results
 * Errors: https://developers.facebook.com/docs/graph-api/guides/error-handling
 */

export const GRAPH_PAGE_SIZE = 25;

/** A Graph API edge: `data` plus cursors. Only `after` is read; `next` is never followed, so paging stays on the Graph host. */
export const graphPage = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    paging: z
      .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
      .optional(),
  });

export const nextAfter = (paging: { cursors?: { after?: string }; next?: string } | undefined): string | undefined =>
  paging?.next ? paging.cursors?.after : undefined;

/** Graph timestamps look like "2026-11-20T09:15:00+0000"; the offset gains its colon so every parser agrees. */
export const graphTime = (t: string): string => t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');

const GraphError = z.object({
  error: z.object({ code: z.number(), error_subcode: z.number().optional(), type: z.string().optional() }),
});

/** Codes 4, 17, 32, 613 and 80001-80014 are throttling; 190 and 102 a dead token; 10 and 200-299 a missing permission. */
const THROTTLE = new Set([4, 17, 32, 613]);

/** Meta reports an expired token as HTTP 400 with code 190, so the status alone says little. */
export function classifyGraphError(_status: number, body: unknown): { kind?: SourceError['kind']; reason?: string } | undefined {
  const error = GraphError.safeParse(body).data?.error;
  if (!error) return undefined;
  const reason = `code ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''}`;
  if (THROTTLE.has(error.code) || (error.code >= 80001 && error.code <= 80014)) return { kind: 'rate_limited', reason };
  if (error.code === 190 || error.code === 102 || error.code === 10 || (error.code >= 200 && error.code <= 299)) return { kind: 'credentials', reason };
  if (error.code === 1 || error.code === 2) return { kind: 'unavailable', reason };
  return { kind: 'bad_response', reason };
}
