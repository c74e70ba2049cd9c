import type { AuditEntry } from '../cases/case.js';
import type { Retention } from '../config/schema.js';
import { logger } from '../log.js';
import type { CaseStore, Clock } from '../ports/index.js';
import { type CaseEvidence, decideErasure, type ErasureDecision } from './erasure.js';
import { buildSubjectExport, type SubjectBundle, type SubjectExport } from './export.js';
import type { EvidenceArchive, OperatorIdentity, SubjectRecordStore } from './ports.js';
import { subjectRef, type Subject } from './subject.js';

/**
 * Subject access and erasure requests, end to end over the ports: gather, act, and record the action on
 * the audit trail with the operator's identity. Requests are about a person rather than one case, so a
 * summary entry for each goes under REQUESTS_LOG (`mention-monitor audit --requests`), and an entry goes
 * on every case the request touched.
 */
export const REQUESTS_LOG = 'subject-requests';

export interface PrivacyDeps {
  store: CaseStore;
  records: SubjectRecordStore;
  evidence: EvidenceArchive;
  clock: Clock;
  operator: OperatorIdentity;
  retention: Retention;
}

const evidencePrefix = (caseId: string): string => `cases/${caseId}/`;

/** Every record about the subject, evidence bytes included. */
export async function collectSubject(subject: Subject, deps: PrivacyDeps, trustName: string, generatedBy: string): Promise<SubjectBundle> {
  const { mentions, cases } = await deps.records.findBySubject(subject);
  const mentionIds = [...new Set([...mentions.map((m) => m.mentionId), ...cases.map((c) => c.mentionId)])];
  const stats = (await Promise.all(mentionIds.map((id) => deps.records.mentionStats(id)))).flat();
  const caseBundles = [];
  for (const c of cases) {
    const audit = await deps.store.listAudit(c.caseId);
    const keys = await deps.evidence.list(evidencePrefix(c.caseId));
    const evidence = [];
    for (const key of keys) {
      const bytes = await deps.evidence.get(key);
      if (bytes) evidence.push({ key, bytes });
    }
    caseBundles.push({ case: c, audit, evidence });
  }
  return { subject, generatedAt: deps.clock.now().toISOString(), generatedBy, trustName, mentions, stats, cases: caseBundles };
}

export async function exportSubject(subject: Subject, deps: PrivacyDeps, trustName: string, fileName: string): Promise<SubjectExport> {
  const operator = await deps.operator.whoAmI();
  const bundle = await collectSubject(subject, deps, trustName, operator);
  const built = buildSubjectExport(bundle);
  const at = deps.clock.now().toISOString();
  const ref = subjectRef(subject);
  for (const { case: c } of bundle.cases) {
    await deps.store.appendAudit({ caseId: c.caseId, at, actor: operator, action: 'subject_access.exported', detail: { subjectRef: ref, file: fileName } });
  }
  await deps.store.appendAudit({
    caseId: REQUESTS_LOG, at, actor: operator, action: 'subject_access.exported',
    detail: { subjectRef: ref, platform: subject.platform ?? null, byName: Boolean(subject.name), file: fileName, ...built.counts, caseIds: bundle.cases.map((b) => b.case.caseId) },
  });
  logger.info('subject access export made', { subjectRef: ref, ...built.counts });
  return built;
}

export interface ErasureReport {
  subjectRef: string;
  decisions: ErasureDecision[];
  erased: { mentions: number; cases: number; evidenceFiles: number };
  restricted: number;
}

export async function eraseSubject(subject: Pick<Subject, 'author' | 'platform'>, reason: string, deps: PrivacyDeps): Promise<ErasureReport> {
  const operator = await deps.operator.whoAmI();
  const now = deps.clock.now();
  const at = now.toISOString();
  const ref = subjectRef(subject);
  // Erasure is of what the person wrote: a name in someone else's post is the subject of a different request.
  const records = await deps.records.findBySubject({ author: subject.author, platform: subject.platform });
  const evidence: CaseEvidence[] = [];
  for (const c of records.cases) {
    const keys = await deps.evidence.list(evidencePrefix(c.caseId));
    const locks = (await Promise.all(keys.map((k) => deps.evidence.lockedUntil(k)))).filter((d): d is Date => d !== undefined);
    const latest = locks.sort((a, b) => b.getTime() - a.getTime())[0];
    evidence.push({ caseId: c.caseId, keys, capturedAt: c.evidence.capturedAt, lockedUntil: latest });
  }
  const decisions = decideErasure(records, evidence, deps.retention, now);
  const report: ErasureReport = { subjectRef: ref, decisions, erased: { mentions: 0, cases: 0, evidenceFiles: 0 }, restricted: 0 };
  const audit = (caseId: string, action: string, detail: AuditEntry['detail']) => deps.store.appendAudit({ caseId, at, actor: operator, action, detail });

  for (const d of decisions) {
    if (d.target === 'mention') {
      await deps.records.eraseMentionContent(d.mentionId, d.academyId);
      report.erased.mentions++;
    } else if (d.action === 'restrict') {
      await deps.records.recordRestriction(d.caseId, { target: d.target, at, by: operator, reason: d.reason, until: d.until, subjectRef: ref });
      await audit(d.caseId, 'erasure.restricted', { subjectRef: ref, target: d.target, reason: d.reason, until: d.until ?? null, request: reason });
      report.restricted++;
    } else if (d.target === 'case') {
      await deps.records.eraseCaseContent(d.caseId, { at, by: operator, subjectRef: ref });
      await audit(d.caseId, 'erasure.applied', { subjectRef: ref, target: 'case', fields: ['text', 'title', 'author', 'url', 'raw', 'reasons.match'], request: reason });
      report.erased.cases++;
    } else {
      for (const key of d.keys) await deps.evidence.delete(key);
      await audit(d.caseId, 'erasure.applied', { subjectRef: ref, target: 'evidence', files: d.keys.length, request: reason });
      report.erased.evidenceFiles += d.keys.length;
    }
  }
  await audit(REQUESTS_LOG, report.restricted ? 'erasure.restricted' : 'erasure.applied', {
    subjectRef: ref, platform: subject.platform ?? null, request: reason, ...report.erased, restricted: report.restricted,
    caseIds: records.cases.map((c) => c.caseId),
  });
  logger.info('erasure request handled', { subjectRef: ref, ...report.erased, restricted: report.restricted });
  return report;
}
