import { GetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoSubjectRecords } from '../../shared/adapters/dynamodb/subject-records.js';
import { S3EvidenceArchive } from '../../shared/adapters/s3/evidence-archive.js';
import type { Case } from '../../shared/cases/case.js';
import { Retention } from '../../shared/config/schema.js';
import { localOperator } from '../../shared/privacy/operator.js';
import { eraseSubject, exportSubject, type PrivacyDeps, REQUESTS_LOG } from '../../shared/privacy/requests.js';
import { freshAdapters } from '../support/aws.js';
import { AUTHOR, caseOf, daysAgo, mention, NOW, score } from './fixtures.js';

const retention = Retention.parse({ mentionDays: 30, evidenceDays: 2555 });
const DAY = 86_400;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * Subject access and erasure against the DynamoDB and S3 emulators through the real adapters. The fixture
 * author posted about two academies: a plain mention at Northbrook, an open safeguarding case at Northbrook,
 * and a resolved complaint at Millfield whose evidence is still under Object Lock; someone else's post names
 * a pupil. An old mention is past its content TTL.
 */
describe('subject access and erasure', () => {
  let deps: PrivacyDeps;
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  const plain = mention('p1', AUTHOR, 'Lovely <b>concert</b> at Northbrook Academy tonight <script>alert(1)</script>', daysAgo(2));
  const old = mention('p0', AUTHOR, 'Old post about Northbrook Academy parking', daysAgo(40));
  const openPost = mention('p2', AUTHOR, 'My son was pushed around again at Northbrook, crying in the changing rooms', daysAgo(3));
  const complaintPost = mention('p3', 'concerned_parent_nb', 'Formal complaint to Millfield Primary about SEND provision', daysAgo(20));
  const namingPost = mention('p4', '@someone_else', 'share this video of Jessica Morley from Year 8 at Millfield crying', daysAgo(5));
  const otherPost = mention('p5', '@someone_else', 'Great sports day at Millfield', daysAgo(1));
  let openCase: Case;
  let complaintCase: Case;

  beforeAll(async () => {
    const a = await freshAdapters({ mentionDays: 30, caseYears: 25 });
    tableName = a.tableName;
    doc = DynamoDBDocumentClient.from(a.clients.dynamodb);
    deps = {
      store: a.store,
      records: new DynamoSubjectRecords(a.clients.dynamodb, a.tableName),
      evidence: new S3EvidenceArchive(a.clients.s3, a.bucket),
      clock: { now: () => NOW },
      operator: localOperator(),
      retention,
    };
    for (const m of [plain, old, otherPost]) await a.store.putMentionIfNew({ mention: m, academyId: m === plain || m === old ? 'northbrook' : 'millfield', score: score(0, 0), isCase: false });
    openCase = caseOf('northbrook', openPost, score(3, 0), openPost.fetchedAt);
    complaintCase = caseOf('millfield', complaintPost, score(0, 2), complaintPost.fetchedAt, 'resolved', daysAgo(10));
    const namingCase = caseOf('millfield', namingPost, score(3, 0), namingPost.fetchedAt);
    for (const [c, m] of [[openCase, openPost], [complaintCase, complaintPost], [namingCase, namingPost]] as const) {
      await a.store.createCaseIfNew(c);
      await a.store.putMentionIfNew({ mention: m, academyId: c.academyId, score: score(0, 0), isCase: true });
      await a.store.appendAudit({ caseId: c.caseId, at: c.createdAt, actor: 'system', action: 'case_opened' });
    }
    // Evidence for the complaint, captured 19 days ago: still inside its 2555-day Object Lock.
    const prefix = `cases/${complaintCase.caseId}/20261105T090000.000Z/`;
    const png = await a.evidence.put(`${prefix}page-desktop.png`, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png');
    const manifest = await a.evidence.put(`${prefix}manifest.json`, '{"caseId":"x"}\n', 'application/json');
    await a.store.setEvidence(complaintCase.caseId, { status: 'captured', kind: 'page', manifestKey: manifest.key, manifestSha256: manifest.sha256, keys: [png.key, manifest.key], capturedAt: daysAgo(19) });
  });

  const item = async (pk: string, sk: string) => (await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item;

  it.each([
    ['mention content', () => item(`MENTION#${plain.id}`, 'CONTENT#northbrook'), () => epoch(plain.fetchedAt) + 30 * DAY],
    ['open safeguarding case', () => item(`CASE#${openCase.caseId}`, 'CASE'), () => epoch(openCase.createdAt) + Math.round(25 * 365.25 * DAY)],
  ])('sets the TTL of the %s per the schedule when it is written', async (_name, get, expected) => {
    expect((await get())?.ttl).toBe(expected());
  });

  it('keeps no text, author or URL on the statistics record, and nothing of a mention past its TTL', async () => {
    const stats = await item(`MENTION#${old.id}`, 'ACADEMY#northbrook');
    expect(stats).toBeDefined();
    expect(Object.keys(stats!)).not.toEqual(expect.arrayContaining(['text']));
    for (const field of ['text', 'author', 'url', 'title', 'raw']) expect(stats).not.toHaveProperty(field);
    expect(JSON.stringify(stats)).not.toContain('parking');
    const content = await item(`MENTION#${old.id}`, 'CONTENT#northbrook');
    expect(content!.ttl).toBeLessThan(NOW.getTime() / 1000);
    const found = await deps.records.findBySubject({ author: AUTHOR });
    expect(found.mentions.map((m) => m.mentionId)).not.toContain(old.id);
    const listed = await deps.store.listMentionContent('northbrook', daysAgo(60), NOW.toISOString());
    expect(listed.map((m) => m.mentionId)).not.toContain(old.id);
  });

  it('exports every record of an author whose posts span two academies, with an escaped index', async () => {
    const built = await exportSubject({ author: 'concerned_parent_nb', name: 'Jessica Morley' }, deps, 'Northbrook Academies Trust', 'sar.zip');
    const files = unzipSync(built.zip);
    const names = Object.keys(files);
    expect(names).toEqual(expect.arrayContaining([
      'index.html',
      'index.txt',
      `records/mentions/northbrook/${plain.id.replace(':', '_')}.json`,
      `records/cases/${openCase.caseId}/case.json`,
      `records/cases/${openCase.caseId}/audit.json`,
      `records/cases/${complaintCase.caseId}/case.json`,
      `evidence/cases/${complaintCase.caseId}/20261105T090000.000Z/page-desktop.png`,
      `evidence/cases/${complaintCase.caseId}/20261105T090000.000Z/manifest.json`,
      'records/mention-statistics.json',
    ]));
    expect(built.counts).toMatchObject({ mentions: 1, cases: 3, evidenceFiles: 2 });
    const academies = new Set(JSON.parse(strFromU8(files['records/mention-statistics.json']!)).map((s: { academyId: string }) => s.academyId));
    expect([...academies].sort()).toEqual(['millfield', 'northbrook']);
    const html = strFromU8(files['index.html']!);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(strFromU8(files['index.txt']!)).toContain('names this person');
    expect(names.some((n) => n.includes(otherPost.id.replace(':', '_')))).toBe(false);
    expect(files[`evidence/cases/${complaintCase.caseId}/20261105T090000.000Z/page-desktop.png`]).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  });

  it('records the export on every case it covered and in the request log, with the operator', async () => {
    for (const caseId of [openCase.caseId, complaintCase.caseId, REQUESTS_LOG]) {
      const entry = (await deps.store.listAudit(caseId)).find((e) => e.action === 'subject_access.exported');
      expect(entry?.actor).toMatch(/^os-(user|uid):/);
      expect(entry?.detail?.subjectRef).toMatch(/^sha256:[0-9a-f]{32}$/);
    }
  });

  describe('erasure', () => {
    let report: Awaited<ReturnType<typeof eraseSubject>>;
    beforeAll(async () => {
      report = await eraseSubject({ author: AUTHOR }, 'Erasure request, ref DP-2026-14', deps);
    });

    it('refuses to delete evidence under Object Lock, says why and until when, and restricts it', async () => {
      const evidence = report.decisions.find((d) => d.target === 'evidence');
      expect(evidence).toMatchObject({ action: 'restrict', caseId: complaintCase.caseId, until: new Date(Date.parse(daysAgo(19)) + 2555 * DAY * 1000).toISOString() });
      expect(evidence && 'reason' in evidence && evidence.reason).toMatch(/under S3 Object Lock \(GOVERNANCE\) until \d+ \w+ 20\d\d, so nobody can delete it before then/);
      expect(await deps.evidence.list(`cases/${complaintCase.caseId}/`)).toHaveLength(2);
      const stored = await item(`CASE#${complaintCase.caseId}`, 'CASE');
      expect(stored?.evidenceRestriction).toMatchObject({ target: 'evidence', until: (evidence as { until: string }).until });
    });

    it('restricts the open case instead of erasing it, and says it can be erased once closed', async () => {
      const decision = report.decisions.find((d) => d.target === 'case' && d.caseId === openCase.caseId);
      expect(decision).toMatchObject({ action: 'restrict' });
      expect((decision as { reason: string }).reason).toMatch(/still open .* can be erased once it is resolved/);
      expect((await deps.store.getCase(openCase.caseId))?.text).toBe(openPost.text);
    });

    it("erases the closed complaint's text, author, URL and matched phrases but keeps what it was", async () => {
      const c = await deps.store.getCase(complaintCase.caseId);
      expect(c?.text).toMatch(/^\[erased on 2026-11-24/);
      expect(c?.author).toBeUndefined();
      expect(c?.raw).toBeUndefined();
      expect(c?.url).not.toContain('concerned_parent');
      expect(c?.reasons.map((r) => r.match)).toEqual(['']);
      expect(c).toMatchObject({ status: 'resolved', reputational: { severity: 2, categories: ['complaint'] } });
    });

    it('deletes the plain mention content and finds nothing erasable left', async () => {
      expect(await item(`MENTION#${plain.id}`, 'CONTENT#northbrook')).toBeUndefined();
      const left = await deps.records.findBySubject({ author: AUTHOR });
      expect(left.mentions).toEqual([]);
      expect(left.cases.map((c) => c.caseId)).toEqual([openCase.caseId]);
    });

    it.each([
      ['the open case', () => openCase.caseId, 'erasure.restricted'],
      ['the locked evidence', () => complaintCase.caseId, 'erasure.restricted'],
      ['the erased complaint', () => complaintCase.caseId, 'erasure.applied'],
      ['the request log', () => REQUESTS_LOG, 'erasure.restricted'],
    ])('writes an audit entry for %s with the operator and no handle', async (_what, caseId, action) => {
      const entries = (await deps.store.listAudit(caseId())).filter((e) => e.action === action);
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.actor).toMatch(/^os-(user|uid):/);
        expect(JSON.stringify(e).toLowerCase()).not.toContain('concerned_parent');
      }
    });
  });
});
