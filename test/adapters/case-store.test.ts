import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoSubjectRecords } from '../../shared/adapters/dynamodb/subject-records.js';
import { type Case, caseIdFor } from '../../shared/cases/case.js';
import type { Score } from '../../shared/score/types.js';
import type { Mention } from '../../shared/sources/mention.js';
import { freshAdapters } from '../support/aws.js';

const score = (sg: 0 | 1 | 2 | 3 | 4): Score => ({
  safeguarding: { severity: sg, categories: sg ? ['self_harm'] : [], low: sg === 1 ? ['self_harm'] : [] },
  reputational: { severity: 0, categories: [], low: [] },
  reasons: sg ? [{ category: 'self_harm', rule: 'test', match: 'kms' }] : [],
});

const mention = (n: number, fetchedAt = '2026-11-20T10:00:00.000Z'): Mention => ({
  id: `rss:post-${n}`,
  platform: 'rss',
  sourceId: 'local-news',
  url: `https://news.example/posts/${n}`,
  text: `post number ${n}`,
  author: `@author${n}`,
  fetchedAt,
  media: { image: false, video: false },
});

const caseFor = (academyId: string, m: Mention, createdAt: string, severity: 2 | 3 = 3): Case => ({
  caseId: caseIdFor(academyId, m.id),
  academyId,
  mentionId: m.id,
  createdAt,
  platform: m.platform,
  url: m.url,
  text: m.text,
  hasImage: false,
  safeguarding: score(severity).safeguarding,
  reputational: score(severity).reputational,
  reasons: score(severity).reasons,
  severity,
  status: 'new',
  evidence: { status: 'pending', attempts: 0 },
  raw: { id: m.id },
});

describe('DynamoCaseStore against dynalite', () => {
  it('stores a mention once, however often it is delivered, also concurrently', async () => {
    const { store } = await freshAdapters();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.putMentionIfNew({ mention: mention(1), academyId: 'millfield', score: score(0), isCase: false })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.countMentions('millfield', '2026-11-20', '2026-11-21')).toEqual({ total: 1, cases: 0 });
  });

  it('keeps the same mention apart for two academies', async () => {
    const { store } = await freshAdapters();
    expect(await store.putMentionIfNew({ mention: mention(1), academyId: 'millfield', score: score(0), isCase: false })).toBe(true);
    expect(await store.putMentionIfNew({ mention: mention(1), academyId: 'northbrook', score: score(0), isCase: false })).toBe(true);
  });

  it('sets a TTL on non-case mention content from the retention days, and none on the dedupe record', async () => {
    const { store, clients, tableName } = await freshAdapters({ mentionDays: 30 });
    await store.putMentionIfNew({ mention: mention(2), academyId: 'millfield', score: score(0), isCase: false });
    const doc = DynamoDBDocumentClient.from(clients.dynamodb);
    const content = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'MENTION#rss:post-2', sk: 'CONTENT#millfield' } }));
    expect(content.Item?.ttl).toBe(Date.parse('2026-11-20T10:00:00.000Z') / 1000 + 30 * 86_400);
    expect(content.Item?.text).toBe('post number 2');
    const stats = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'MENTION#rss:post-2', sk: 'ACADEMY#millfield' } }));
    expect(stats.Item?.ttl).toBeUndefined();
    expect(stats.Item?.text).toBeUndefined();
    expect(stats.Item?.author).toBeUndefined();
  });

  it('clears the pending mark on the dedupe record once the text is stored', async () => {
    const { store, clients, tableName } = await freshAdapters();
    await store.putMentionIfNew({ mention: mention(4), academyId: 'millfield', score: score(0), isCase: false });
    const doc = DynamoDBDocumentClient.from(clients.dynamodb);
    const stats = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'MENTION#rss:post-4', sk: 'ACADEMY#millfield' } }));
    expect(stats.Item).toMatchObject({ type: 'mention', isCase: false });
    expect(stats.Item).not.toHaveProperty('contentPending');
  });

  it('never stores erased text again, even when the erasure came while the text was still pending', async () => {
    const { store, clients, tableName } = await freshAdapters();
    const doc = DynamoDBDocumentClient.from(clients.dynamodb);
    const records = new DynamoSubjectRecords(clients.dynamodb, tableName);
    const contentKey = { pk: 'MENTION#rss:post-5', sk: 'CONTENT#millfield' };
    await store.putMentionIfNew({ mention: mention(5), academyId: 'millfield', score: score(0), isCase: false });
    // The state an interrupted delivery leaves: the dedupe record still marked pending.
    await doc.send(new UpdateCommand({ TableName: tableName, Key: { pk: 'MENTION#rss:post-5', sk: 'ACADEMY#millfield' }, UpdateExpression: 'SET contentPending = :t', ExpressionAttributeValues: { ':t': true } }));
    await records.eraseMentionContent('rss:post-5', 'millfield');
    expect(await store.putMentionIfNew({ mention: mention(5), academyId: 'millfield', score: score(0), isCase: false })).toBe(false);
    expect((await doc.send(new GetCommand({ TableName: tableName, Key: contentKey }))).Item).toBeUndefined();
  });

  it('creates a case once under concurrent delivery and reads it back whole', async () => {
    const { store } = await freshAdapters();
    const c = caseFor('northbrook', mention(3), '2026-11-20T10:00:00.000Z');
    const created = await Promise.all(Array.from({ length: 6 }, () => store.createCaseIfNew(c)));
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await store.getCase(c.caseId)).toEqual(c);
  });

  it('lists cases by day window, by status, and tracks the evidence backlog', async () => {
    const { store } = await freshAdapters();
    const older = caseFor('northbrook', mention(4), '2026-11-19T09:00:00.000Z', 2);
    const newer = caseFor('northbrook', mention(5), '2026-11-20T09:00:00.000Z');
    const other = caseFor('millfield', mention(6), '2026-11-20T09:30:00.000Z');
    for (const c of [older, newer, other]) await store.createCaseIfNew(c);

    expect((await store.listCases({ academyId: 'northbrook', since: '2026-11-20' })).map((c) => c.caseId)).toEqual([newer.caseId]);
    expect((await store.listCases({ academyId: 'northbrook' })).map((c) => c.caseId)).toEqual([older.caseId, newer.caseId]);

    expect(await store.setStatus(older.caseId, 'acknowledged', 'monitor@school', '2026-11-20T11:00:00.000Z', ['new'])).toBe(true);
    // Conditional: a second change from "new" finds the case acknowledged already and changes nothing.
    expect(await store.setStatus(older.caseId, 'resolved', 'head@school', '2026-11-20T11:00:01.000Z', ['new'])).toBe(false);
    expect((await store.listCases({ academyId: 'northbrook', status: 'new' })).map((c) => c.caseId)).toEqual([newer.caseId]);
    expect((await store.listCases({ academyId: 'northbrook', status: 'acknowledged' }))[0]).toMatchObject({ statusBy: 'monitor@school' });

    expect((await store.listCasesNeedingEvidence('northbrook')).map((c) => c.caseId)).toEqual([older.caseId, newer.caseId]);
    await store.setEvidence(older.caseId, { status: 'captured', kind: 'page', manifestSha256: 'ab'.repeat(32) });
    expect((await store.listCasesNeedingEvidence('northbrook')).map((c) => c.caseId)).toEqual([newer.caseId]);
  });

  it('lets exactly one of many concurrent deliveries claim the instant alert', async () => {
    const { store } = await freshAdapters();
    const c = caseFor('northbrook', mention(7), '2026-11-20T10:00:00.000Z');
    await store.createCaseIfNew(c);
    const claims = await Promise.all(Array.from({ length: 5 }, () => store.claimAlert(c.caseId, '2026-11-20T10:01:00.000Z')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimAlert(caseIdFor('northbrook', 'rss:missing'), '2026-11-20T10:01:00.000Z')).toBe(false);
  });

  it('lets a later run take over an alert claim whose holder died before sending, but never one that was sent', async () => {
    const { store } = await freshAdapters();
    const c = caseFor('northbrook', mention(8), '2026-11-20T10:00:00.000Z');
    await store.createCaseIfNew(c);
    expect(await store.claimAlert(c.caseId, '2026-11-20T10:00:00.000Z')).toBe(true);
    expect(await store.claimAlert(c.caseId, '2026-11-20T10:09:59.000Z')).toBe(false);
    expect(await store.claimAlert(c.caseId, '2026-11-20T10:10:01.000Z')).toBe(true);
    await store.markAlertSent(c.caseId, '2026-11-20T10:10:02.000Z');
    expect(await store.claimAlert(c.caseId, '2026-11-20T12:00:00.000Z')).toBe(false);
    await store.releaseAlert(c.caseId);
    expect((await store.getCase(c.caseId))?.alertSentAt).toBe('2026-11-20T10:10:02.000Z');
    expect(await store.claimAlert(c.caseId, '2026-11-21T12:00:00.000Z')).toBe(false);
  });

  it('gives a released alert claim to the next run at once', async () => {
    const { store } = await freshAdapters();
    const c = caseFor('northbrook', mention(9), '2026-11-20T10:00:00.000Z');
    await store.createCaseIfNew(c);
    expect(await store.claimAlert(c.caseId, '2026-11-20T10:00:00.000Z')).toBe(true);
    await store.releaseAlert(c.caseId);
    expect(await store.claimAlert(c.caseId, '2026-11-20T10:00:01.000Z')).toBe(true);
  });

  it('appends audit entries without overwriting, in time order', async () => {
    const { store } = await freshAdapters();
    const at = '2026-11-20T10:00:00.000Z';
    await store.appendAudit({ caseId: 'c-1', at, actor: 'system', action: 'case_opened' });
    await store.appendAudit({ caseId: 'c-1', at, actor: 'head@school', action: 'evidence_viewed', detail: { key: 'k' } });
    const trail = await store.listAudit('c-1');
    expect(trail.map((e) => e.action).sort()).toEqual(['case_opened', 'evidence_viewed']);
  });

  it('keeps cursors, health and the once-a-day digest claim per academy', async () => {
    const { store } = await freshAdapters();
    expect(await store.getCursor('millfield', 'reddit')).toBeUndefined();
    await store.putCursor('millfield', 'reddit', 't3_abc');
    expect(await store.getCursor('millfield', 'reddit')).toBe('t3_abc');
    expect(await store.getCursor('northbrook', 'reddit')).toBeUndefined();

    await store.putHealth({ academyId: 'millfield', sourceId: 'reddit', lastRunAt: 'x', consecutiveFailures: 2, lastItems: 0, lastError: 'boom' });
    expect(await store.listHealth('millfield')).toEqual([
      { academyId: 'millfield', sourceId: 'reddit', lastRunAt: 'x', consecutiveFailures: 2, lastItems: 0, lastError: 'boom' },
    ]);

    const at = (hhmm: string) => `2026-11-20T${hhmm}:00.000Z`;
    expect(await store.claimDigest('millfield', '2026-11-20', at('07:30'))).toBe(true);
    expect(await store.claimDigest('millfield', '2026-11-20', at('07:31'))).toBe(false);
    expect(await store.claimDigest('millfield', '2026-11-21', at('07:31'))).toBe(true);
    // The holder of the first claim died before sending: after the lease, another run may send.
    expect(await store.claimDigest('millfield', '2026-11-20', at('07:41'))).toBe(true);
    await store.markDigestSent('millfield', '2026-11-20', at('07:42'), at('07:41'));
    await store.releaseDigest('millfield', '2026-11-20');
    expect(await store.claimDigest('millfield', '2026-11-20', at('09:00'))).toBe(false);
    // The next digest starts where the last one sent stopped; a day only claimed does not count.
    expect(await store.lastDigestUntil('millfield')).toBe(at('07:41'));
    expect(await store.lastDigestUntil('northbrook')).toBeUndefined();
  });
});

describe('S3EvidenceStore against s3rver', () => {
  it('writes, lists, reads back and hashes artefacts', async () => {
    const { evidence } = await freshAdapters();
    const stored = await evidence.put('cases/c-1/2026/manifest.json', '{"a":1}', 'application/json');
    expect(stored.sha256).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
    await evidence.put('cases/c-1/2026/page.png', new Uint8Array([137, 80, 78, 71]), 'image/png');
    expect((await evidence.list('cases/c-1/')).sort()).toEqual(['cases/c-1/2026/manifest.json', 'cases/c-1/2026/page.png']);
    expect(Buffer.from((await evidence.get('cases/c-1/2026/manifest.json'))!).toString()).toBe('{"a":1}');
    expect(await evidence.get('cases/c-1/absent')).toBeUndefined();
  });

  it('presigns a URL that fetches the object', async () => {
    const { evidence } = await freshAdapters();
    await evidence.put('cases/c-2/note.txt', 'evidence', 'text/plain');
    const url = await evidence.presign('cases/c-2/note.txt', 60);
    expect(url).toContain('X-Amz-Signature=');
    expect(await (await fetch(url)).text()).toBe('evidence');
  });
});
