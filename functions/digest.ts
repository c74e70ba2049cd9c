import { DynamoSubjectRecords } from '../shared/adapters/dynamodb/subject-records.js';
import { logger } from '../shared/log.js';
import { sendDigest } from '../shared/pipeline/digest-cycle.js';
import { awsDeps, linkSettings, requireEnv } from './wiring.js';

const deps = awsDeps();
const evidence = deps.evidence();
const retention = new DynamoSubjectRecords(deps.clients.dynamodb, requireEnv('TABLE_NAME'));

/** Daily at the configured Europe/London time: the academy's digest to its nominated monitor, once a day, then the retention sweep. */
export const handler = async () => {
  const outcome = await sendDigest(deps.config, deps.entity, { ...deps, evidence, links: await linkSettings(deps) });
  logger.info('digest run', { academyId: outcome.academyId, day: outcome.day, sent: outcome.sent, cases: outcome.caseCount });
  // Once a day, stamp every record with the expiry its type and outcome call for (the retention
  // schedule); DynamoDB's TTL then deletes it. Idempotent, so a repeated run changes nothing.
  const sweep = await retention.applyRetention(deps.config.retention);
  logger.info('retention applied', { academyId: deps.entity.id, examined: sweep.examined, stamped: sweep.stamped });
  return outcome;
};
