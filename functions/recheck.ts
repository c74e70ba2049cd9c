import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { recheckCase } from '../shared/capture/removal.js';
import { renderAlertEmail } from '../shared/digest/alert.js';
import { logger } from '../shared/log.js';
import { createHttpClient } from '../shared/net/http.js';
import { needsInstantAlert, sendInstantAlert } from '../shared/pipeline/alert-cycle.js';
import { MAX_CAPTURE_ATTEMPTS } from '../shared/pipeline/evidence-cycle.js';
import type { CaptureMessage } from '../shared/pipeline/messages.js';
import { awsDeps, linkSettings, requireEnv } from './wiring.js';

const deps = awsDeps();
const http = createHttpClient();
const WEEK_AND_A_DAY_MS = 8 * 86_400_000;

/**
 * Hourly: re-checks captured posts for removal (1 h, 24 h, 7 days after capture), sends any instant
 * alert still owed, and puts any case still without evidence back on the capture queue, so a crash
 * between storing a case and alerting or capturing never leaves it unalerted or without evidence.
 */
export const handler = async () => {
  const now = deps.clock.now();
  const recent = await deps.store.listCases({ academyId: deps.entity.id, since: new Date(now.getTime() - WEEK_AND_A_DAY_MS).toISOString() });
  let removed = 0;
  for (const c of recent) {
    const result = await recheckCase(c, { http, cases: deps.store, clock: deps.clock });
    if (result?.state === 'removed') removed++;
  }
  // Alerts still owed (a run died between claiming and sending): the lapsed lease lets this send them.
  let alerted = 0;
  const links = await linkSettings(deps);
  for (const c of recent.filter((c) => !c.alertSentAt && needsInstantAlert(c, deps.config.thresholds.alertSeverity))) {
    if ((await sendInstantAlert(c, deps.entity, { ...deps, render: (cc, e) => renderAlertEmail(cc, e, links) })) === 'sent') alerted++;
  }
  const backlog = (await deps.store.listCasesNeedingEvidence(deps.entity.id)).filter((c) => (c.evidence.attempts ?? 0) < MAX_CAPTURE_ATTEMPTS);
  for (const c of backlog) {
    const body: CaptureMessage = { caseId: c.caseId, academyId: c.academyId };
    await deps.sqs.send(new SendMessageCommand({ QueueUrl: requireEnv('CAPTURE_QUEUE_URL'), MessageBody: JSON.stringify(body) }));
  }
  logger.info('recheck finished', { academyId: deps.entity.id, checked: recent.length, removed, alerted, requeued: backlog.length });
  return { checked: recent.length, removed, alerted, requeued: backlog.length };
};
