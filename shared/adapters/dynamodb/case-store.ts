import { createHash, randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, Case, CaseStatus, EvidenceState } from '../../cases/case.js';
import { type CaseListQuery, type CaseStore, type MentionContent, type MentionRecord, type SourceHealth, staleBefore } from '../../ports/index.js';
import { INDEXES, TTL_ATTRIBUTE } from './table-design.js';
import type { Mention } from '../../sources/mention.js';

export interface DynamoCaseStoreOptions {
  tableName: string;
  /** Days a non-case mention keeps its text, author and payload (retention.mentionDays). */
  mentionDays: number;
  /** Years a case is kept (retention.caseYears); sets the case item's TTL. */
  caseYears: number;
}

const DAY_SECONDS = 86_400;
const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
export const isConditionFailure = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';

/** Evidence still to capture: the sparse backlog index holds only these cases (not captured, not given up). */
const needsEvidence = (e: EvidenceState): boolean => e.status === 'pending';

export class DynamoCaseStore implements CaseStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly options: DynamoCaseStoreOptions,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  private get table(): string {
    return this.options.tableName;
  }

  async putMentionIfNew(record: MentionRecord): Promise<boolean> {
    const { mention, academyId, score, isCase } = record;
    const key = { pk: `MENTION#${mention.id}`, sk: `ACADEMY#${academyId}` };
    try {
      // Statistics and dedupe only: no text, author or payload, so it may outlive the content item.
      // contentPending marks a non-case mention whose text is not stored yet: without a transaction
      // (which dynalite cannot run) the two puts can be split by a failure, and the next delivery of
      // the post finishes the job instead of taking it for a plain duplicate.
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key,
            type: 'mention',
            mentionId: mention.id,
            academyId,
            platform: mention.platform,
            sourceId: mention.sourceId,
            urlSha256: createHash('sha256').update(mention.url).digest('hex'),
            publishedAt: mention.publishedAt,
            fetchedAt: mention.fetchedAt,
            safeguardingSeverity: score.safeguarding.severity,
            reputationalSeverity: score.reputational.severity,
            categories: [...score.safeguarding.categories, ...score.reputational.categories],
            isCase,
            contentPending: isCase ? undefined : true,
            [INDEXES.byAcademy.pk]: `ACADEMY#${academyId}#MENTIONS`,
            [INDEXES.byAcademy.sk]: `${mention.fetchedAt}#${mention.id}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      if (!isCase) await this.finishPendingContent(key, mention, academyId);
      return false;
    }
    // A case keeps its own copy of the text; a non-case mention's expires after the short retention.
    if (!isCase) await this.storeContent(key, mention, academyId);
    return true;
  }

  /** A duplicate delivery stores the text that an earlier, interrupted delivery did not. */
  private async finishPendingContent(key: { pk: string; sk: string }, mention: Mention, academyId: string): Promise<void> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ProjectionExpression: 'contentPending', ConsistentRead: true }),
    );
    if (out.Item?.contentPending === true) await this.storeContent(key, mention, academyId);
  }

  private async storeContent(key: { pk: string; sk: string }, mention: Mention, academyId: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: key.pk,
          sk: `CONTENT#${academyId}`,
          type: 'mention_content',
          mentionId: mention.id,
          platform: mention.platform,
          publishedAt: mention.publishedAt,
          fetchedAt: mention.fetchedAt,
          url: mention.url,
          title: mention.title,
          text: mention.text,
          author: mention.author,
          raw: mention.raw === undefined ? undefined : JSON.stringify(mention.raw),
          [INDEXES.byAcademy.pk]: `ACADEMY#${academyId}#CONTENT`,
          [INDEXES.byAcademy.sk]: `${mention.fetchedAt}#${mention.id}`,
          [TTL_ATTRIBUTE]: epochSeconds(mention.fetchedAt) + this.options.mentionDays * DAY_SECONDS,
        },
      }),
    );
    await this.doc.send(new UpdateCommand({ TableName: this.table, Key: key, UpdateExpression: 'REMOVE contentPending' }));
  }

  private caseItem(c: Case): Record<string, unknown> {
    return {
      ...c,
      raw: c.raw === undefined ? undefined : JSON.stringify(c.raw),
      pk: `CASE#${c.caseId}`,
      sk: 'CASE',
      type: 'case',
      [INDEXES.byAcademy.pk]: `ACADEMY#${c.academyId}#CASES`,
      [INDEXES.byAcademy.sk]: `${c.createdAt}#${c.caseId}`,
      [INDEXES.byStatus.pk]: `ACADEMY#${c.academyId}#STATUS#${c.status}`,
      [INDEXES.byStatus.sk]: `${c.createdAt}#${c.caseId}`,
      [INDEXES.bySeverity.pk]: `ACADEMY#${c.academyId}#SEVERITY#${c.severity}`,
      [INDEXES.bySeverity.sk]: `${c.createdAt}#${c.caseId}`,
      ...(needsEvidence(c.evidence)
        ? { [INDEXES.evidenceBacklog.pk]: `ACADEMY#${c.academyId}#EVIDENCE`, [INDEXES.evidenceBacklog.sk]: `${c.createdAt}#${c.caseId}` }
        : {}),
      [TTL_ATTRIBUTE]: epochSeconds(c.createdAt) + Math.round(this.options.caseYears * 365.25 * DAY_SECONDS),
    };
  }

  private static fromItem(item: Record<string, unknown>): Case {
    const { pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, gsi4pk: _g, gsi4sk: _h, ttl: _t, raw, ...rest } =
      item;
    return { ...(rest as unknown as Case), raw: typeof raw === 'string' ? JSON.parse(raw) : undefined };
  }

  async createCaseIfNew(c: Case): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: this.caseItem(c), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }));
    return out.Item ? DynamoCaseStore.fromItem(out.Item) : undefined;
  }

  private async queryAll(input: QueryCommandInput, limit = Number.POSITIVE_INFINITY): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items.slice(0, limit);
  }

  async listCases(query: CaseListQuery): Promise<Case[]> {
    const index = query.status ? INDEXES.byStatus : INDEXES.byAcademy;
    const partition = query.status ? `ACADEMY#${query.academyId}#STATUS#${query.status}` : `ACADEMY#${query.academyId}#CASES`;
    const since = query.since ?? '0000';
    const until = `${query.until ?? '9999'}#\uffff`;
    const items = await this.queryAll(
      {
        TableName: this.table,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :since AND :until',
        ExpressionAttributeNames: { '#pk': index.pk, '#sk': index.sk },
        ExpressionAttributeValues: { ':pk': partition, ':since': since, ':until': until },
      },
      query.limit,
    );
    return items.map((i) => DynamoCaseStore.fromItem(i));
  }

  async listCasesNeedingEvidence(academyId: string, limit = 100): Promise<Case[]> {
    const items = await this.queryAll(
      {
        TableName: this.table,
        IndexName: INDEXES.evidenceBacklog.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEXES.evidenceBacklog.pk },
        ExpressionAttributeValues: { ':pk': `ACADEMY#${academyId}#EVIDENCE` },
      },
      limit,
    );
    return items.map((i) => DynamoCaseStore.fromItem(i));
  }

  async setEvidence(caseId: string, evidence: EvidenceState): Promise<void> {
    const done = !needsEvidence(evidence);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: done ? 'SET evidence = :e REMOVE gsi4pk, gsi4sk' : 'SET evidence = :e',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':e': evidence },
      }),
    );
  }

  async claimAlert(caseId: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
          UpdateExpression: 'SET alertClaimedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(alertSentAt) AND (attribute_not_exists(alertClaimedAt) OR alertClaimedAt < :stale)',
          ExpressionAttributeValues: { ':at': at, ':stale': staleBefore(at) },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async markAlertSent(caseId: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'SET alertSentAt = if_not_exists(alertSentAt, :at) REMOVE alertClaimedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async releaseAlert(caseId: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'REMOVE alertClaimedAt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(alertSentAt)',
      }),
    ).catch((err) => {
      if (!isConditionFailure(err)) throw err;
    });
  }

  async setStatus(caseId: string, status: CaseStatus, actor: string, at: string, onlyFrom?: CaseStatus[]): Promise<boolean> {
    const existing = await this.getCase(caseId);
    if (!existing) throw new Error(`Case ${caseId} does not exist; check the case id (mention-monitor cases --academy <id> lists them).`);
    const from = onlyFrom?.length ? onlyFrom : undefined;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
          UpdateExpression: 'SET #status = :s, statusBy = :by, statusAt = :at, gsi2pk = :g',
          ConditionExpression: from ? `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})` : undefined,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':s': status,
            ':by': actor,
            ':at': at,
            ':g': `ACADEMY#${existing.academyId}#STATUS#${status}`,
            ...Object.fromEntries((from ?? []).map((f, i) => [`:from${i}`, f])),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async markRemoved(caseId: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        UpdateExpression: 'SET removedAt = if_not_exists(removedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    // Append-only: a random suffix keeps two entries in the same millisecond apart; never overwrite.
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `CASE#${entry.caseId}`, sk: `AUDIT#${entry.at}#${randomBytes(4).toString('hex')}`, type: 'audit', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':audit': 'AUDIT#' },
    });
    return items.map(({ caseId: c, at, actor, action, detail }) => ({ caseId: c, at, actor, action, detail }) as AuditEntry);
  }

  async getCursor(academyId: string, sourceId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `ACADEMY#${academyId}`, sk: `CURSOR#${sourceId}` }, ConsistentRead: true }),
    );
    return out.Item?.cursor as string | undefined;
  }

  async putCursor(academyId: string, sourceId: string, cursor: string): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: `ACADEMY#${academyId}`, sk: `CURSOR#${sourceId}`, type: 'cursor', cursor } }),
    );
  }

  async putHealth(health: SourceHealth): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `ACADEMY#${health.academyId}`, sk: `HEALTH#${health.sourceId}`, type: 'health', ...health },
      }),
    );
  }

  async listHealth(academyId: string): Promise<SourceHealth[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':pk': `ACADEMY#${academyId}`, ':h': 'HEALTH#' },
    });
    return items.map(({ pk: _pk, sk: _sk, type: _type, ...h }) => h as unknown as SourceHealth);
  }

  async countMentions(academyId: string, since: string, until: string): Promise<{ total: number; cases: number }> {
    const items = await this.queryAll({
      TableName: this.table,
      IndexName: INDEXES.byAcademy.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :since AND :until',
      ExpressionAttributeNames: { '#pk': INDEXES.byAcademy.pk, '#sk': INDEXES.byAcademy.sk },
      ExpressionAttributeValues: { ':pk': `ACADEMY#${academyId}#MENTIONS`, ':since': since, ':until': `${until}#\uffff` },
      ProjectionExpression: 'isCase',
    });
    return { total: items.length, cases: items.filter((i) => i.isCase === true).length };
  }

  async listMentionContent(academyId: string, since: string, until: string, limit = 200): Promise<MentionContent[]> {
    const items = await this.queryAll(
      {
        TableName: this.table,
        IndexName: INDEXES.byAcademy.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :since AND :until',
        ExpressionAttributeNames: { '#pk': INDEXES.byAcademy.pk, '#sk': INDEXES.byAcademy.sk },
        ExpressionAttributeValues: { ':pk': `ACADEMY#${academyId}#CONTENT`, ':since': since, ':until': `${until}#\uffff` },
        ScanIndexForward: false,
      },
      limit,
    );
    // DynamoDB deletes expired items within days, not at once: never show content past its retention.
    const nowSeconds = Date.now() / 1000;
    return items
      .filter((i) => typeof i.ttl !== 'number' || i.ttl > nowSeconds)
      .map(({ mentionId, platform, url, title, text, author, publishedAt, fetchedAt }) => ({ mentionId, platform, url, title, text, author, publishedAt, fetchedAt }) as MentionContent);
  }

  async claimDigest(academyId: string, day: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `ACADEMY#${academyId}`, sk: `DIGEST#${day}` },
          UpdateExpression: 'SET #type = :type, claimedAt = :at',
          ConditionExpression: 'attribute_not_exists(sentAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'digest', ':at': at, ':stale': staleBefore(at) },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async markDigestSent(academyId: string, day: string, at: string, until: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `ACADEMY#${academyId}`, sk: `DIGEST#${day}` },
        UpdateExpression: 'SET sentAt = if_not_exists(sentAt, :at), #until = if_not_exists(#until, :until) REMOVE claimedAt',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':at': at, ':until': until },
      }),
    );
  }

  async lastDigestUntil(academyId: string): Promise<string | undefined> {
    // Newest day first; a day still only claimed (its sender died) is skipped for the last one sent.
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      ExpressionAttributeValues: { ':pk': `ACADEMY#${academyId}`, ':d': 'DIGEST#' },
      ScanIndexForward: false,
    }, 30);
    return items.find((i) => typeof i.until === 'string')?.until as string | undefined;
  }

  async releaseDigest(academyId: string, day: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `ACADEMY#${academyId}`, sk: `DIGEST#${day}` },
        UpdateExpression: 'REMOVE claimedAt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt)',
      }),
    ).catch((err) => {
      if (!isConditionFailure(err)) throw err;
    });
  }
}

/** Creates the table with the same keys and indexes as the CDK stack; used by the local run and tests. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const indexes = Object.values(INDEXES);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', ...indexes.flatMap((i) => [i.pk, i.sk])].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.pk, KeyType: 'HASH' },
            { AttributeName: i.sk, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
}
