import type { Command } from 'commander';
import { z } from 'zod';
import { loadTrustConfig } from '../../shared/config/load.js';
import { TrustConfig } from '../../shared/config/schema.js';
import { DEFAULT_CONFIG } from './local-options.js';


export function register(program: Command): void {
  const config = program.command('config').description('check a trust config file, or print its JSON Schema for editor completion');
  config
    .command('check')
    .description('validate a trust config and list every problem with its line and what to fix')
    .option('-c, --config <file>', 'trust config (YAML or JSON)', DEFAULT_CONFIG)
    .action((opts: { config: string }) => {
      const cfg = loadTrustConfig(opts.config);
      const sources = [cfg.trust, ...cfg.academies].reduce((n, a) => n + a.sources.length, 0);
      process.stdout.write(`${opts.config} is valid: ${cfg.trust.name}, ${cfg.academies.length} academies, ${sources} source${sources === 1 ? '' : 's'}.\n`);
    });
  config
    .command('schema')
    .description('print the JSON Schema of the trust config (save it and point your editor at it)')
    .action(() => {
      const schema = z.toJSONSchema(TrustConfig, { io: 'input', unrepresentable: 'any' });
      process.stdout.write(`${JSON.stringify({ title: 'mention-monitor trust config', ...schema }, null, 2)}\n`);
    });
}
