import { createHash } from 'node:crypto';
import type { AuditEntry, Case, CaseStatus, EvidenceState } from '../../shared/cases/case.js';
import {
  type CaseListQuery, type CaseStore, type EvidenceStore, type MentionContent, type MentionRecord, type SourceHealth, staleBefore, type StoredObject,
} from '../../shared/ports/index.js';

/**
 * In-memory CaseStore and EvidenceStore for unit tests only: they keep the ports' promises (conditional
 * creates, claim-once) but none of the durability. The DynamoDB and S3 adapters are tested separately.
 */
export class MemoryCaseStore implements CaseStore {
  readonly mentions = new Map<string, MentionRecord>();
  readonly cases = new Map<string, Case>();
  readonly audit: AuditEntry[] = [];
  readonly cursors = new Map<string, string>();
  readonly health = new Map<string, SourceHealth>();
  readonly digests = new Map<string, { claimedAt?: string; sentAt?: string; until?: string }>();

  async putMentionIfNew(record: MentionRecord): Promise<boolean> {
    const key = `${record.academyId}\u0000${record.mention.id}`;
    if (this.mentions.has(key)) return false;
    this.mentions.set(key, structuredClone(record));
    return true;
  }

  async createCaseIfNew(c: Case): Promise<boolean> {
    if (this.cases.has(c.caseId)) return false;
    this.cases.set(c.caseId, structuredClone(c));
    return true;
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    const c = this.cases.get(caseId);
    return c && structuredClone(c);
  }

  async listCases(q: CaseListQuery): Promise<Case[]> {
    return [...this.cases.values()]
      .filter((c) => c.academyId === q.academyId && (!q.since || c.createdAt >= q.since) && (!q.until || c.createdAt < q.until) && (!q.status || c.status === q.status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, q.limit ?? Infinity)
      .map((c) => structuredClone(c));
  }

  async listCasesNeedingEvidence(academyId: string, limit = Infinity): Promise<Case[]> {
    return (await this.listCases({ academyId })).filter((c) => c.evidence.status === 'pending').slice(0, limit);
  }

  private update(caseId: string, change: (c: Case) => void): void {
    const c = this.cases.get(caseId);
    if (!c) throw new Error(`No case ${caseId} in the memory store.`);
    change(c);
  }

  async setEvidence(caseId: string, evidence: EvidenceState): Promise<void> {
    this.update(caseId, (c) => (c.evidence = structuredClone(evidence)));
  }

  async claimAlert(caseId: string, at: string): Promise<boolean> {
    const c = this.cases.get(caseId);
    if (!c || c.alertSentAt || (c.alertClaimedAt && c.alertClaimedAt >= staleBefore(at))) return false;
    c.alertClaimedAt = at;
    return true;
  }

  async markAlertSent(caseId: string, at: string): Promise<void> {
    this.update(caseId, (c) => {
      c.alertSentAt ??= at;
      delete c.alertClaimedAt;
    });
  }

  async releaseAlert(caseId: string): Promise<void> {
    this.update(caseId, (c) => delete c.alertClaimedAt);
  }

  async setStatus(caseId: string, status: CaseStatus, actor: string, at: string, onlyFrom?: CaseStatus[]): Promise<boolean> {
    const c = this.cases.get(caseId);
    if (!c) throw new Error(`No case ${caseId} in the memory store.`);
    if (onlyFrom?.length && !onlyFrom.includes(c.status)) return false;
    this.update(caseId, (x) => Object.assign(x, { status, statusBy: actor, statusAt: at }));
    return true;
  }


  async markRemoved(caseId: string, at: string): Promise<void> {
    this.update(caseId, (c) => (c.removedAt ??= at));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.push(structuredClone(entry));
  }

  async listAudit(caseId: string): Promise<AuditEntry[]> {
    return this.audit.filter((e) => e.caseId === caseId).map((e) => structuredClone(e));
  }

  async getCursor(academyId: string, sourceId: string): Promise<string | undefined> {
    return this.cursors.get(`${academyId}/${sourceId}`);
  }

  async putCursor(academyId: string, sourceId: string, cursor: string): Promise<void> {
    this.cursors.set(`${academyId}/${sourceId}`, cursor);
  }

  async putHealth(health: SourceHealth): Promise<void> {
    this.health.set(`${health.academyId}/${health.sourceId}`, structuredClone(health));
  }

  async listHealth(academyId: string): Promise<SourceHealth[]> {
    return [...this.health.values()].filter((h) => h.academyId === academyId);
  }

  async countMentions(academyId: string, since: string, until: string): Promise<{ total: number; cases: number }> {
    const inRange = [...this.mentions.values()].filter(
      (r) => r.academyId === academyId && r.mention.fetchedAt >= since && r.mention.fetchedAt < until,
    );
    return { total: inRange.length, cases: inRange.filter((r) => r.isCase).length };
  }

  async listMentionContent(academyId: string, since: string, until: string, limit = Infinity): Promise<MentionContent[]> {
    return [...this.mentions.values()]
      .filter((r) => r.academyId === academyId && !r.isCase && r.mention.fetchedAt >= since && r.mention.fetchedAt < until)
      .sort((a, b) => b.mention.fetchedAt.localeCompare(a.mention.fetchedAt))
      .slice(0, limit)
      .map(({ mention: m }) => ({
        mentionId: m.id, platform: m.platform, url: m.url, title: m.title, text: m.text, author: m.author, publishedAt: m.publishedAt, fetchedAt: m.fetchedAt,
      }));
  }

  async claimDigest(academyId: string, day: string, at: string): Promise<boolean> {
    const key = `${academyId}/${day}`;
    const held = this.digests.get(key);
    if (held?.sentAt || (held?.claimedAt && held.claimedAt >= staleBefore(at))) return false;
    this.digests.set(key, { claimedAt: at });
    return true;
  }

  async markDigestSent(academyId: string, day: string, at: string, until: string): Promise<void> {
    this.digests.set(`${academyId}/${day}`, { sentAt: at, until });
  }

  async lastDigestUntil(academyId: string): Promise<string | undefined> {
    return [...this.digests.entries()]
      .filter(([key, d]) => key.startsWith(`${academyId}/`) && d.until)
      .sort(([a], [b]) => b.localeCompare(a))[0]?.[1].until;
  }

  async releaseDigest(academyId: string, day: string): Promise<void> {
    const key = `${academyId}/${day}`;
    if (!this.digests.get(key)?.sentAt) this.digests.delete(key);
  }
}

export class MemoryEvidenceStore implements EvidenceStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  readonly presigned: { key: string; seconds: number }[] = [];

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<StoredObject> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(key, { body: bytes, contentType });
    return { key, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key)?.body;
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async presign(key: string, seconds: number): Promise<string> {
    this.presigned.push({ key, seconds });
    return `https://evidence.example.test/${encodeURIComponent(key)}?expires=${seconds}`;
  }

  describe(key: string): string {
    return `memory://evidence/${key}`;
  }
}
