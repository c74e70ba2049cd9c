import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildDigestInput, londonInstant } from '../../shared/pipeline/digest-cycle.js';
import { renderDigest } from '../../shared/digest/render.js';
import { findEntity, withLocalOptions, withLocalStack } from './local-options.js';

export function register(program: Command): void {
  withLocalOptions(
    program
      .command('digest')
      .description('render an academy\'s daily digest from the local data to a file, without sending it')
      .requiredOption('-a, --academy <id>', 'academy id from the config, e.g. millfield (or "trust")')
      .option('-d, --date <yyyy-mm-dd>', 'the digest of this day (the 24 hours before the configured digest time, UK time); default: the last 24 hours')
      .requiredOption('-p, --preview <file>', 'write the HTML here (the plain-text part goes beside it as .txt)'),
  ).action(async (opts: { config: string; dataDir: string; academy: string; date?: string; preview: string }) => {
    if (opts.date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date) || Number.isNaN(Date.parse(opts.date)))) {
      throw new Error('--date must be a day written YYYY-MM-DD, e.g. 2026-11-24.');
    }
    await withLocalStack(opts, async (local, config) => {
      const until = opts.date ? londonInstant(opts.date, config.digest.time) : new Date();
      const entity = findEntity(config, opts.academy);
      const email = renderDigest(await buildDigestInput(config, entity, { ...local, clock: { now: () => until } }, until));
      writeFileSync(opts.preview, email.html);
      const textFile = opts.preview.replace(/\.html?$/i, '') + '.txt';
      writeFileSync(textFile, email.text);
      process.stdout.write(`${email.subject}\nHTML: ${opts.preview} (${Buffer.byteLength(email.html)} bytes)\nText: ${textFile}\n`);
    });
  });
}
