import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createBrowserProvider } from '../shared/capture/browser.js';
import { captureEvidence, captureJobFor } from '../shared/capture/capture.js';
import { captureCase } from '../shared/pipeline/evidence-cycle.js';
import { CaptureMessage } from '../shared/pipeline/messages.js';
import { awsDeps } from './wiring.js';

const deps = awsDeps();
const evidence = deps.evidence();
// One browser per container: launching costs ~2 s, a fresh context per capture costs milliseconds.
const browser = createBrowserProvider();
const processor = new BatchProcessor(EventType.SQS);

const captureRecord = async (record: SQSRecord) => {
  const message = CaptureMessage.parse(JSON.parse(record.body));
  const state = await captureCase(message.caseId, {
    store: deps.store,
    clock: deps.clock,
    capture: (c) =>
      captureEvidence(
        captureJobFor(c),
        { browser, store: evidence, clock: deps.clock },
      ),
  });
  // Pending means the browser could not run: fail the message so SQS retries it (and, in the end, the DLQ alarms).
  if (state?.status === 'pending') throw new Error(`Evidence for ${message.caseId} is still pending: ${state.error ?? 'unknown reason'}`);
};

/** SQS consumer: only the messages that failed go back to the queue (partial batch response). */
export const handler = async (event: SQSEvent) => processPartialResponse(event, captureRecord, processor);
