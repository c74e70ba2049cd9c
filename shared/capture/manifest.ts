import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The manifest ties a capture together: what was asked for, what the browser saw, when, with what,
 * and the SHA-256 of every artefact. Its own SHA-256 is stored on the case, so changing any
 * artefact, or the manifest itself, shows up in `verify`.
 */

export const MANIFEST_VERSION = 'mention-monitor/evidence-manifest@1';
export const MANIFEST_NAME = 'manifest.json';

export const sha256Hex = (body: Uint8Array | string): string => createHash('sha256').update(body).digest('hex');

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits');

export const Viewport = z.object({
  name: z.enum(['desktop', 'phone', 'card']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Viewport = z.infer<typeof Viewport>;

export const Artefact = z.object({
  /** File name within the capture folder, e.g. `page-desktop.png`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  key: z.string().min(1),
  contentType: z.string(),
  sha256: Sha256,
  size: z.number().int().nonnegative(),
  viewport: Viewport.shape.name.optional(),
});
export type Artefact = z.infer<typeof Artefact>;

/** What the live page turned out to be; anything but `ok` makes the capture a card. */
export const PageOutcome = z.enum(['ok', 'login_wall', 'gone', 'refused', 'error', 'browser_unavailable']);
export type PageOutcome = z.infer<typeof PageOutcome>;

export const Manifest = z.object({
  version: z.literal(MANIFEST_VERSION),
  caseId: z.string().min(1),
  platform: z.string(),
  kind: z.enum(['page', 'card']).optional(),
  outcome: PageOutcome,
  requestedUrl: z.string(),
  finalUrl: z.string().optional(),
  httpStatus: z.number().int().optional(),
  redirects: z.array(z.string()).default([]),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  browser: z.object({ name: z.string(), version: z.string() }).optional(),
  userAgent: z.string().optional(),
  viewports: z.array(Viewport).default([]),
  artefacts: z.array(Artefact),
  /** Requests the guard refused or cut (host and reason), so a reader knows what is missing. */
  refusedRequests: z.array(z.object({ host: z.string(), reason: z.string() })).default([]),
  /** Plain-language notes: screenshot truncated, consent banner dismissed, size budget used up. */
  notes: z.array(z.string()).default([]),
});
export type Manifest = z.infer<typeof Manifest>;

/** Stable bytes: the hash on the case is of exactly these. */
export const serialiseManifest = (m: Manifest): string => `${JSON.stringify(m, null, 2)}\n`;

/** `2026-11-24T08:02:14.123Z` -> `20261124T080214.123Z`: sortable and safe in S3 keys and file names. */
export const compactTime = (iso: string): string => iso.replace(/[-:]/g, '');

export const capturePrefix = (caseId: string, startedAt: string): string => `cases/${caseId}/${compactTime(startedAt)}/`;
