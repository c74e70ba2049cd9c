import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoCaseStore, ensureTable } from '../../shared/adapters/dynamodb/case-store.js';
import { createAwsClients, EMULATOR_CREDENTIALS } from '../../shared/adapters/aws-clients.js';
import { ensureBucket, S3EvidenceStore } from '../../shared/adapters/s3/evidence-store.js';
import { SesMailer } from '../../shared/adapters/ses/mailer.js';

/** Real SDK clients pointed at the emulators the global setup started. */
export function emulatorClients() {
  return createAwsClients({
    region: 'eu-west-2',
    credentials: EMULATOR_CREDENTIALS,
    endpoints: { dynamodb: inject('dynamoEndpoint'), s3: inject('s3Endpoint'), ses: inject('sesEndpoint') },
  });
}

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/** A fresh table, bucket and mailer of this test's own. */
export async function freshAdapters(options: { mentionDays?: number; caseYears?: number } = {}) {
  const clients = emulatorClients();
  const tableName = uniqueName('cases');
  const bucket = uniqueName('evidence');
  await ensureTable(clients.dynamodb, tableName);
  await ensureBucket(clients.s3, bucket);
  return {
    clients,
    tableName,
    bucket,
    store: new DynamoCaseStore(clients.dynamodb, { tableName, mentionDays: options.mentionDays ?? 30, caseYears: options.caseYears ?? 25 }),
    evidence: new S3EvidenceStore(clients.s3, bucket),
    mailer: new SesMailer(clients.ses, 'monitor@trust.example.org.uk'),
  };
}

/** What the SES emulator holds: every email "sent" since it started. */
export async function sesOutbox(): Promise<{ messageId: string; subject: string; destination: { to: string[] }; body: { html?: string; text?: string } }[]> {
  const res = await fetch(`${inject('sesEndpoint')}/store`);
  return ((await res.json()) as { emails: never[] }).emails;
}
