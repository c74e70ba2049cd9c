import type { Command } from 'commander';
import { loadTrustConfig } from '../../shared/config/load.js';
import { entities, type Entity, type TrustConfig } from '../../shared/config/schema.js';
import { type AwsClients, createAwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { S3EvidenceStore } from '../../shared/adapters/s3/evidence-store.js';
import { stsOperator } from '../../shared/adapters/sts/operator.js';
import { localOperator } from '../../shared/privacy/operator.js';
import type { OperatorIdentity } from '../../shared/privacy/ports.js';
import { LOCAL_BUCKET, LOCAL_TABLE, type LocalStack, openLocalStack } from '../../local/local-stack.js';
import { createStopStack } from './stop-stack.js';

export const DEFAULT_CONFIG = 'config/example.trust.yaml';
export const DEFAULT_DATA_DIR = '.local';

/** The options every command that reads local data shares. */
export const withLocalOptions = (command: Command): Command =>
  command
    .option('-c, --config <file>', 'trust config (YAML or JSON)', DEFAULT_CONFIG)
    .option('--data-dir <dir>', 'local data written by "mention-monitor run"', DEFAULT_DATA_DIR);

export function findEntity(config: TrustConfig, academyId: string): Entity {
  const entity = entities(config).find((e) => e.id === academyId);
  if (!entity) {
    throw new Error(`No academy "${academyId}" in the config; use one of: ${entities(config).map((e) => e.id).join(', ')}.`);
  }
  return entity;
}

/** Options of commands that work on local data or, with --table and --bucket, on a deployed academy stack. */
export const withStackOptions = (command: Command): Command =>
  withLocalOptions(command)
    .option('--table <name>', "a deployed academy stack's case table (see its stack outputs); uses your AWS credentials")
    .option('--bucket <name>', "a deployed academy stack's evidence bucket (see its stack outputs)");

export interface StackOptions {
  config: string;
  dataDir: string;
  table?: string;
  bucket?: string;
}

/** The stores a command works on, local or deployed, and who is operating (for the audit trail). */
export interface OpenStack {
  store: DynamoCaseStore;
  evidence: S3EvidenceStore;
  clients: AwsClients;
  tableName: string;
  bucket: string;
  operator: OperatorIdentity;
}

/**
 * Runs `work` against a deployed stack's table and bucket when --table and --bucket are given (with the
 * caller's AWS credentials; the operator recorded is their IAM principal), else against the local data.
 */
export async function withStack<T>(opts: StackOptions, work: (stack: OpenStack, config: TrustConfig) => Promise<T>): Promise<T> {
  if (!opts.table && !opts.bucket) {
    return withLocalStack(opts, (local, config) =>
      work({ store: local.store, evidence: local.evidence, clients: local.clients, tableName: LOCAL_TABLE, bucket: LOCAL_BUCKET, operator: localOperator() }, config),
    );
  }
  if (!opts.table || !opts.bucket) throw new Error('Give both --table and --bucket (the academy stack outputs name them).');
  const config = loadTrustConfig(opts.config);
  const clients = createAwsClients({ region: config.trust.region });
  try {
    return await work(
      {
        store: new DynamoCaseStore(clients.dynamodb, { tableName: opts.table, mentionDays: config.retention.mentionDays, caseYears: config.retention.caseYears }),
        evidence: new S3EvidenceStore(clients.s3, opts.bucket),
        clients,
        tableName: opts.table,
        bucket: opts.bucket,
        operator: stsOperator(clients.sts),
      },
      config,
    );
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

/** Opens the local stack for the length of `work`, and always stops it again. */
export async function withLocalStack<T>(opts: { config: string; dataDir: string }, work: (local: LocalStack, config: TrustConfig) => Promise<T>): Promise<T> {
  const config = loadTrustConfig(opts.config);
  const stack = createStopStack();
  try {
    return await work(await openLocalStack(config, opts.dataDir, stack), config);
  } finally {
    await stack.stopAll();
  }
}
