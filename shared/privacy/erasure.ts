import type { Case } from '../cases/case.js';
import type { Retention } from '../config/schema.js';
import { caseExpiry, evidenceLockedUntil, isOpenCase, isSafeguardingCase } from './schedule.js';
import type { StoredMentionContent } from './subject.js';

/**
 * What an erasure request may erase now, and what must be restricted instead, with a reason a person can
 * read. Pure: the caller gathers the records and applies the decisions.
 *
 * - A non-case mention's content is erased: it was only kept for the digest.
 * - A case still open is restricted until it is closed: the school is still acting on it.
 * - A closed safeguarding case is restricted until its retention ends: keeping child protection records
 *   is a legal obligation, so the right to erasure does not apply (UK GDPR Article 17(3)(b)).
 * - A closed reputational case has its text, author, URL and payload erased; what it was and how it ended stay.
 * - Evidence under Object Lock cannot be deleted by anyone until the lock ends: restricted until then;
 *   evidence past its lock is deleted with the case content.
 */

export type ErasureDecision =
  | { target: 'mention'; mentionId: string; academyId: string; action: 'erase' }
  | { target: 'case'; caseId: string; academyId: string; action: 'erase' }
  | { target: 'case'; caseId: string; academyId: string; action: 'restrict'; reason: string; until?: string }
  | { target: 'evidence'; caseId: string; academyId: string; keys: string[]; action: 'erase' }
  | { target: 'evidence'; caseId: string; academyId: string; keys: string[]; action: 'restrict'; reason: string; until?: string };

const ukDate = (d: Date): string => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

export interface CaseEvidence {
  caseId: string;
  keys: string[];
  /** When the evidence was captured: the start of its Object Lock. */
  capturedAt?: string;
  /** The store's own retain-until date, where it reports one. */
  lockedUntil?: Date;
}

export function decideErasure(
  records: { mentions: StoredMentionContent[]; cases: Case[] },
  evidence: CaseEvidence[],
  retention: Retention,
  now: Date,
): ErasureDecision[] {
  const decisions: ErasureDecision[] = records.mentions.map((m) => ({ target: 'mention', mentionId: m.mentionId, academyId: m.academyId, action: 'erase' }));
  for (const c of records.cases) {
    const open = isOpenCase(c);
    if (open) {
      decisions.push({
        target: 'case', caseId: c.caseId, academyId: c.academyId, action: 'restrict',
        reason: `Case ${c.caseId} is still open (${c.status.replace(/_/g, ' ')}): the school is still acting on it. It is kept but restricted, and can be erased once it is resolved or closed as no action; run this command again then.`,
      });
    } else if (isSafeguardingCase(c)) {
      const until = new Date(caseExpiry(c, retention) * 1000);
      decisions.push({
        target: 'case', caseId: c.caseId, academyId: c.academyId, action: 'restrict', until: until.toISOString(),
        reason: `Case ${c.caseId} is a safeguarding record, which the school must keep under Keeping Children Safe in Education and the retention schedule (UK GDPR Article 17(3)(b)). It is restricted and will be deleted automatically on ${ukDate(until)}.`,
      });
    } else {
      decisions.push({ target: 'case', caseId: c.caseId, academyId: c.academyId, action: 'erase' });
    }

    const files = evidence.find((e) => e.caseId === c.caseId);
    if (!files || files.keys.length === 0) continue;
    const lockEnds = evidenceLockedUntil(files.capturedAt ?? c.createdAt, retention, files.lockedUntil);
    if (lockEnds > now) {
      decisions.push({
        target: 'evidence', caseId: c.caseId, academyId: c.academyId, keys: files.keys, action: 'restrict', until: lockEnds.toISOString(),
        reason: `The evidence for case ${c.caseId} (${files.keys.length} file${files.keys.length === 1 ? '' : 's'}) is under S3 Object Lock (${retention.objectLockMode}) until ${ukDate(lockEnds)}, so nobody can delete it before then. It is restricted: kept, not used, and can be erased after that date.`,
      });
    } else if (!open && !isSafeguardingCase(c)) {
      decisions.push({ target: 'evidence', caseId: c.caseId, academyId: c.academyId, keys: files.keys, action: 'erase' });
    } else {
      const kept = decisions.find((d) => d.target === 'case' && d.caseId === c.caseId && d.action === 'restrict') as { until?: string } | undefined;
      decisions.push({
        target: 'evidence', caseId: c.caseId, academyId: c.academyId, keys: files.keys, action: 'restrict', until: kept?.until,
        reason: `The evidence for case ${c.caseId} belongs to a case that must be kept for now (see above), so it is restricted with it.`,
      });
    }
  }
  return decisions;
}

/** The fields of a case that identify the author or repeat the post, as they read after erasure. */
export function erasedCaseFields(c: Pick<Case, 'caseId' | 'reasons'>, at: string) {
  return {
    text: `[erased on ${at.slice(0, 10)} at the request of the person concerned]`,
    url: `urn:mention-monitor:erased:${c.caseId}`,
    // The matched phrase is a piece of the post; the rule and category say enough.
    reasons: c.reasons.map(({ match: _match, ...rest }) => ({ ...rest, match: '' })),
  };
}
