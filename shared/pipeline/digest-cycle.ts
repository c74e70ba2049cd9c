import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entity, TrustConfig } from '../config/schema.js';
import { entityTerms } from '../digest/alert.js';
import type { DigestInput } from '../digest/build.js';
import { selectPositives } from '../digest/positives.js';
import { renderDigest } from '../digest/render.js';
import { caseLinks } from '../links/urls.js';
import type { LinkKey } from '../links/token.js';
import { logger } from '../log.js';
import type { CaseStore, Clock, EvidenceStore, Mailer } from '../ports/index.js';

export interface DigestDeps {
  store: CaseStore;
  evidence: EvidenceStore;
  mailer: Mailer;
  clock: Clock;
  links: { baseUrl: string; key: LinkKey };
}

export interface DigestOutcome {
  academyId: string;
  to: string;
  day: string;
  subject: string;
  caseCount: number;
  /** False when today's digest had already gone: a re-run or duplicate schedule sends nothing twice. */
  sent: boolean;
  previewFile?: string;
  messageId?: string;
}

/** The calendar day a person in England would call today, for "once a day". */
export const londonDay = (at: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

const DAY_MS = 86_400_000;

/** The UTC instant of a Europe/London wall-clock time on a day, across BST and GMT. */
export function londonInstant(day: string, time: string): Date {
  const guess = new Date(`${day}T${time}:00Z`);
  const wall = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(guess);
  const [h, m] = wall.split(':').map(Number);
  const offsetMinutes = (h! * 60 + m! - (guess.getUTCHours() * 60 + guess.getUTCMinutes()) + 1440) % 1440;
  return new Date(guess.getTime() - offsetMinutes * 60_000);
}

/** Terms that name the school or trust itself: never masked as if they were a child's personal data. */
const ownTerms = (config: TrustConfig, entity: Entity): string[] => [...new Set([...entityTerms(entity), ...entityTerms(config.trust)])];

/** A digest reaches back at most this far, however long since the last one went (a long outage). */
const MAX_WINDOW_MS = 7 * DAY_MS;

/**
 * Where today's digest starts: where the last one sent stopped, so no case falls between two digests
 * (the night the clocks go back, a late or failed run); the last 24 hours when there was none.
 */
export async function digestWindowStart(store: CaseStore, academyId: string, until: Date): Promise<Date> {
  const last = await store.lastDigestUntil(academyId);
  const earliest = until.getTime() - MAX_WINDOW_MS;
  if (!last) return new Date(until.getTime() - DAY_MS);
  return new Date(Math.min(until.getTime(), Math.max(Date.parse(last), earliest)));
}

export async function buildDigestInput(config: TrustConfig, entity: Entity, deps: DigestDeps, until: Date, from?: Date): Promise<DigestInput> {
  const since = (from ?? new Date(until.getTime() - DAY_MS)).toISOString();
  const untilIso = until.toISOString();
  const [cases, counts, health, content] = await Promise.all([
    deps.store.listCases({ academyId: entity.id, since, until: untilIso }),
    deps.store.countMentions(entity.id, since, untilIso),
    deps.store.listHealth(entity.id),
    deps.store.listMentionContent(entity.id, since, untilIso),
  ]);
  return {
    academy: { id: entity.id, name: entity.name },
    since,
    until: untilIso,
    now: until,
    cases,
    counts,
    health,
    positives: selectPositives(content),
    linksFor: (c) => caseLinks(deps.links.baseUrl, { caseId: c.caseId, academyId: c.academyId }, deps.links.key, until),
    keepTerms: ownTerms(config, entity),
  };
}

/**
 * Renders the day's digest for one academy and sends it to the nominated monitor, once per day.
 * A day with nothing new still sends a short digest, so silence is never ambiguous.
 */
export async function sendDigest(
  config: TrustConfig,
  entity: Entity,
  deps: DigestDeps,
  options: { previewDir?: string; send?: boolean } = {},
): Promise<DigestOutcome> {
  const now = deps.clock.now();
  const day = londonDay(now);
  const input = await buildDigestInput(config, entity, deps, now, await digestWindowStart(deps.store, entity.id, now));
  const email = renderDigest(input);
  let previewFile: string | undefined;
  if (options.previewDir) {
    mkdirSync(options.previewDir, { recursive: true });
    previewFile = join(options.previewDir, `${entity.id}-${day}.html`);
    writeFileSync(previewFile, email.html);
  }
  const outcome: DigestOutcome = { academyId: entity.id, to: entity.monitor, day, subject: email.subject, caseCount: input.cases.length, sent: false, previewFile };
  if (options.send === false) return outcome;
  if (!(await deps.store.claimDigest(entity.id, day, now.toISOString()))) {
    logger.info('digest already sent today', { academyId: entity.id, day });
    return outcome;
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: [entity.monitor], ...email }));
  } catch (err) {
    // Give the day back so the next attempt sends it: a lost digest is worse than a late one.
    await deps.store.releaseDigest(entity.id, day);
    throw err;
  }
  await deps.store.markDigestSent(entity.id, day, deps.clock.now().toISOString(), input.until);
  logger.info('digest sent', { academyId: entity.id, day, cases: input.cases.length, messageId });
  return { ...outcome, sent: true, messageId };
}
