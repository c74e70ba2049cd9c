import { FUNCTION_SIZES } from '../../../infra/sizing.js';
import { entities } from '../../../shared/config/schema.js';
import type { CaseStore } from '../../../shared/ports/index.js';
import { createScorer } from '../../../shared/score/scorer.js';
import { ACADEMY_PHRASES, fixedClock, guardedHttp, rssSource, runCycle, trustWith } from './cycle.js';
import { type FeedItem, rss, startHostileWeb } from './hostile-web.js';
import { startSwitchableAws } from './switchable-aws.js';

/** The deployed poll function's timeout (infra/sizing.ts): one academy's poll must finish inside it. */
export const POLL_TIMEOUT_SECONDS = FUNCTION_SIZES.poll.timeoutSeconds;
/** Lambda's own ceiling, for comparison. */
export const LAMBDA_MAX_SECONDS = 15 * 60;
/** Items per feed: at the feed parser's 500-item cap, so nothing is dropped by the cap. */
const MAX_FEED_ITEMS = 500;

export interface LoadFigures {
  mentions: number;
  entities: number;
  feeds: number;
  stored: number;
  cases: number;
  pollSeconds: number;
  mentionsPerSecond: number;
  scoringPerSecond: number;
  storeCalls: Record<string, number>;
  maxConcurrentWrites: number;
  /** Seconds one academy's poll Lambda (its share of the mentions) took: what must fit POLL_TIMEOUT_SECONDS. */
  slowestEntitySeconds: number;
  errors: string[];
}

/** Counts store calls by method and the most writes in flight at once. */
function metered(store: CaseStore) {
  const calls: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  const writes = new Set(['putMentionIfNew', 'createCaseIfNew', 'appendAudit', 'putCursor', 'putHealth', 'setEvidence', 'claimAlert']);
  const wrapped = new Proxy(store, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const name = String(prop);
        calls[name] = (calls[name] ?? 0) + 1;
        const isWrite = writes.has(name);
        if (isWrite) maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await (value as (...a: unknown[]) => unknown).apply(obj, args);
        } finally {
          if (isWrite) inFlight--;
        }
      };
    },
  });
  return { store: wrapped, calls, maxInFlight: () => maxInFlight };
}

/**
 * One poll cycle with `total` new mentions spread evenly over the five entities' feeds, through the
 * real parser, matcher, scorer and DynamoDB adapter against the emulator. About one in twenty is
 * concerning, so cases, audits and alerts are part of the load too.
 */
export async function runLoad(total: number, options: { oneAcademy?: string } = {}): Promise<LoadFigures> {
  const aws = await startSwitchableAws();
  const web = await startHostileWeb();
  try {
    const now = '2026-11-24T06:00:00.000Z';
    const ids = options.oneAcademy ? [options.oneAcademy] : Object.keys(ACADEMY_PHRASES);
    const perEntity = Math.ceil(total / ids.length);
    const feedsPerEntity = Math.ceil(perEntity / MAX_FEED_ITEMS);
    const texts: string[] = [];
    let serial = 0;
    for (const id of ids) {
      for (let f = 0; f < feedsPerEntity; f++) {
        const items: FeedItem[] = [];
        for (let i = 0; i < Math.min(MAX_FEED_ITEMS, perEntity - f * MAX_FEED_ITEMS); i++) {
          serial++;
          const title = `${serial % 20 === 0 ? ACADEMY_PHRASES[id]!.concern : ACADEMY_PHRASES[id]!.benign} (${serial})`;
          texts.push(title);
          items.push({ title, link: `https://news.example.org/${id}/load-${serial}`, text: `Story ${serial} in the load test.`, publishedAt: new Date(Date.parse(now) - serial * 1000).toISOString() });
        }
        web.routes[`/load/${id}-${f}.xml`] = (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
          res.end(rss(items));
        };
      }
    }
    const config = trustWith((e) => (ids.includes(e.id) ? Array.from({ length: feedsPerEntity }, (_, f) => rssSource(`load-${f}`, `${web.baseUrl}/load/${e.id}-${f}.xml`)) : []));

    const scorer = createScorer({ extraLexicon: config.lexicon });
    const scoreStarted = performance.now();
    for (const t of texts) scorer.score(t);
    const scoringPerSecond = texts.length / ((performance.now() - scoreStarted) / 1000);

    const meter = metered(aws.store);
    const entitySeconds: number[] = [];
    const started = performance.now();
    const errors: string[] = [];
    let stored = 0;
    let cases = 0;
    // Each academy is its own poll Lambda in AWS; here they run one after another and are timed apart.
    for (const entity of entities(config).filter((e) => ids.includes(e.id))) {
      const one = { ...config, trust: entity.id === 'trust' ? config.trust : { ...config.trust, sources: [] }, academies: config.academies.map((a) => (a.id === entity.id ? a : { ...a, sources: [] })) };
      const entityStarted = performance.now();
      const report = await runCycle(one, { store: meter.store, evidence: aws.evidence, mailer: aws.mailer, clock: fixedClock(now), http: guardedHttp() }, { digests: false, capture: false });
      entitySeconds.push((performance.now() - entityStarted) / 1000);
      errors.push(...report.errors.map((e) => `${e.stage} ${e.entityId}: ${e.message}`));
      errors.push(...report.polls.flatMap((p) => p.sources.filter((s) => !s.ok).map((s) => `${p.entityId}/${s.sourceId}: ${s.error}`)));
      stored += report.polls.reduce((n, p) => n + p.stored, 0);
      cases += report.polls.reduce((n, p) => n + p.newCases.length, 0);
    }
    const pollSeconds = (performance.now() - started) / 1000;
    return {
      mentions: texts.length,
      entities: ids.length,
      feeds: ids.length * feedsPerEntity,
      stored,
      cases,
      pollSeconds,
      mentionsPerSecond: stored / pollSeconds,
      scoringPerSecond,
      storeCalls: meter.calls,
      maxConcurrentWrites: meter.maxInFlight(),
      slowestEntitySeconds: Math.max(...entitySeconds),
      errors,
    };
  } finally {
    await web.stop();
    await aws.close();
  }
}

export function describeLoad(f: LoadFigures): string {
  return [
    `${f.mentions} new mentions over ${f.entities} entities (${f.feeds} feeds): stored ${f.stored}, cases ${f.cases}, errors ${f.errors.length}`,
    `poll cycle ${f.pollSeconds.toFixed(1)} s in all (${f.mentionsPerSecond.toFixed(0)} mentions/s stored, ${((f.pollSeconds / Math.max(1, f.stored)) * 1000).toFixed(1)} ms each); slowest academy ${f.slowestEntitySeconds.toFixed(1)} s of the poll function's ${POLL_TIMEOUT_SECONDS} s timeout (Lambda maximum ${LAMBDA_MAX_SECONDS} s)`,
    `scoring alone ${f.scoringPerSecond.toFixed(0)} mentions/s; most DynamoDB writes in flight at once ${f.maxConcurrentWrites}`,
    `store calls: ${Object.entries(f.storeCalls).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ].join('\n  ');
}
