import { logger } from '../shared/log.js';
import { sendDigest } from '../shared/pipeline/digest-cycle.js';
import { awsDeps, linkSettings } from './wiring.js';

const deps = awsDeps();
const evidence = deps.evidence();

/** Daily at the configured Europe/London time: the academy's digest to its nominated monitor, once a day. */
export const handler = async () => {
  const outcome = await sendDigest(deps.config, deps.entity, { ...deps, evidence, links: await linkSettings(deps) });
  logger.info('digest run', { academyId: outcome.academyId, day: outcome.day, sent: outcome.sent, cases: outcome.caseCount });
  return outcome;
};
