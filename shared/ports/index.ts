/**
 * Ports: what the domain needs from the outside world. Adapters for AWS (DynamoDB, S3, SES,
 * SSM/Secrets Manager) live in shared/adapters; the domain imports only these interfaces.
 */
import type { AuditEntry, Case, CaseStatus, EvidenceState } from '../cases/case.js';
import type { Score } from '../score/types.js';
import type { Mention } from '../sources/mention.js';

/** How long a claim to send an email holds before another delivery may take it over. */
export const CLAIM_LEASE_MS = 10 * 60_000;

/** The ISO time before which a lease counts as abandoned. */
export const staleBefore = (at: string): string => new Date(Date.parse(at) - CLAIM_LEASE_MS).toISOString();

export interface Clock {
  now(): Date;
}

export interface MentionRecord {
  mention: Mention;
  academyId: string;
  score: Score;
  isCase: boolean;
}

export interface SourceHealth {
  academyId: string;
  sourceId: string;
  lastRunAt: string;
  lastSuccessAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  lastItems: number;
}

/** A non-case mention's content, while its short retention lasts: the digest picks good news from these. */
export interface MentionContent {
  mentionId: string;
  platform: Mention['platform'];
  url: string;
  title?: string;
  text: string;
  author?: string;
  publishedAt?: string;
  fetchedAt: string;
}

export interface CaseListQuery {
  academyId: string;
  /** ISO time; cases created at or after it. */
  since?: string;
  until?: string;
  status?: CaseStatus;
  limit?: number;
}

export interface CaseStore {
  /** Stores a mention for an academy unless it is already there. Returns false for a duplicate. */
  putMentionIfNew(record: MentionRecord): Promise<boolean>;
  /** Creates the case unless a case with the same id exists. Returns false for a duplicate. */
  createCaseIfNew(c: Case): Promise<boolean>;
  getCase(caseId: string): Promise<Case | undefined>;
  listCases(query: CaseListQuery): Promise<Case[]>;
  /** Cases whose evidence is still pending or failed, oldest first: the capture worker's backlog. */
  listCasesNeedingEvidence(academyId: string, limit?: number): Promise<Case[]>;
  setEvidence(caseId: string, evidence: EvidenceState): Promise<void>;
  /**
   * Takes a lease on sending the instant alert: false while another delivery holds a fresh lease or the
   * alert has been sent. A lease older than CLAIM_LEASE_MS is treated as abandoned (its holder died
   * before sending), so an alert is never lost, at the price of a rare duplicate.
   */
  claimAlert(caseId: string, at: string): Promise<boolean>;
  /** Records that the alert was accepted for delivery; no later claim succeeds. */
  markAlertSent(caseId: string, at: string): Promise<void>;
  /** Gives the lease back after a failed send, so the next run retries the alert. */
  releaseAlert(caseId: string): Promise<void>;
  /**
   * Sets the case's status; with `onlyFrom`, only if its status is still one of those (a conditional
   * write), so two triage links pressed at once cannot both change it or move it backwards. False if not.
   */
  setStatus(caseId: string, status: CaseStatus, actor: string, at: string, onlyFrom?: CaseStatus[]): Promise<boolean>;
  markRemoved(caseId: string, at: string): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(caseId: string): Promise<AuditEntry[]>;
  getCursor(academyId: string, sourceId: string): Promise<string | undefined>;
  putCursor(academyId: string, sourceId: string, cursor: string): Promise<void>;
  putHealth(health: SourceHealth): Promise<void>;
  listHealth(academyId: string): Promise<SourceHealth[]>;
  /** Counts of non-case mentions by day for the digest's "other mentions" line. */
  countMentions(academyId: string, since: string, until: string): Promise<{ total: number; cases: number }>;
  /** Non-case mentions fetched in the window whose content has not yet expired, newest first. */
  listMentionContent(academyId: string, since: string, until: string, limit?: number): Promise<MentionContent[]>;
  /** Takes a lease on sending an academy's digest for a day, as claimAlert does for alerts. */
  claimDigest(academyId: string, day: string, at: string): Promise<boolean>;
  /** Records that the day's digest, covering cases up to `until`, was accepted for delivery; no later claim succeeds. */
  markDigestSent(academyId: string, day: string, at: string, until: string): Promise<void>;
  /** Where the last digest sent for the academy stopped (ISO time), so the next one starts there. */
  lastDigestUntil(academyId: string): Promise<string | undefined>;
  /** Gives the lease back after a failed send, so the next attempt sends the digest. */
  releaseDigest(academyId: string, day: string): Promise<void>;
}

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

export interface EvidenceStore {
  /** Writes with a SHA-256 checksum the store verifies; returns the hex digest. */
  put(key: string, body: Uint8Array | string, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<Uint8Array | undefined>;
  list(prefix: string): Promise<string[]>;
  /** A short-lived URL to view an object; the evidence endpoint mints these on demand. */
  presign(key: string, seconds: number): Promise<string>;
  /** A human-facing location for printing (s3://bucket/key). */
  describe(key: string): string;
}

export interface OutgoingEmail {
  to: string[];
  cc?: string[];
  subject: string;
  html: string;
  text: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Platform credentials by name; SSM/Secrets Manager in AWS, env or a git-ignored file locally. */
export interface Secrets {
  get(name: string): Promise<string | undefined>;
}
