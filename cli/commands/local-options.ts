import type { Command } from 'commander';
import { loadTrustConfig } from '../../shared/config/load.js';
import { entities, type Entity, type TrustConfig } from '../../shared/config/schema.js';
import { type LocalStack, openLocalStack } from '../../local/local-stack.js';
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
