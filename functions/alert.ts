import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../shared/log.js';
import { needsInstantAlert, sendInstantAlert } from '../shared/pipeline/alert-cycle.js';
import { awsDeps, linkSettings } from './wiring.js';

const deps = awsDeps();

/**
 * The backstop for instant alerts, on the case table's stream (new case items only). The poller alerts
 * at once; if it died between opening a case and sending the alert, this sends it. The alert claim on
 * the case makes the two paths send one email between them.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const caseId = record.dynamodb?.NewImage?.caseId?.S;
    if (!caseId) continue;
    try {
      const c = await deps.store.getCase(caseId);
      if (!c || c.alertSentAt || !needsInstantAlert(c, deps.config.thresholds.alertSeverity)) continue;
      const links = await linkSettings(deps);
      await sendInstantAlert(c, deps.entity, { ...deps, links });
    } catch (err) {
      logger.error('alert backstop failed', { caseId, error: err instanceof Error ? err.message : String(err) });
      // Reported back so Lambda retries just this record (and, in the end, the dead-letter queue alarms).
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
};
