import type { Case } from '../cases/case.js';
import type { Retention } from '../config/schema.js';
import type { RecordType } from './schedule.js';
import type { StoredMentionContent, Subject } from './subject.js';

/**
 * What subject access, erasure and the retention sweep need from storage beyond the CaseStore: the
 * person-centric queries and the few writes that erase or restrict. Adapter: DynamoSubjectRecords.
 */

/** The dedupe and statistics record of a mention: no text or author, so it is only found through a mention id. */
export interface MentionStats {
  mentionId: string;
  academyId: string;
  platform: string;
  urlSha256: string;
  publishedAt?: string;
  fetchedAt: string;
  safeguardingSeverity: number;
  reputationalSeverity: number;
  categories: string[];
  isCase: boolean;
}

export interface Restriction {
  /** What is restricted: the case record or its evidence files. */
  target: 'case' | 'evidence';
  at: string;
  by: string;
  reason: string;
  /** ISO time when the restriction can end and the erasure be done; absent when it ends with the case closing. */
  until?: string;
  subjectRef: string;
}

export interface Erasure {
  at: string;
  by: string;
  subjectRef: string;
}

export interface ExpiringItem {
  recordType: RecordType;
  academyId?: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface RetentionSweep {
  examined: number;
  /** Items whose TTL was set or changed to match the schedule. */
  stamped: Partial<Record<RecordType, number>>;
}

export interface SubjectRecordStore {
  /** Every non-case mention content item and case by the subject or naming them. */
  findBySubject(subject: Subject): Promise<{ mentions: StoredMentionContent[]; cases: Case[] }>;
  mentionStats(mentionId: string): Promise<MentionStats[]>;
  eraseMentionContent(mentionId: string, academyId: string): Promise<void>;
  /** Replaces the case's text, title, author, URL, payload and matched phrases; keeps what the case was and how it ended. */
  eraseCaseContent(caseId: string, erasure: Erasure): Promise<void>;
  recordRestriction(caseId: string, restriction: Restriction): Promise<void>;
  /** Items DynamoDB will delete before `untilSeconds` (epoch), oldest first, with the evidence of captured cases. */
  listExpiring(untilSeconds: number): Promise<ExpiringItem[]>;
  /** Cases with captured evidence and when it was captured, for evidence due to leave Object Lock. */
  listCapturedEvidence(): Promise<{ caseId: string; academyId: string; capturedAt: string }[]>;
  /** Stamps every item's TTL to match the schedule (cases by outcome, statistics, audit entries). */
  applyRetention(retention: Retention): Promise<RetentionSweep>;
}

/** Evidence objects: reading them for an export, deleting them once Object Lock allows. */
export interface EvidenceArchive {
  list(prefix: string): Promise<string[]>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** Deletes every version of the object; throws if Object Lock still protects one. */
  delete(key: string): Promise<void>;
  /** The object's Object Lock retain-until date where the store reports one (S3), else undefined. */
  lockedUntil(key: string): Promise<Date | undefined>;
}

/** Who is at the keyboard: the OS user locally, the IAM principal in AWS. Recorded on every audit entry. */
export interface OperatorIdentity {
  whoAmI(): Promise<string>;
}
