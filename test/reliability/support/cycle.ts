import { loadTrustConfig } from '../../../shared/config/load.js';
import { entities, type Entity, type SourceConfig, type TrustConfig } from '../../../shared/config/schema.js';
import type { Case, EvidenceState } from '../../../shared/cases/case.js';
import { createMatcher } from '../../../shared/match/matcher.js';
import { isPublicAddress } from '../../../shared/net/address-guard.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../../shared/net/http.js';
import { needsInstantAlert, sendInstantAlert } from '../../../shared/pipeline/alert-cycle.js';
import { sendDigest, type DigestOutcome } from '../../../shared/pipeline/digest-cycle.js';
import { captureBacklog } from '../../../shared/pipeline/evidence-cycle.js';
import { pollEntity, type PollSummary } from '../../../shared/pipeline/poll-cycle.js';
import type { CaseStore, Clock, EvidenceStore, Mailer, Secrets } from '../../../shared/ports/index.js';
import { createScorer } from '../../../shared/score/scorer.js';
import { pollSource } from '../../../shared/sources/registry.js';
import type { PollContext } from '../../../shared/sources/source.js';

const LINK_KEY = 'reliability-test-link-signing-key-0123456789abcdef';
const LINK_BASE = 'https://links.trust.example.org.uk/e';

/** The example trust (four academies and the trust itself: five monitored entities), sources replaced per test. */
export function trustWith(sourcesFor: (entity: Entity) => SourceConfig[]): TrustConfig {
  const base = loadTrustConfig('config/example.trust.yaml');
  return {
    ...base,
    trust: { ...base.trust, sources: sourcesFor(base.trust) },
    academies: base.academies.map((a) => ({ ...a, sources: sourcesFor(a) })),
  };
}

export const rssSource = (id: string, url: string): SourceConfig => ({ type: 'rss', id, url, enabled: true, maxPages: 1 });

/**
 * Host names the tests resolve themselves: `*.fixture.test` is the local fixture web, the others
 * point where an attacker would aim (cloud metadata, a private network, loopback by another name).
 */
const HOSTILE_DNS: Record<string, string[]> = {
  'metadata.hostile.test': ['169.254.169.254'],
  'intranet.hostile.test': ['10.0.0.5'],
  'loopback.hostile.test': ['127.0.0.2'],
  'v6loopback.hostile.test': ['::1'],
  'mixed.hostile.test': ['93.184.215.14', '192.168.1.1'],
};
export async function testResolve(host: string): Promise<string[]> {
  if (host.endsWith('.fixture.test')) return ['127.0.0.1'];
  const answer = HOSTILE_DNS[host];
  if (!answer) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
  return answer;
}

/**
 * The production HTTP client with the production address rule, except that the one loopback address
 * the fixture web listens on stands in for "the public internet". Retries are fast so faults are cheap.
 */
export function guardedHttp(options: HttpClientOptions = {}): HttpClient {
  return createHttpClient({
    addressPolicy: (ip) => ip === '127.0.0.1' || isPublicAddress(ip),
    resolve: testResolve,
    baseDelayMs: 20,
    maxDelayMs: 200,
    ...options,
  });
}

const noSecrets: Secrets = { get: async () => undefined };

export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
}

export interface PipelineDeps {
  store: CaseStore;
  evidence: EvidenceStore;
  mailer: Mailer;
  clock: Clock;
  http: HttpClient;
  /** Stands in for the capture worker; the default keeps a small text record so no browser is needed. */
  capture?: (c: Case) => Promise<EvidenceState>;
  baseUrls?: PollContext['baseUrls'];
}

export interface CycleReport {
  polls: PollSummary[];
  /** Failures a run hit, by stage and entity, as the Lambda would have reported them. */
  errors: { stage: 'poll' | 'capture' | 'digest'; entityId: string; message: string }[];
  alerts: { caseId: string; outcome: string }[];
  evidence: Map<string, EvidenceState>;
  digests: DigestOutcome[];
}

/** Evidence without a browser: the stored payload as a JSON record (the card path of the real capture). */
const recordCapture = (evidence: EvidenceStore, clock: Clock) => async (c: Case): Promise<EvidenceState> => {
  const key = `evidence/${c.caseId}/record.json`;
  const stored = await evidence.put(key, JSON.stringify({ url: c.url, text: c.text, raw: c.raw ?? null }), 'application/json');
  return { status: 'captured', kind: 'card', keys: [key], manifestKey: key, manifestSha256: stored.sha256, capturedAt: clock.now().toISOString() };
};

/**
 * One scheduled cycle as the deployed functions run it, each handler's failure kept to itself:
 * poll every entity (alerting as cases open), sweep the capture backlog, send the digests.
 */
export async function runCycle(config: TrustConfig, deps: PipelineDeps, options: { digests?: boolean; capture?: boolean } = {}): Promise<CycleReport> {
  const matcher = createMatcher(config);
  const scorer = createScorer({ extraLexicon: config.lexicon });
  const report: CycleReport = { polls: [], errors: [], alerts: [], evidence: new Map(), digests: [] };
  const links = { baseUrl: LINK_BASE, key: LINK_KEY };
  const capture = deps.capture ?? recordCapture(deps.evidence, deps.clock);
  const fail = (stage: CycleReport['errors'][number]['stage'], entityId: string, err: unknown) =>
    report.errors.push({ stage, entityId, message: err instanceof Error ? err.message : String(err) });

  for (const entity of entities(config)) {
    try {
      report.polls.push(
        await pollEntity(config, entity, {
          store: deps.store,
          scorer,
          matcher,
          http: deps.http,
          secrets: noSecrets,
          clock: deps.clock,
          pollSource: (ctx) => pollSource({ ...ctx, baseUrls: deps.baseUrls }),
          onNewCase: async (c) => {
            if (!needsInstantAlert(c, config.thresholds.alertSeverity)) return;
            const outcome = await sendInstantAlert(c, entity, { store: deps.store, mailer: deps.mailer, clock: deps.clock, links });
            report.alerts.push({ caseId: c.caseId, outcome });
          },
        }),
      );
    } catch (err) {
      fail('poll', entity.id, err);
    }
  }
  for (const entity of options.capture === false ? [] : entities(config)) {
    try {
      const done = await captureBacklog(entity.id, { store: deps.store, clock: deps.clock, capture }, 1_000);
      for (const [id, state] of done) report.evidence.set(id, state);
    } catch (err) {
      fail('capture', entity.id, err);
    }
  }
  if (options.digests !== false) {
    for (const entity of entities(config)) {
      try {
        report.digests.push(await sendDigest(config, entity, { store: deps.store, evidence: deps.evidence, mailer: deps.mailer, clock: deps.clock, links }));
      } catch (err) {
        fail('digest', entity.id, err);
      }
    }
  }
  return report;
}

/** One benign and one concerning text per entity, each matching only that entity; the concerning ones for
 * northbrook and riverside score high on safeguarding (alerts), the others medium or high reputational (cases). */
export const ACADEMY_PHRASES: Record<string, { benign: string; concern: string }> = {
  trust: {
    benign: 'Northbrook Academies Trust annual report published, lovely to see the progress',
    concern: 'Northbrook Academies Trust chief accused of fiddling the budget, police investigating',
  },
  northbrook: {
    benign: 'Great sports day at Northbrook Academy today, well done everyone',
    concern: 'A Year 9 pupil at Northbrook Academy is being bullied every day and threatened with a knife after school',
  },
  millfield: {
    benign: 'Lovely harvest festival at Millfield Primary Academy this morning',
    concern: 'Millfield Primary Academy teacher accused of hitting a pupil, police investigating',
  },
  'st-aidans': {
    benign: "St Aidan's CofE Academy choir sang beautifully at the cathedral",
    concern: "St Aidan's CofE Academy head accused of fiddling the school budget, police investigating",
  },
  riverside: {
    benign: 'Riverside Junior Academy book fair raised money for the library',
    concern: 'Riverside Junior Academy pupil being bullied and threatened with a knife at the gates',
  },
};


/**
 * The same client with every request's time budget capped: a hang takes the production timeout
 * path (20 s for a feed, 15 s for an API) in `budgetMs`, so tests of hangs stay short.
 */
export function withTimeoutCap(http: HttpClient, budgetMs: number): HttpClient {
  return { request: (req) => http.request({ ...req, timeoutMs: Math.min(req.timeoutMs ?? budgetMs, budgetMs) }) };
}
