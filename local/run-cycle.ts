import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalSecrets } from '../shared/adapters/local/secrets.js';
import { type BrowserCandidate, BrowserUnavailableError, createBrowserProvider } from '../shared/capture/browser.js';
import { captureEvidence, captureJobFor } from '../shared/capture/capture.js';
import type { Case, EvidenceState } from '../shared/cases/case.js';
import { loadTrustConfig } from '../shared/config/load.js';
import { entities, type TrustConfig } from '../shared/config/schema.js';
import { createMatcher } from '../shared/match/matcher.js';
import { createHttpClient } from '../shared/net/http.js';
import type { Clock } from '../shared/ports/index.js';
import { needsInstantAlert, sendInstantAlert } from '../shared/pipeline/alert-cycle.js';
import { sendDigest, type DigestOutcome } from '../shared/pipeline/digest-cycle.js';
import { captureBacklog } from '../shared/pipeline/evidence-cycle.js';
import { pollEntity, type PollSummary } from '../shared/pipeline/poll-cycle.js';
import { createScorer } from '../shared/score/scorer.js';
import { pollSource } from '../shared/sources/registry.js';
import { startFixtureWeb } from './fixture-web.js';
import { LOCAL_BUCKET, LOCAL_TABLE, openLocalStack } from './local-stack.js';

export interface LocalRunOptions {
  configFile: string;
  /** Where emulator data, digests and logs are kept between runs. */
  dataDir: string;
  clock?: Clock;
  /** Called for each step, so the CLI can show progress. */
  progress?: (line: string) => void;
  /** Which browsers to try; the default is @sparticuz/chromium then the system Chromium. */
  browsers?: BrowserCandidate[];
}

export interface LocalRunReport {
  config: TrustConfig;
  polls: PollSummary[];
  evidence: { caseId: string; academyId: string; state: EvidenceState }[];
  alerts: { caseId: string; to: string; outcome: 'sent' | 'already_sent' }[];
  digests: DigestOutcome[];
  browserProblem?: string;
  seconds: number;
  dataDir: string;
  bucket: string;
  tableName: string;
  /** Live until the caller stops the run's stack: tests inspect what landed through these. */
  endpoints: { dynamodb: string; s3: string; ses: string; fixtureWeb: string };
}


/**
 * One full monitoring cycle on this machine: emulators and a fixture web stand in for AWS and the
 * internet, and the real pipeline code runs against them through the real AWS SDK clients.
 * Everything started here is stopped before returning, also on error; the CLI stops it on Ctrl-C.
 */
export async function runLocalCycle(options: LocalRunOptions, stack: { defer(stop: () => Promise<void>): void }): Promise<LocalRunReport> {
  const started = Date.now();
  const clock = options.clock ?? { now: () => new Date() };
  const say = options.progress ?? (() => {});
  const baseConfig = loadTrustConfig(options.configFile);
  const dataDir = resolve(options.dataDir);

  say('starting local DynamoDB, S3 and SES emulators and the fixture web');
  const local = await openLocalStack(baseConfig, dataDir, stack);
  const { emulators, store, evidence, mailer, links } = local;
  const web = await startFixtureWeb(baseConfig, () => clock.now());
  stack.defer(() => web.stop());

  // Every academy reads the fixture web's feed in place of its real sources: nothing leaves this machine.
  const fixtureFeed = [{ type: 'rss' as const, id: 'fixture-news', url: web.feedUrl, enabled: true, maxPages: 1 }];
  const config: TrustConfig = {
    ...baseConfig,
    trust: { ...baseConfig.trust, sources: fixtureFeed },
    academies: baseConfig.academies.map((a) => ({ ...a, sources: fixtureFeed })),
  };

  const matcher = createMatcher(config);
  const scorer = createScorer({ extraLexicon: config.lexicon });
  // The fixture web is on loopback, which the SSRF guard refuses unless told otherwise: only here.
  const http = createHttpClient({ allowPrivate: true });
  const browser = createBrowserProvider(options.browsers);
  stack.defer(() => browser.close());

  const report: LocalRunReport = {
    config,
    polls: [],
    evidence: [],
    alerts: [],
    digests: [],
    seconds: 0,
    dataDir,
    bucket: LOCAL_BUCKET,
    tableName: LOCAL_TABLE,
    endpoints: { dynamodb: emulators.dynamoEndpoint, s3: emulators.s3Endpoint, ses: emulators.sesEndpoint, fixtureWeb: web.baseUrl },
  };

  for (const entity of entities(config)) {
    say(`polling sources for ${entity.name}`);
    const summary = await pollEntity(config, entity, {
      store,
      scorer,
      matcher,
      http,
      secrets: new LocalSecrets(),
      clock,
      pollSource,
      onNewCase: async (c: Case) => {
        if (!needsInstantAlert(c, config.thresholds.alertSeverity)) return;
        const outcome = await sendInstantAlert(c, entity, { store, mailer, clock, links });
        report.alerts.push({ caseId: c.caseId, to: entity.dsl, outcome });
      },
    });
    report.polls.push(summary);

    say(`capturing evidence for ${entity.name}`);
    const captured = await captureBacklog(entity.id, {
      store,
      clock,
      capture: (c) =>
        captureEvidence(
          captureJobFor(c),
          { browser, store: evidence, clock, allowPrivate: true },
        ),
    });
    for (const [caseId, state] of captured) {
      report.evidence.push({ caseId, academyId: entity.id, state });
      if (state.error && /No headless Chromium could start/.test(state.error)) report.browserProblem = state.error;
    }
  }

  for (const entity of entities(config)) {
    say(`sending the daily digest for ${entity.name}`);
    const outcome = await sendDigest(config, entity, { store, evidence, mailer, clock, links }, { previewDir: join(dataDir, 'digests') });
    report.digests.push(outcome);
  }

  writeFileSync(join(dataDir, 'last-run.json'), `${JSON.stringify({ at: clock.now().toISOString(), polls: report.polls.map(({ newCases, ...p }) => ({ ...p, newCases: newCases.map((c) => c.caseId) })) }, null, 2)}\n`);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

export { BrowserUnavailableError };
