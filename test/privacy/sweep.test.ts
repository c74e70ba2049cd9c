import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoSubjectRecords } from '../../shared/adapters/dynamodb/subject-records.js';
import { S3EvidenceArchive } from '../../shared/adapters/s3/evidence-archive.js';
import { Retention } from '../../shared/config/schema.js';
import { localOperator } from '../../shared/privacy/operator.js';
import { eraseSubject } from '../../shared/privacy/requests.js';
import { freshAdapters } from '../support/aws.js';
import { caseOf, daysAgo, mention, NOW, score } from './fixtures.js';

const DAY = 86_400;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The retention sweep and erasure past Object Lock, against the emulators through the real adapters. */
describe('retention sweep', () => {
  it('stamps TTLs on statistics, closed cases by outcome and audit entries from the schedule', async () => {
    const retention = Retention.parse({ statsDays: 400, reputationalCaseYears: 6, noActionCaseDays: 90, auditYears: 2 });
    const a = await freshAdapters();
    const records = new DynamoSubjectRecords(a.clients.dynamodb, a.tableName);
    const doc = DynamoDBDocumentClient.from(a.clients.dynamodb);
    const m1 = mention('s1', '@a', 'complaint about Millfield', daysAgo(100));
    const m2 = mention('s2', '@b', 'nothing to see at Millfield', daysAgo(50));
    const resolved = caseOf('millfield', m1, score(0, 2), m1.fetchedAt, 'resolved', daysAgo(60));
    const noAction = caseOf('millfield', m2, score(0, 2), m2.fetchedAt, 'no_action', daysAgo(40));
    for (const [c, m] of [[resolved, m1], [noAction, m2]] as const) {
      await a.store.createCaseIfNew(c);
      await a.store.putMentionIfNew({ mention: m, academyId: 'millfield', score: score(0, 2), isCase: true });
    }
    await a.store.appendAudit({ caseId: noAction.caseId, at: daysAgo(40), actor: 'os-user:tester', action: 'status.no_action' });

    const sweep = await records.applyRetention(retention);
    expect(sweep.stamped).toMatchObject({ mention_stats: 2, case_reputational: 1, case_no_action: 1, audit: 1 });
    const get = async (pk: string, sk: string) => (await doc.send(new GetCommand({ TableName: a.tableName, Key: { pk, sk } }))).Item;
    expect((await get(`MENTION#${m1.id}`, 'ACADEMY#millfield'))?.ttl).toBe(epoch(m1.fetchedAt) + 400 * DAY);
    expect((await get(`CASE#${resolved.caseId}`, 'CASE'))?.ttl).toBe(epoch(daysAgo(60)) + Math.round(6 * 365.25 * DAY));
    expect((await get(`CASE#${noAction.caseId}`, 'CASE'))?.ttl).toBe(epoch(daysAgo(40)) + 90 * DAY);
    // The audit entry outlives its own two years only if its case does; here its own period is longer.
    const [audit] = (await records.listExpiring(epoch(NOW.toISOString()) + 3 * 365 * DAY)).filter((i) => i.recordType === 'audit');
    expect(audit?.expiresAt).toBe(epoch(daysAgo(40)) + Math.round(2 * 365.25 * DAY));

    expect((await records.applyRetention(retention)).stamped).toEqual({});
  });

  it('deletes the evidence of a closed reputational case once its Object Lock has ended', async () => {
    const retention = Retention.parse({ evidenceDays: 30 });
    const a = await freshAdapters();
    const m = mention('e1', '@old_author', 'Millfield complaint from long ago', daysAgo(90));
    const c = caseOf('millfield', m, score(0, 2), m.fetchedAt, 'resolved', daysAgo(80));
    await a.store.createCaseIfNew(c);
    const key = `cases/${c.caseId}/20260826T090000.000Z/page-desktop.png`;
    await a.evidence.put(key, new Uint8Array([1, 2, 3]), 'image/png');
    await a.store.setEvidence(c.caseId, { status: 'captured', kind: 'page', keys: [key], capturedAt: daysAgo(89) });
    const archive = new S3EvidenceArchive(a.clients.s3, a.bucket);
    const report = await eraseSubject({ author: 'old_author' }, 'erasure request DP-2026-15', {
      store: a.store, records: new DynamoSubjectRecords(a.clients.dynamodb, a.tableName), evidence: archive,
      clock: { now: () => NOW }, operator: localOperator(), retention,
    });
    expect(report.erased).toEqual({ mentions: 0, cases: 1, evidenceFiles: 1 });
    expect(report.restricted).toBe(0);
    expect(await archive.list(`cases/${c.caseId}/`)).toEqual([]);
    expect((await a.store.listAudit(c.caseId)).map((e) => e.action)).toEqual(['erasure.applied', 'erasure.applied']);
  });
});
