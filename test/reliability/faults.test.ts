import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EMULATOR_CREDENTIALS } from '../../shared/adapters/aws-clients.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import type { Case } from '../../shared/cases/case.js';
import type { CaseStore, EvidenceStore, Mailer, MentionRecord } from '../../shared/ports/index.js';
import { fixedClock, guardedHttp, runCycle, withTimeoutCap, type CycleReport } from './support/cycle.js';
import { neverFinishes, send, sequence } from './support/hostile-web.js';
import { startSwitchableAws, type SwitchableAws } from './support/switchable-aws.js';
import { auditWorld, startNewsWorld, type NewsWorld } from './support/world.js';

/**
 * Faults mid-run, then recovery. Each scenario has its own emulators (on disk, restartable) and its
 * own small world of five entities' feeds; after the fault the scheduled functions simply run again,
 * as EventBridge would, and the stores and outbox must show nothing lost and nothing sent twice.
 */

const MORNING = '2026-11-24T06:00:00.000Z';
const LATER = '2026-11-24T06:30:00.000Z';
const WINDOW = { since: '2026-11-23T00:00:00.000Z', until: '2026-11-25T00:00:00.000Z' };

/** Calls `trip` once, just before the n-th call of `method`, then behaves as the real object. */
function tripBefore<T extends object>(target: T, method: keyof T, n: number, trip: () => Promise<void>): T {
  let calls = 0;
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(obj) : value;
      return async (...args: unknown[]) => {
        if (++calls === n) await trip();
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

/**
 * A process that dies: once `method` has returned for a call `when` picks, every later call on any
 * wrapped port throws, so nothing more this "process" would have done reaches a store or a mailer.
 */
function killAfter(method: string, when: (args: unknown[]) => boolean = () => true) {
  let dead = false;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (dead) throw new Error('process killed');
          const out = await (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (prop === method && when(args)) dead = true;
          return out;
        };
      },
    });
  return { wrap, get dead() { return dead; } };
}

/** Fails the first call of `method` that `when` picks, as one throttled or dropped request would. */
function failOnce<T extends object>(target: T, method: keyof T, when: (args: unknown[]) => boolean): T {
  let failed = false;
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (prop === method && !failed && when(args)) {
          failed = true;
          throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), { name: 'ProvisionedThroughputExceededException' });
        }
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

/**
 * The real DynamoDB adapter on a client of its own whose first write matching `when` fails on the
 * wire, for faults between two writes inside one adapter call.
 */
function storeFailingOnce(aws: SwitchableAws, when: (item: Record<string, { S?: string }> | undefined) => boolean): CaseStore {
  const client = new DynamoDBClient({ region: 'eu-west-2', credentials: EMULATOR_CREDENTIALS, endpoint: aws.dynamo.endpoint, maxAttempts: 1 });
  let failed = false;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Item?: Record<string, { S?: string }> };
      if (!failed && when(input.Item)) {
        failed = true;
        throw Object.assign(new Error('Throughput exceeds the current capacity of your table'), { name: 'ProvisionedThroughputExceededException' });
      }
      return next(args);
    },
    { step: 'build', name: 'reliabilityFailOnce' },
  );
  return new DynamoCaseStore(client, { tableName: aws.tableName, mentionDays: 30, caseYears: 25 });
}

interface Scenario {
  name: string;
  /** The ports as the faulty first run sees them. */
  faulty(aws: SwitchableAws): { store: CaseStore; evidence: EvidenceStore; mailer: Mailer };
  /** Whether the fault really struck during the first run. */
  hit(aws: SwitchableAws, first: CycleReport): boolean;
  /** What is down after the faulty run and must be started again. */
  restart(aws: SwitchableAws): Promise<void>;
}

const healthy = (aws: SwitchableAws) => ({ store: aws.store, evidence: aws.evidence, mailer: aws.mailer });

const scenarios: Scenario[] = [
  {
    name: 'DynamoDB stops half way through storing mentions',
    faulty: (aws) => ({ ...healthy(aws), store: tripBefore(aws.store, 'putMentionIfNew', 9, () => aws.dynamo.stop()) }),
    hit: (aws, first) => !aws.dynamo.running && first.errors.some((e) => e.stage === 'poll'),
    restart: (aws) => aws.dynamo.start(),
  },
  {
    name: 'S3 stops while evidence is being stored',
    faulty: (aws) => ({ ...healthy(aws), evidence: tripBefore(aws.evidence, 'put', 2, () => aws.s3.stop()) }),
    // A capture that cannot store its evidence leaves the case pending with the reason; it never throws.
    hit: (aws, first) => !aws.s3.running && [...first.evidence.values()].some((e) => e.status === 'pending' && Boolean(e.error)),
    restart: (aws) => aws.s3.start(),
  },
  {
    name: 'SES stops between two instant alerts',
    faulty: (aws) => ({ ...healthy(aws), mailer: tripBefore(aws.mailer, 'send', 2, () => aws.ses.stop()) }),
    hit: (aws, first) => !aws.ses.running && first.polls.some((p) => p.followUpFailures.length > 0),
    restart: (aws) => aws.ses.start(),
  },
  {
    name: 'SES stops while the digests go out',
    // Four alerts go first in this world (two each for northbrook and riverside), then five digests.
    faulty: (aws) => ({ ...healthy(aws), mailer: tripBefore(aws.mailer, 'send', 5, () => aws.ses.stop()) }),
    hit: (aws, first) => !aws.ses.running && first.errors.some((e) => e.stage === 'digest'),
    restart: (aws) => aws.ses.start(),
  },
  {
    name: 'DynamoDB refuses the audit entry of an alert that was already sent',
    faulty: (aws) => ({ ...healthy(aws), store: failOnce(aws.store, 'appendAudit', (args) => (args[0] as { action: string }).action === 'alert_sent') }),
    hit: (aws, first) => first.polls.some((p) => p.followUpFailures.some((f) => /capacity/.test(f.error))),
    restart: async () => {},
  },
];

/** Alert-worthy: the kill lands where losing the step would leave a DSL unalerted. */
const alertWorthyCase = (args: unknown[]) => (args[0] as Case).safeguarding.severity >= 3;
const alertWorthyMention = (args: unknown[]) => {
  const record = args[0] as MentionRecord;
  return record.isCase && record.score.safeguarding.severity >= 3;
};

const kills: { name: string; method: string; when?: (args: unknown[]) => boolean; alertMayRepeat?: boolean }[] = [
  { name: 'killed just after an alert-worthy case is stored, before its mention record, alert or evidence', method: 'createCaseIfNew', when: alertWorthyCase },
  { name: 'killed after an alert-worthy mention is recorded, before the alert is claimed', method: 'putMentionIfNew', when: alertWorthyMention },
  { name: 'killed after evidence objects are written, before the case records them', method: 'put' },
  // The one window where a duplicate is the designed outcome: SES took the email, the process died before
  // recording it, the lease lapsed, and the recovery run sends it again. Never none; at most twice.
  { name: 'killed after an alert is sent, before it is marked sent', method: 'send', alertMayRepeat: true },
];

describe('faults mid-run, then recovery', () => {
  const outcomes: string[] = [];
  afterAll(() => {
    console.log(`[reliability] faults survived:\n  ${outcomes.join('\n  ')}`);
  });

  async function recoverAndAudit(aws: SwitchableAws, world: NewsWorld) {
    const clock = fixedClock(LATER);
    const again = await runCycle(world.config, { ...healthy(aws), clock, http: guardedHttp() });
    // A second recovery run must change nothing: every write is idempotent.
    const third = await runCycle(world.config, { ...healthy(aws), clock, http: guardedHttp() });
    const audit = await auditWorld(world, aws.store, await aws.outbox(), WINDOW, clock.now());
    return { again, third, audit };
  }

  function expectNothingLost(audit: Awaited<ReturnType<typeof auditWorld>>, label: string, options: { alertMayRepeat?: boolean } = {}) {
    for (const row of audit) {
      expect(row.stored, `${label}: ${row.entityId} mentions stored`).toBe(row.published);
      expect(row.withContent, `${label}: ${row.entityId} mentions with their text`).toBe(row.nonCase);
      expect(row.casesWithoutEvidence, `${label}: ${row.entityId} cases without evidence`).toBe(0);
      const allowed = (n: number) => (options.alertMayRepeat ? n === 1 || n === 2 : n === 1);
      expect(row.alertsPerCase.every(allowed), `${label}: ${row.entityId} alerts per case ${row.alertsPerCase}`).toBe(true);
      expect(row.alertsMarkedSent).toBe(row.alertWorthy);
      expect(row.digestEmails, `${label}: ${row.entityId} digests`).toBe(1);
    }
    const lost = audit.reduce((n, r) => n + (r.published - r.stored), 0);
    outcomes.push(`${label}: published ${audit.reduce((n, r) => n + r.published, 0)}, lost ${lost}, cases ${audit.reduce((n, r) => n + r.cases, 0)}, alerts ${audit.reduce((n, r) => n + r.alertEmails, 0)}, digests ${audit.reduce((n, r) => n + r.digestEmails, 0)}`);
  }

  it.each(scenarios)('loses nothing and sends nothing twice when $name', async (scenario) => {
    const aws = await startSwitchableAws();
    const world = await startNewsWorld();
    try {
      world.publish(MORNING);
      const first = await runCycle(world.config, { ...scenario.faulty(aws), clock: fixedClock(MORNING), http: guardedHttp() });
      expect(scenario.hit(aws, first), 'the fault must actually have hit the run').toBe(true);
      await scenario.restart(aws);
      world.publish(LATER, 2);
      const { audit } = await recoverAndAudit(aws, world);
      expectNothingLost(audit, scenario.name);
    } finally {
      await world.stop();
      await aws.close();
    }
  });

  it.each(kills)('loses nothing (and sends nothing twice unless marked) when the process is $name', async ({ name, method, when, alertMayRepeat }) => {
    const aws = await startSwitchableAws();
    const world = await startNewsWorld();
    try {
      world.publish(MORNING);
      const kill = killAfter(method, when);
      const first = await runCycle(world.config, {
        store: kill.wrap(aws.store),
        evidence: kill.wrap(aws.evidence),
        mailer: kill.wrap(aws.mailer),
        clock: fixedClock(MORNING),
        http: guardedHttp(),
      });
      expect(kill.dead, 'the kill point must have been reached').toBe(true);
      expect(first.errors.length).toBeGreaterThan(0);
      const { audit } = await recoverAndAudit(aws, world);
      expectNothingLost(audit, `process ${name}`, { alertMayRepeat });
    } finally {
      await world.stop();
      await aws.close();
    }
  });

  /**
   * Alerts and digests are claimed with a lease before they are sent and marked sent after: a process
   * that dies between the claim and the send leaves a lease that lapses, and the recovery run (30
   * minutes later) sends the email; see SECURITY.md, "Delivery guarantees".
   */
  it.each([
    { name: 'the alert claim', method: 'claimAlert' },
    { name: 'the digest claim', method: 'claimDigest' },
  ])('sends the email on recovery when the process dies right after $name, before sending', async ({ method }) => {
    const aws = await startSwitchableAws();
    const world = await startNewsWorld();
    try {
      world.publish(MORNING);
      const kill = killAfter(method);
      await runCycle(world.config, { store: kill.wrap(aws.store), evidence: kill.wrap(aws.evidence), mailer: kill.wrap(aws.mailer), clock: fixedClock(MORNING), http: guardedHttp() });
      expect(kill.dead).toBe(true);
      const { audit } = await recoverAndAudit(aws, world);
      expectNothingLost(audit, `process killed after ${method}`);
    } finally {
      await world.stop();
      await aws.close();
    }
  });

  /**
   * A mention's dedupe record and its text are two writes (dynalite cannot run the transaction that would
   * make them one). The record carries a pending mark until the text is stored, so the re-run finishes
   * the job instead of taking the post for a duplicate.
   */
  it("keeps a non-case mention's text when its write fails right after the dedupe record", async () => {
    const aws = await startSwitchableAws();
    const world = await startNewsWorld();
    try {
      world.publish(MORNING);
      const store = storeFailingOnce(aws, (item) => item?.type?.S === 'mention_content');
      const first = await runCycle(world.config, { ...healthy(aws), store, clock: fixedClock(MORNING), http: guardedHttp() });
      expect(first.errors.some((e) => /capacity/.test(e.message))).toBe(true);
      const { audit } = await recoverAndAudit(aws, world);
      expectNothingLost(audit, 'text write failed after the dedupe record');
    } finally {
      await world.stop();
      await aws.close();
    }
  });

  it('keeps the cursor behind every post it has not stored when a platform answers 429, then 500, then hangs', async () => {
    const aws = await startSwitchableAws();
    const world = await startNewsWorld({ perEntity: 3 });
    try {
      world.publish(MORNING);
      const millfieldFeed = '/feeds/millfield.xml';
      const realFeed = world.web.routes[millfieldFeed]!;
      // Every attempt of the first poll fails: 429 with Retry-After, 500, a reset, a hang; the retries run out.
      world.web.routes[millfieldFeed] = sequence(
        send(429, 'text/plain', 'slow down', { 'retry-after': '0' }),
        send(500, 'text/plain', 'oops'),
        (_req, res) => res.socket?.destroy(),
        neverFinishes,
        realFeed,
      );
      // A hang costs the feed's own 20 s timeout in production; here the same path with a 1 s budget.
      const http = withTimeoutCap(guardedHttp({ maxRetries: 3 }), 1_000);
      const first = await runCycle(world.config, { ...healthy(aws), clock: fixedClock(MORNING), http }, { digests: false });
      const millfield = first.polls.find((p) => p.entityId === 'millfield')!;
      expect(millfield.sources[0]).toMatchObject({ ok: false });
      expect(millfield.sources[0]!.error).toMatch(/did not answer within|try again/);
      expect(await aws.store.getCursor('millfield', 'news')).toBeUndefined();
      expect(first.polls.filter((p) => p.entityId !== 'millfield').every((p) => p.sources.every((s) => s.ok))).toBe(true);
      expect(world.web.hits(millfieldFeed)).toBe(4);

      world.publish(LATER, 2);
      await runCycle(world.config, { ...healthy(aws), clock: fixedClock(LATER), http }, { digests: false });
      const counts = await aws.store.countMentions('millfield', WINDOW.since, WINDOW.until);
      expect(counts.total).toBe(world.published('millfield').length);
      const health = (await aws.store.listHealth('millfield'))[0];
      expect(health).toMatchObject({ consecutiveFailures: 0 });
      outcomes.push(`platform 429 -> 500 -> reset -> hang, then recovery: millfield ${counts.total}/${world.published('millfield').length} stored`);
    } finally {
      await world.stop();
      await aws.close();
    }
  });
});

