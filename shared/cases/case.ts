import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Category, Reason, ReputationalCategory, SafeguardingCategory, Severity } from '../score/types.js';
import type { Platform } from '../sources/mention.js';

export const CaseStatus = z.enum(['new', 'acknowledged', 'reported_to_platform', 'resolved', 'no_action']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Where the evidence for a case stands. `pending` survives a crash: a later run captures it. */
export interface EvidenceState {
  status: 'pending' | 'captured' | 'failed';
  /** `page` when the live post was captured, `card` when we rendered the stored payload instead. */
  kind?: 'page' | 'card';
  manifestKey?: string;
  manifestSha256?: string;
  keys?: string[];
  capturedAt?: string;
  error?: string;
  attempts?: number;
}

/**
 * One axis of a case. `categories` are its concerns, and drive its retention, report routes and next
 * steps. `noted` are those found only at low severity (1, "worth a glance": not a case by themselves),
 * kept so the digest can show them and its protections (masking names, hiding links) still apply.
 */
export interface CaseAxis<C extends Category> {
  severity: Severity;
  categories: C[];
  noted?: C[];
}

/** Whether a category was found on the axis at all, as a concern or only noted. */
export const foundAtAll = <C extends Category>(axis: CaseAxis<C>, category: C): boolean =>
  axis.categories.includes(category) || (axis.noted?.includes(category) ?? false);

export interface Case {
  caseId: string;
  academyId: string;
  mentionId: string;
  createdAt: string;
  platform: Platform;
  url: string;
  title?: string;
  text: string;
  author?: string;
  publishedAt?: string;
  hasImage: boolean;
  safeguarding: CaseAxis<SafeguardingCategory>;
  reputational: CaseAxis<ReputationalCategory>;
  reasons: Reason[];
  /** Max of the two axes; what the digest sorts by. */
  severity: Severity;
  status: CaseStatus;
  statusBy?: string;
  statusAt?: string;
  evidence: EvidenceState;
  alertSentAt?: string;
  /** While set and fresh, a delivery is sending the alert (see CaseStore.claimAlert). */
  alertClaimedAt?: string;
  removedAt?: string;
  raw?: unknown;
}

export interface AuditEntry {
  caseId: string;
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

/** One case per academy per mention: the id is derived, so a re-run or duplicate delivery finds the same case. */
export const caseIdFor = (academyId: string, mentionId: string): string =>
  `c-${createHash('sha256').update(`${academyId}\u0000${mentionId}`).digest('hex').slice(0, 16)}`;
