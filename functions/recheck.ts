import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { recheckCase } from '../shared/capture/removal.js';
import type { Case } from '../shared/cases/case.js';
import { logger } from '../shared/log.js';
import { createHttpClient } from '../shared/net/http.js';
import { needsInstantAlert, sendInstantAlert } from '../shared/pipeline/alert-cycle.js';
import type { CaptureMessage } from '../shared/pipeline/messages.js';
import { awsDeps, linkSettings, requireEnv } from './wiring.js';

const deps = awsDeps();
const http = createHttpClient();
const WEEK_AND_A_DAY_MS = 8 * 86_400_000;
/** Stop starting removal checks this close to the timeout: each may take a minute against a slow site. */
const REMOVAL_CHECK_RESERVE_MS = 90_000;

/** Runs `work` for each case; one failure is logged and never stops the others. */
async function eachCase(cases: Case[], what: string, work: (c: Case) => Promise<void>, keepGoing: () => boolean = () => true): Promise<void> {
  for (const c of cases) {
    if (!keepGoing()) {
      logger.warn(`${what}: out of time, the rest wait for the next run`, { academyId: deps.entity.id });
      return;
    }
    try {
      await work(c);
    } catch (err) {
      logger.error(`${what} failed`, { caseId: c.caseId, error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/**
 * Hourly, most urgent first: sends any instant alert still owed (a run died between claiming and
 * sending), puts cases still without evidence back on the capture queue, then re-checks captured posts
 * for removal (1 h, 24 h, 7 days after capture) while time allows.
 */
export const handler = async (_event: unknown, context?: Context) => {
  const now = deps.clock.now();
  const recent = await deps.store.listCases({ academyId: deps.entity.id, since: new Date(now.getTime() - WEEK_AND_A_DAY_MS).toISOString() });

  let alerted = 0;
  const owed = recent.filter((c) => !c.alertSentAt && needsInstantAlert(c, deps.config.thresholds.alertSeverity));
  if (owed.length) {
    const links = await linkSettings(deps);
    await eachCase(owed, 'owed alert', async (c) => {
      if ((await sendInstantAlert(c, deps.entity, { ...deps, links })) === 'sent') alerted++;
    });
  }

  const backlog = await deps.store.listCasesNeedingEvidence(deps.entity.id);
  await eachCase(backlog, 'evidence re-queue', async (c) => {
    const body: CaptureMessage = { caseId: c.caseId, academyId: c.academyId };
    await deps.sqs.send(new SendMessageCommand({ QueueUrl: requireEnv('CAPTURE_QUEUE_URL'), MessageBody: JSON.stringify(body) }));
  });

  let removed = 0;
  const timeLeft = () => !context || context.getRemainingTimeInMillis() > REMOVAL_CHECK_RESERVE_MS;
  await eachCase(
    recent,
    'removal check',
    async (c) => {
      if ((await recheckCase(c, { http, cases: deps.store, clock: deps.clock }))?.state === 'removed') removed++;
    },
    timeLeft,
  );

  logger.info('recheck finished', { academyId: deps.entity.id, checked: recent.length, removed, alerted, requeued: backlog.length });
  return { checked: recent.length, removed, alerted, requeued: backlog.length };
};
