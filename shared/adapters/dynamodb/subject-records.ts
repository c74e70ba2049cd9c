import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Case } from '../../cases/case.js';
import type { Retention } from '../../config/schema.js';
import { erasedCaseFields } from '../../privacy/erasure.js';
import type { Erasure, ExpiringItem, MentionStats, Restriction, RetentionSweep, SubjectRecordStore } from '../../privacy/ports.js';
import { auditExpiry, caseExpiry, caseRecordType, type RecordType, statsExpiry } from '../../privacy/schedule.js';
import { isAboutSubject, type StoredMentionContent, type Subject } from '../../privacy/subject.js';
import { isConditionFailure } from './case-store.js';
import { TTL_ATTRIBUTE } from './table-design.js';

/**
 * The person-centric side of the case table (same table and keys as DynamoCaseStore, see table-design.ts):
 * finding a person's records, erasing or restricting them, and stamping TTLs to the retention schedule.
 *
 * Finding by author is a Scan with a filter on the item type, matched in code (handles compare without @
 * or case, names as whole words). The table is per academy and small, and a subject access request is
 * rare and on demand, so an author index (which would copy every handle into one more place) is not worth it.
 */
export class DynamoSubjectRecords implements SubjectRecordStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  private async *scan(input: Omit<ScanCommandInput, 'TableName'>): AsyncGenerator<Record<string, unknown>> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new ScanCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }));
      yield* out.Items ?? [];
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  private static toCase(item: Record<string, unknown>): Case {
    const { pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, gsi4pk: _g, gsi4sk: _h, ttl: _t, raw, ...rest } =
      item;
    return { ...(rest as unknown as Case), raw: typeof raw === 'string' ? JSON.parse(raw) : undefined };
  }

  private static toContent(item: Record<string, unknown>): StoredMentionContent {
    const { mentionId, platform, url, title, text, author, publishedAt, fetchedAt, sk, ttl, raw } = item as Record<string, never>;
    return {
      mentionId, platform, url, title, text, author, publishedAt, fetchedAt,
      academyId: String(sk).replace(/^CONTENT#/, ''),
      expiresAt: ttl,
      ...(typeof raw === 'string' ? { raw: JSON.parse(raw) } : {}),
    } as StoredMentionContent;
  }

  async findBySubject(subject: Subject): Promise<{ mentions: StoredMentionContent[]; cases: Case[] }> {
    const mentions: StoredMentionContent[] = [];
    const cases: Case[] = [];
    const nowSeconds = Date.now() / 1000;
    for await (const item of this.scan({
      FilterExpression: '#type IN (:content, :case)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':content': 'mention_content', ':case': 'case' },
    })) {
      if (item.type === 'case') {
        const c = DynamoSubjectRecords.toCase(item);
        if (isAboutSubject(c, subject)) cases.push(c);
      } else if (typeof item.ttl !== 'number' || item.ttl > nowSeconds) {
        // Past its TTL the content is gone as far as anyone should see, even if DynamoDB has not deleted it yet.
        const m = DynamoSubjectRecords.toContent(item);
        if (isAboutSubject(m, subject)) mentions.push(m);
      }
    }
    const byTime = (a: { fetchedAt?: string; createdAt?: string }, b: { fetchedAt?: string; createdAt?: string }) =>
      String(a.fetchedAt ?? a.createdAt).localeCompare(String(b.fetchedAt ?? b.createdAt));
    return { mentions: mentions.sort(byTime), cases: cases.sort(byTime) };
  }

  async mentionStats(mentionId: string): Promise<MentionStats[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :academy)',
        ExpressionAttributeValues: { ':pk': `MENTION#${mentionId}`, ':academy': 'ACADEMY#' },
      }),
    );
    return (out.Items ?? []).map(
      ({ mentionId: id, academyId, platform, urlSha256, publishedAt, fetchedAt, safeguardingSeverity, reputationalSeverity, categories, isCase }) =>
        ({ mentionId: id, academyId, platform, urlSha256, publishedAt, fetchedAt, safeguardingSeverity, reputationalSeverity, categories, isCase }) as MentionStats,
    );
  }

  async eraseMentionContent(mentionId: string, academyId: string): Promise<void> {
    // Clear the pending mark first, so a later delivery of the post never stores the erased text again.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `MENTION#${mentionId}`, sk: `ACADEMY#${academyId}` },
        UpdateExpression: 'REMOVE contentPending',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    ).catch((err: unknown) => {
      if (!isConditionFailure(err)) throw err;
    });
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `MENTION#${mentionId}`, sk: `CONTENT#${academyId}` } }));
  }

  async eraseCaseContent(caseId: string, erasure: Erasure): Promise<void> {
    const key = { pk: `CASE#${caseId}`, sk: 'CASE' };
    const out = await this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk } }));
    const item = out.Items?.[0];
    if (!item) throw new Error(`Case ${caseId} does not exist; nothing was erased. Check the case id with "mention-monitor cases".`);
    const fields = erasedCaseFields({ caseId, reasons: (item.reasons as Case['reasons']) ?? [] }, erasure.at);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET #text = :text, #url = :url, reasons = :reasons, erasure = :erasure REMOVE #title, #author, #raw',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#text': 'text', '#url': 'url', '#title': 'title', '#author': 'author', '#raw': 'raw' },
        ExpressionAttributeValues: { ':text': fields.text, ':url': fields.url, ':reasons': fields.reasons, ':erasure': erasure },
      }),
    );
  }

  async recordRestriction(caseId: string, restriction: Restriction): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'SET #field = :r',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#field': restriction.target === 'case' ? 'restriction' : 'evidenceRestriction' },
        ExpressionAttributeValues: { ':r': restriction },
      }),
    );
  }

  private static recordTypeOf(item: Record<string, unknown>): RecordType | undefined {
    switch (item.type) {
      case 'mention_content':
        return 'mention_content';
      case 'mention':
        return 'mention_stats';
      case 'audit':
        return 'audit';
      case 'case':
        return caseRecordType(DynamoSubjectRecords.toCase(item));
      default:
        return undefined;
    }
  }

  async listExpiring(untilSeconds: number): Promise<ExpiringItem[]> {
    const due: ExpiringItem[] = [];
    for await (const item of this.scan({
      FilterExpression: '#ttl < :until',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':until': untilSeconds },
    })) {
      const recordType = DynamoSubjectRecords.recordTypeOf(item);
      if (!recordType) continue;
      const academyId = (item.academyId as string | undefined) ?? (String(item.sk).startsWith('CONTENT#') ? String(item.sk).slice(8) : undefined);
      due.push({ recordType, academyId, expiresAt: item[TTL_ATTRIBUTE] as number });
    }
    return due.sort((a, b) => a.expiresAt - b.expiresAt);
  }

  async listCapturedEvidence(): Promise<{ caseId: string; academyId: string; capturedAt: string }[]> {
    const out: { caseId: string; academyId: string; capturedAt: string }[] = [];
    for await (const item of this.scan({
      FilterExpression: '#type = :case AND evidence.#status = :captured',
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
      ExpressionAttributeValues: { ':case': 'case', ':captured': 'captured' },
      ProjectionExpression: 'caseId, academyId, evidence',
    })) {
      const evidence = item.evidence as Case['evidence'];
      if (evidence.capturedAt) out.push({ caseId: item.caseId as string, academyId: item.academyId as string, capturedAt: evidence.capturedAt });
    }
    return out;
  }

  async applyRetention(retention: Retention): Promise<RetentionSweep> {
    const sweep: RetentionSweep = { examined: 0, stamped: {} };
    const caseTtl = new Map<string, number>();
    const audits: Record<string, unknown>[] = [];
    const stamp = async (item: Record<string, unknown>, ttl: number, recordType: RecordType) => {
      if (item[TTL_ATTRIBUTE] === ttl) return;
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #ttl = :ttl',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':ttl': ttl },
        }),
      );
      sweep.stamped[recordType] = (sweep.stamped[recordType] ?? 0) + 1;
    };
    for await (const item of this.scan({
      FilterExpression: '#type IN (:case, :mention, :audit)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':case': 'case', ':mention': 'mention', ':audit': 'audit' },
    })) {
      sweep.examined++;
      if (item.type === 'case') {
        const c = DynamoSubjectRecords.toCase(item);
        const ttl = caseExpiry(c, retention);
        caseTtl.set(c.caseId, ttl);
        await stamp(item, ttl, caseRecordType(c));
      } else if (item.type === 'mention') {
        await stamp(item, statsExpiry(item.fetchedAt as string, retention), 'mention_stats');
      } else {
        audits.push(item);
      }
    }
    // Audit entries last: each lives at least as long as the case it describes.
    for (const item of audits) await stamp(item, auditExpiry(item.at as string, caseTtl.get(item.caseId as string), retention), 'audit');
    return sweep;
  }
}
