import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { logger } from '../shared/log.js';
import { createMatcher } from '../shared/match/matcher.js';
import { createHttpClient } from '../shared/net/http.js';
import { needsInstantAlert, sendInstantAlert } from '../shared/pipeline/alert-cycle.js';
import { pollEntity } from '../shared/pipeline/poll-cycle.js';
import { CaptureMessage } from '../shared/pipeline/messages.js';
import { createScorer } from '../shared/score/scorer.js';
import { pollSource } from '../shared/sources/registry.js';
import { awsDeps, linkSettings, requireEnv } from './wiring.js';

const deps = awsDeps();
const matcher = createMatcher(deps.config);
const scorer = createScorer({ extraLexicon: deps.config.lexicon });
const http = createHttpClient();

/** Scheduled per academy: poll every source, store mentions, open cases, queue evidence, alert the DSL. */
export const handler = async (event: { sourceId?: string } = {}) => {
  const summary = await pollEntity(
    deps.config,
    deps.entity,
    {
      ...deps,
      matcher,
      scorer,
      http,
      pollSource,
      onNewCase: async (c) => {
        // Evidence first: the post may vanish within hours; the queue keeps retrying if capture fails.
        const body: CaptureMessage = { caseId: c.caseId, academyId: c.academyId };
        await deps.sqs.send(new SendMessageCommand({ QueueUrl: requireEnv('CAPTURE_QUEUE_URL'), MessageBody: JSON.stringify(body) }));
        if (needsInstantAlert(c, deps.config.thresholds.alertSeverity)) {
          const links = await linkSettings(deps);
          await sendInstantAlert(c, deps.entity, { ...deps, links });
        }
      },
    },
    event.sourceId,
  );
  const failed = summary.sources.filter((s) => !s.ok);
  logger.info('poll finished', {
    academyId: deps.entity.id,
    seen: summary.seen,
    matched: summary.matched,
    stored: summary.stored,
    newCases: summary.newCases.length,
    failedSources: failed.map((s) => s.sourceId),
  });
  return { ...summary, newCases: summary.newCases.map((c) => c.caseId) };
};
