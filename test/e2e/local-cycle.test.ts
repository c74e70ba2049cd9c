import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, EMULATOR_CREDENTIALS } from '../../shared/adapters/aws-clients.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { S3EvidenceStore } from '../../shared/adapters/s3/evidence-store.js';
import { Manifest } from '../../shared/capture/manifest.js';
import { type LocalRunReport, runLocalCycle } from '../../local/run-cycle.js';
import { createStopStack } from '../../cli/commands/stop-stack.js';

/**
 * The whole local cycle, end to end: emulators, fixture web, real SDK clients, real Chromium.
 * Asserts on what landed in DynamoDB, S3 and the SES outbox, then runs again on the same data.
 */
describe('local cycle end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-e2e-'));
  let first: LocalRunReport;
  let stack: ReturnType<typeof createStopStack>;
  let outbox: { subject: string; destination: { to: string[] }; body: { html: string; text: string } }[];

  beforeAll(async () => {
    stack = createStopStack();
    first = await runLocalCycle({ configFile: 'config/example.trust.yaml', dataDir }, stack);
    outbox = ((await (await fetch(`${first.endpoints.ses}/store`)).json()) as { emails: typeof outbox }).emails;
  }, 240_000);

  afterAll(async () => {
    await stack?.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const clientsFor = (report: LocalRunReport) =>
    createAwsClients({ region: 'eu-west-2', credentials: EMULATOR_CREDENTIALS, endpoints: { dynamodb: report.endpoints.dynamodb, s3: report.endpoints.s3 } });

  it('matches the academies and leaves the Somerset namesake out', () => {
    const seen = first.polls.reduce((n, p) => n + p.seen, 0);
    const matched = first.polls.reduce((n, p) => n + p.matched, 0);
    expect(seen).toBeGreaterThan(0);
    expect(matched).toBeGreaterThan(0);
    const cases = first.polls.flatMap((p) => p.newCases);
    expect(cases.some((c) => c.url.endsWith('/posts/somerset-namesake'))).toBe(false);
  });

  it('opens a high safeguarding case for the self-harm post and alerts the DSL once', async () => {
    const cases = first.polls.flatMap((p) => p.newCases);
    const selfHarm = cases.find((c) => c.url.endsWith('/posts/cant-do-this'));
    expect(selfHarm?.safeguarding.severity).toBeGreaterThanOrEqual(3);
    expect(selfHarm?.safeguarding.categories).toContain('self_harm');
    const store = new DynamoCaseStore(clientsFor(first).dynamodb, { tableName: first.tableName, mentionDays: 30, caseYears: 25 });
    const stored = await store.getCase(selfHarm!.caseId);
    expect(stored?.alertSentAt).toBeDefined();
    const alerts = outbox.filter((e) => e.destination.to.includes('tom.reeve@northbrook.example.sch.uk'));
    expect(alerts).toHaveLength(1);
  });

  it('stores a real PNG for the concerning post whose SHA-256 matches the manifest on the case', async () => {
    const cases = first.polls.flatMap((p) => p.newCases);
    const selfHarm = cases.find((c) => c.url.endsWith('/posts/cant-do-this'))!;
    const clients = clientsFor(first);
    const store = new DynamoCaseStore(clients.dynamodb, { tableName: first.tableName, mentionDays: 30, caseYears: 25 });
    const evidence = new S3EvidenceStore(clients.s3, first.bucket);
    const stored = await store.getCase(selfHarm.caseId);
    expect(stored?.evidence).toMatchObject({ status: 'captured', kind: 'page' });
    const manifestBytes = await evidence.get(stored!.evidence.manifestKey!);
    expect(createHash('sha256').update(manifestBytes!).digest('hex')).toBe(stored!.evidence.manifestSha256);
    const manifest = Manifest.parse(JSON.parse(Buffer.from(manifestBytes!).toString('utf8')));
    const png = manifest.artefacts.find((a) => a.contentType === 'image/png')!;
    const pngBytes = await evidence.get(png.key);
    expect(Buffer.from(pngBytes!).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(createHash('sha256').update(pngBytes!).digest('hex')).toBe(png.sha256);
  });

  it('falls back to an evidence card for a post that has already gone', async () => {
    const crying = first.evidence.find((e) => first.polls.flatMap((p) => p.newCases).find((c) => c.caseId === e.caseId)?.url.endsWith('/posts/crying-video'));
    expect(crying?.state).toMatchObject({ status: 'captured', kind: 'card' });
  });

  it('sends each academy monitor a digest that names the concerning post, with post text escaped', () => {
    const digest = outbox.find((e) => e.destination.to.includes('monitor@northbrook.example.sch.uk'));
    expect(digest).toBeDefined();
    expect(digest!.body.text).toMatch(/blades/);
    expect(digest!.body.html).not.toMatch(/<script/i);
    expect(first.digests.map((d) => d.academyId).sort()).toEqual(['millfield', 'northbrook', 'riverside', 'st-aidans', 'trust']);
    expect(readFileSync(first.digests.find((d) => d.academyId === 'northbrook')!.previewFile!, 'utf8')).toContain('<html');
  });

  it('creates no duplicates when run again on the same data', async () => {
    // The SES emulator keeps its outbox in module state, shared by every instance in this process.
    await fetch(`${first.endpoints.ses}/clear-store`, { method: 'POST' });
    await stack.stopAll();
    stack = createStopStack();
    const second = await runLocalCycle({ configFile: 'config/example.trust.yaml', dataDir }, stack);
    expect(second.polls.flatMap((p) => p.newCases)).toEqual([]);
    expect(second.polls.reduce((n, p) => n + p.stored, 0)).toBe(0);
    expect(second.alerts).toEqual([]);
    expect(second.digests.every((d) => !d.sent)).toBe(true);
    const outbox2 = ((await (await fetch(`${second.endpoints.ses}/store`)).json()) as { emails: unknown[] }).emails;
    expect(outbox2).toEqual([]);
  }, 240_000);
});
