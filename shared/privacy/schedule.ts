import type { Case } from '../cases/case.js';
import type { Retention } from '../config/schema.js';

/**
 * The retention schedule in force, computed from the trust config: one line per record type with its
 * period, why that period, and what enforces it. The same numbers set DynamoDB TTLs (case store and the
 * retention sweep), the S3 Object Lock and lifecycle rules (infra), the `retention` command and the
 * retention table in docs/data-protection.md, so the schedule a DPO reads is the one that runs.
 */

export const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

export type RecordType =
  | 'mention_content'
  | 'mention_stats'
  | 'case_safeguarding'
  | 'case_reputational'
  | 'case_no_action'
  | 'evidence'
  | 'audit';

export interface ScheduleLine {
  recordType: RecordType;
  /** What a person reads: "Non-case mentions: text, author, URL, payload". */
  label: string;
  days: number;
  /** "30 days", "25 years". */
  period: string;
  startsFrom: string;
  reason: string;
  /** The guidance or law relied on. */
  source: string;
  enforcedBy: string;
}

/** The schedule's evidence period: at most the Object Lock retention, which the config refine guarantees. */
export const evidencePeriodDays = (r: Retention): number => r.evidencePeriodDays ?? r.evidenceDays;

const yearsToDays = (years: number): number => Math.round(years * YEAR_DAYS);
/** Exactly as the case store stamps a new case, so the sweep agrees with it to the second. */
const yearsToSeconds = (years: number): number => Math.round(years * YEAR_DAYS * 86_400);

export const describePeriod = (days: number): string => {
  const years = days / YEAR_DAYS;
  if (days >= 365 && Math.abs(years - Math.round(years)) < 0.01) return `${Math.round(years)} year${Math.round(years) === 1 ? '' : 's'}`;
  return `${days} day${days === 1 ? '' : 's'}`;
};

export function retentionSchedule(r: Retention): ScheduleLine[] {
  const line = (l: Omit<ScheduleLine, 'period'>): ScheduleLine => ({ ...l, period: describePeriod(l.days) });
  return [
    line({
      recordType: 'mention_content',
      label: 'Mentions that are not cases: text, title, author, URL and platform payload',
      days: r.mentionDays,
      startsFrom: 'when the post was fetched',
      reason: 'Long enough for the daily digest and a late re-check; after that nothing about the post or its author is needed.',
      source: 'UK GDPR Article 5(1)(c) data minimisation and 5(1)(e) storage limitation; ICO guide, "Principle (e): Storage limitation".',
      enforcedBy: 'DynamoDB TTL on the content item, set when it is written; reads ignore expired items before DynamoDB deletes them.',
    }),
    line({
      recordType: 'mention_stats',
      label: 'Every mention: dedupe and statistics record (ids, platform, academy, time, scores, SHA-256 of the URL)',
      days: r.statsDays,
      startsFrom: 'when the post was fetched',
      reason: 'Stops the same post being alerted twice and gives year-on-year counts; holds no text, author or readable URL.',
      source: 'UK GDPR Article 5(1)(c); statistics kept in a form that does not identify the author (Article 89 safeguards).',
      enforcedBy: 'DynamoDB TTL stamped by the retention sweep (daily after the digest in AWS; "mention-monitor retention --apply" locally).',
    }),
    line({
      recordType: 'case_safeguarding',
      label: 'Safeguarding cases, open or closed, whatever the outcome',
      days: yearsToDays(r.caseYears),
      startsFrom: 'when the case was opened',
      reason: "A child protection concern must stay available to the DSL, later schools and inquiries; the child's date of birth is unknown, so the period runs from the case.",
      source: 'IRMS Information Management Toolkit for Schools (child protection files: DOB of the child + 25 years); Keeping Children Safe in Education (record all concerns, discussions and decisions).',
      enforcedBy: 'DynamoDB TTL on the case item, set when the case is opened.',
    }),
    line({
      recordType: 'case_reputational',
      label: 'Reputational-only cases once resolved (open ones keep the safeguarding period until they close)',
      days: yearsToDays(r.reputationalCaseYears),
      startsFrom: 'the case being resolved',
      reason: 'A complaint, allegation or defamation matter may lead to a claim; the record shows what the school knew and did.',
      source: 'IRMS Toolkit for Schools (complaints files: resolution + 6 years); Limitation Act 1980 s.2 and s.5 (six years).',
      enforcedBy: 'DynamoDB TTL on the case item, re-stamped by the retention sweep when the case closes.',
    }),
    line({
      recordType: 'case_no_action',
      label: 'Reputational-only cases closed as "no action" (false alarms)',
      days: r.noActionCaseDays,
      startsFrom: 'the decision of no action',
      reason: 'Nothing was wrong, so keeping the post and its author longer has no purpose; a year answers any question about the decision.',
      source: 'UK GDPR Article 5(1)(e) storage limitation.',
      enforcedBy: 'DynamoDB TTL on the case item, re-stamped by the retention sweep.',
    }),
    line({
      recordType: 'evidence',
      label: 'Evidence: screenshots, HTML, MHTML, evidence cards and their manifests',
      days: evidencePeriodDays(r),
      startsFrom: 'capture',
      reason: `Evidence may be asked for by police, a platform, the LADO or a tribunal; S3 Object Lock (${r.objectLockMode}, ${describePeriod(r.evidenceDays)}) stops anyone deleting or changing it before then.`,
      source: 'Crown Prosecution Service disclosure practice (keep material that may be relevant); Limitation Act 1980 (six years) plus time to act.',
      enforcedBy: `S3 Object Lock default retention of ${r.evidenceDays} days and a lifecycle rule on the evidence bucket; access logs kept as long.`,
    }),
    line({
      recordType: 'audit',
      label: 'Audit trail: evidence opened, exports, erasures, restrictions and status changes, with who did them',
      days: yearsToDays(r.auditYears),
      startsFrom: 'the action',
      reason: "Shows who saw a child's data and what was done with it for as long as the records it describes exist.",
      source: 'UK GDPR Article 5(2) accountability and Article 30 records of processing; IRMS Toolkit for Schools.',
      enforcedBy: 'DynamoDB TTL stamped by the retention sweep.',
    }),
  ];
}

const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
/** Open until someone resolves it or decides no action is needed; reported to a platform is still awaiting an outcome. */
export const isOpenCase = (c: Pick<Case, 'status'>): boolean => c.status !== 'resolved' && c.status !== 'no_action';

/**
 * A case is a safeguarding record if it holds a safeguarding concern, however small its part in the case:
 * the longer period wins. A safeguarding finding only noted (low, worth a glance) on a reputational case
 * does not make it a child-protection file kept for 25 years.
 */
export const isSafeguardingCase = (c: Pick<Case, 'safeguarding'>): boolean =>
  c.safeguarding.categories.length > 0 || c.safeguarding.severity >= 2;

/** Which line of the schedule governs a case. */
export function caseRecordType(c: Pick<Case, 'safeguarding' | 'status'>): RecordType {
  if (isSafeguardingCase(c)) return 'case_safeguarding';
  return c.status === 'no_action' ? 'case_no_action' : 'case_reputational';
}

/**
 * When a case item expires (epoch seconds, the DynamoDB TTL). An open reputational case keeps the
 * safeguarding period it was created with: its outcome, and so its period, is not known until it closes.
 */
export function caseExpiry(c: Pick<Case, 'safeguarding' | 'status' | 'createdAt' | 'statusAt'>, r: Retention): number {
  const created = Date.parse(c.createdAt);
  const closed = Date.parse(c.statusAt ?? c.createdAt);
  const type = caseRecordType(c);
  if (type === 'case_safeguarding' || isOpenCase(c)) return epochSeconds(created) + yearsToSeconds(r.caseYears);
  if (type === 'case_no_action') return epochSeconds(closed + r.noActionCaseDays * DAY_MS);
  return epochSeconds(closed) + yearsToSeconds(r.reputationalCaseYears);
}

/** Audit entries live as long as the longer of their own period and the case they describe. */
export const auditExpiry = (at: string, caseExpirySeconds: number | undefined, r: Retention): number =>
  Math.max(epochSeconds(Date.parse(at)) + yearsToSeconds(r.auditYears), caseExpirySeconds ?? 0);

export const statsExpiry = (fetchedAt: string, r: Retention): number => epochSeconds(Date.parse(fetchedAt) + r.statsDays * DAY_MS);

export const mentionContentExpiry = (fetchedAt: string, r: Retention): number =>
  epochSeconds(Date.parse(fetchedAt) + r.mentionDays * DAY_MS);

/**
 * When Object Lock releases an evidence object. s3rver (the local emulator) does not implement Object Lock,
 * so the lock is modelled from the capture time and the configured retention, exactly as the bucket's default
 * retention applies it in AWS; an adapter that can read the real retain-until date passes it as `actual`.
 */
export function evidenceLockedUntil(capturedAt: string, r: Retention, actual?: Date): Date {
  const modelled = new Date(Date.parse(capturedAt) + r.evidenceDays * DAY_MS);
  return actual && actual > modelled ? actual : modelled;
}

/** The S3 lifecycle the evidence bucket should carry for this schedule (for infra/constructs/evidence-bucket.ts). */
export function evidenceLifecycle(r: Retention) {
  return {
    objectLockDays: r.evidenceDays,
    objectLockMode: r.objectLockMode,
    /** Current versions expire (a delete marker) at the end of the schedule's evidence period. */
    expireCurrentAfterDays: evidencePeriodDays(r),
    /** The locked version itself goes once its lock has ended. */
    expireNoncurrentAfterDays: r.evidenceDays + 1,
    accessLogDays: r.evidenceDays,
  };
}

/** The schedule as the Markdown table in docs/data-protection.md; a test keeps the two identical. */
export function scheduleMarkdown(r: Retention): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Record | Kept for | From | Why | Basis | Enforced by |',
    '|---|---|---|---|---|---|',
    ...retentionSchedule(r).map((l) => `| ${[l.label, l.period, l.startsFrom, l.reason, l.source, l.enforcedBy].map(cell).join(' | ')} |`),
  ].join('\n');
}
