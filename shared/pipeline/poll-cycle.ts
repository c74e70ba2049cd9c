import pLimit from 'p-limit';
import type { Entity, SourceConfig, TrustConfig } from '../config/schema.js';
import { sourceId } from '../config/schema.js';
import { type Case, type CaseAxis, caseIdFor } from '../cases/case.js';
import { logger } from '../log.js';
import type { Matcher } from '../match/types.js';
import type { HttpClient } from '../net/http.js';
import type { CaseStore, Clock, Secrets, SourceHealth } from '../ports/index.js';
import type { AxisScore, Category, Score, Scorer, Severity } from '../score/types.js';
import type { Mention } from '../sources/mention.js';
import type { PollContext, PollResult } from '../sources/source.js';
import { needsInstantAlert } from './alert-cycle.js';

export interface PollDeps {
  store: CaseStore;
  scorer: Scorer;
  matcher: Matcher;
  http: HttpClient;
  secrets: Secrets;
  clock: Clock;
  pollSource: (ctx: PollContext) => Promise<PollResult>;
  /**
   * Called for each newly created case: queue its capture (and alert) without waiting for other sources.
   * Called again for a case an earlier run created but whose instant alert is still owed (that run died,
   * or the store or mailer failed, before the alert was claimed), so a fault never leaves a DSL unalerted.
   */
  onNewCase?: (c: Case) => Promise<void>;
  /** Sources polled at once for one academy; platform rate limits argue for few. */
  concurrency?: number;
}

export interface SourceOutcome {
  sourceId: string;
  type: SourceConfig['type'];
  ok: boolean;
  fetched: number;
  error?: string;
}

export interface PollSummary {
  entityId: string;
  seen: number;
  matched: number;
  stored: number;
  duplicates: number;
  newCases: Case[];
  /** Cases whose alert or capture could not be started this time; the recheck retries them. */
  followUpFailures: { caseId: string; error: string }[];
  sources: SourceOutcome[];
}

const overall = (score: Score): Severity => Math.max(score.safeguarding.severity, score.reputational.severity) as Severity;

/** Text a person would read as the post: the title (articles) then the body. */
export const mentionText = (m: Mention): string => (m.title && !m.text.startsWith(m.title) ? `${m.title}\n${m.text}` : m.text);

/** A case's view of one axis: low findings are noted, not concerns, unless the trust makes low posts cases (caseSeverity 1 or 0). */
function caseAxis<C extends Category>(axis: AxisScore<C>, caseSeverity: number): CaseAxis<C> {
  const noted = caseSeverity > 1 ? axis.low : [];
  return {
    severity: axis.severity,
    categories: axis.categories.filter((c) => !noted.includes(c)),
    ...(noted.length ? { noted: [...noted] } : {}),
  };
}

function toCase(entity: Entity, mention: Mention, score: Score, caseSeverity: number, now: string): Case {
  return {
    caseId: caseIdFor(entity.id, mention.id),
    academyId: entity.id,
    mentionId: mention.id,
    createdAt: now,
    platform: mention.platform,
    url: mention.url,
    title: mention.title,
    text: mention.text,
    author: mention.author,
    publishedAt: mention.publishedAt,
    hasImage: mention.media.image,
    safeguarding: caseAxis(score.safeguarding, caseSeverity),
    reputational: caseAxis(score.reputational, caseSeverity),
    reasons: score.reasons,
    severity: overall(score),
    status: 'new',
    evidence: { status: 'pending', attempts: 0 },
    raw: mention.raw,
  };
}

/**
 * Stores one mention for one academy and opens a case when it is concerning. Safe to repeat:
 * the case is written before the dedupe record, and both are conditional puts, so a crash between
 * the two, a re-run or a duplicate delivery ends with exactly one mention record and one case.
 */
export async function ingestMention(
  entity: Entity,
  mention: Mention,
  score: Score,
  config: TrustConfig,
  deps: Pick<PollDeps, 'store' | 'clock'>,
): Promise<{ stored: boolean; newCase?: Case; alertOwed?: Case }> {
  const { caseSeverity } = config.thresholds;
  const isCase = overall(score) >= caseSeverity;
  let newCase: Case | undefined;
  let alertOwed: Case | undefined;
  if (isCase) {
    const candidate = toCase(entity, mention, score, caseSeverity, deps.clock.now().toISOString());
    if (!(await deps.store.createCaseIfNew(candidate))) {
      // Seen before: only worth a read when this post would alert, to find an alert an earlier run never sent.
      if (needsInstantAlert(candidate, config.thresholds.alertSeverity)) {
        const existing = await deps.store.getCase(candidate.caseId);
        if (existing && !existing.alertSentAt) alertOwed = existing;
      }
    } else {
      newCase = candidate;
      await deps.store.appendAudit({
        caseId: candidate.caseId,
        at: candidate.createdAt,
        actor: 'system',
        action: 'case_opened',
        detail: {
          severity: candidate.severity,
          categories: [...candidate.safeguarding.categories, ...candidate.reputational.categories],
          noted: [...(candidate.safeguarding.noted ?? []), ...(candidate.reputational.noted ?? [])],
        },
      });
    }
  }
  const stored = await deps.store.putMentionIfNew({ mention, academyId: entity.id, score, isCase });
  return { stored, newCase, alertOwed };
}

/**
 * Queues capture and alerts for a case. A failure here (SES or the queue down) is logged, not thrown:
 * the case is stored, the hourly recheck re-sends owed alerts and re-queues missing evidence, and the
 * source must keep moving, or one outage would stall every later mention from it.
 */
async function followUp(c: Case, deps: PollDeps, log: typeof logger, summary: PollSummary): Promise<void> {
  try {
    await deps.onNewCase?.(c);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    summary.followUpFailures.push({ caseId: c.caseId, error });
    log.error('case follow-up failed; the recheck will retry it', { caseId: c.caseId, error });
  }
}

async function pollOne(
  config: TrustConfig,
  entity: Entity,
  source: SourceConfig,
  deps: PollDeps,
  summary: PollSummary,
): Promise<SourceOutcome> {
  const id = sourceId(source);
  const log = logger.createChild({ persistentKeys: { academyId: entity.id, sourceId: id, sourceType: source.type } });
  const started = deps.clock.now().toISOString();
  const previous = (await deps.store.listHealth(entity.id)).find((h) => h.sourceId === id);
  const health = (ok: boolean, items: number, error?: string): SourceHealth => ({
    academyId: entity.id,
    sourceId: id,
    lastRunAt: started,
    lastSuccessAt: ok ? started : previous?.lastSuccessAt,
    lastError: ok ? undefined : error,
    consecutiveFailures: ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1,
    lastItems: items,
  });

  let result: PollResult;
  try {
    const cursor = await deps.store.getCursor(entity.id, id);
    result = await deps.pollSource({ entity, source, http: deps.http, secrets: deps.secrets, cursor, now: deps.clock.now() });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const failed = health(false, 0, message);
    // consecutiveFailures feeds the "source failing" alarm (a metric filter on these logs).
    log.error('source failed', { error: message, errorName: (err as Error)?.name, consecutiveFailures: failed.consecutiveFailures });
    await deps.store.putHealth(failed);
    return { sourceId: id, type: source.type, ok: false, fetched: 0, error: message };
  }

  for (const mention of result.mentions) {
    summary.seen++;
    const matched = deps.matcher.match(mentionText(mention));
    if (!matched.entityIds.includes(entity.id)) continue;
    summary.matched++;
    const score = deps.scorer.score(mentionText(mention), {
      hasImage: mention.media.image,
      hasVideo: mention.media.video,
      platform: mention.platform,
    });
    const { stored, newCase, alertOwed } = await ingestMention(entity, mention, score, config, deps);
    if (stored) summary.stored++;
    else summary.duplicates++;
    if (newCase) {
      summary.newCases.push(newCase);
      log.info('case opened', { caseId: newCase.caseId, mentionId: mention.id, severity: newCase.severity });
      await followUp(newCase, deps, log, summary);
    } else if (alertOwed) {
      log.warn('case from an earlier run still owes its instant alert', { caseId: alertOwed.caseId, mentionId: mention.id });
      await followUp(alertOwed, deps, log, summary);
    }
  }
  // Only now, with every mention it covers stored, may the cursor move on.
  if (result.cursor !== undefined) await deps.store.putCursor(entity.id, id, result.cursor);
  await deps.store.putHealth(health(true, result.mentions.length));
  log.info('source polled', { items: result.mentions.length });
  return { sourceId: id, type: source.type, ok: true, fetched: result.mentions.length };
}

/** One poll cycle for one academy (or the trust): every enabled source, a failing one never stops the rest. */
export async function pollEntity(config: TrustConfig, entity: Entity, deps: PollDeps, onlySource?: string): Promise<PollSummary> {
  const summary: PollSummary = { entityId: entity.id, seen: 0, matched: 0, stored: 0, duplicates: 0, newCases: [], followUpFailures: [], sources: [] };
  const limit = pLimit(deps.concurrency ?? 2);
  const sources = entity.sources.filter((s) => s.enabled && (!onlySource || sourceId(s) === onlySource));
  // allSettled: a storage failure in one source must not return while the others are still writing.
  const settled = await Promise.allSettled(sources.map((s) => limit(() => pollOne(config, entity, s, deps, summary))));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  summary.sources = settled.map((r) => (r as PromiseFulfilledResult<SourceOutcome>).value);
  return summary;
}
