import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAwsClients, EMULATOR_CREDENTIALS } from '../shared/adapters/aws-clients.js';
import { DynamoCaseStore, ensureTable } from '../shared/adapters/dynamodb/case-store.js';
import { ensureBucket, S3EvidenceStore } from '../shared/adapters/s3/evidence-store.js';
import { SesMailer } from '../shared/adapters/ses/mailer.js';
import type { TrustConfig } from '../shared/config/schema.js';
import { startEmulators } from './emulators.js';
import { LOCAL_LINK_BASE, localLinkKey } from './link-key.js';

export const LOCAL_TABLE = 'mention-monitor-local';
export const LOCAL_BUCKET = 'mention-monitor-evidence-local';

export interface StopStack {
  defer(stop: () => Promise<void>): void;
}

/**
 * The local stand-in for one deployed stack: emulators over the data kept in `dataDir` and the
 * real adapters pointed at them. Commands that read local data (cases, digest, verify, serve) and
 * the local run all use this, so they see the same table, bucket and link key.
 */
export async function openLocalStack(config: TrustConfig, dataDir: string, stack: StopStack) {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const emulators = await startEmulators({ dataDir: join(dir, 'emulators') });
  stack.defer(() => emulators.stop());
  const clients = createAwsClients({
    region: config.trust.region,
    credentials: EMULATOR_CREDENTIALS,
    endpoints: { dynamodb: emulators.dynamoEndpoint, s3: emulators.s3Endpoint, ses: emulators.sesEndpoint },
  });
  stack.defer(async () => {
    for (const client of Object.values(clients)) client.destroy();
  });
  await ensureTable(clients.dynamodb, LOCAL_TABLE);
  await ensureBucket(clients.s3, LOCAL_BUCKET);
  return {
    dataDir: dir,
    emulators,
    clients,
    store: new DynamoCaseStore(clients.dynamodb, { tableName: LOCAL_TABLE, mentionDays: config.retention.mentionDays, caseYears: config.retention.caseYears }),
    evidence: new S3EvidenceStore(clients.s3, LOCAL_BUCKET),
    mailer: new SesMailer(clients.ses, config.email.from),
    links: { baseUrl: LOCAL_LINK_BASE, key: localLinkKey(dir) },
  };
}
export type LocalStack = Awaited<ReturnType<typeof openLocalStack>>;
