import type { Command } from 'commander';
import { eraseSubject } from '../../shared/privacy/requests.js';
import { withStack, withStackOptions } from './local-options.js';
import { parsePlatform, privacyDeps, withCommandLog } from './subject-access.js';

export function register(program: Command): void {
  withStackOptions(
    program
      .command('erase')
      .description(
        "answer an erasure request: erase what one person wrote where it may be erased, and for evidence under Object Lock " +
          'or a case still open record a restriction instead, saying why and when it can be erased',
      )
      .requiredOption('--author <handle>', 'the account the person posts as, e.g. @parent_of_two (with or without @)')
      .option('--platform <name>', 'only this platform')
      .requiredOption('--reason <text>', 'why, for the audit trail, e.g. "erasure request DP-2026-14 from the account holder"'),
  ).action(async (opts: { config: string; dataDir: string; author: string; platform?: string; reason: string }) => {
    if (opts.reason.trim().length < 5) throw new Error('--reason must say why, e.g. --reason "erasure request DP-2026-14 from the account holder".');
    await withCommandLog(opts.dataDir, 'erase', () => withStack(opts, async (stack, config) => {
      const report = await eraseSubject({ author: opts.author, platform: parsePlatform(opts.platform) }, opts.reason.trim(), privacyDeps(stack, config));
      const { mentions, cases, evidenceFiles } = report.erased;
      if (report.decisions.length === 0) {
        process.stdout.write('Nothing was found for that person: check the handle and platform. The request is still recorded on the audit trail.\n');
        return;
      }
      process.stdout.write(`Erased: ${mentions} mention${mentions === 1 ? '' : 's'}, the content of ${cases} case${cases === 1 ? '' : 's'}, ${evidenceFiles} evidence file${evidenceFiles === 1 ? '' : 's'}.\n`);
      const restricted = report.decisions.filter((d) => d.action === 'restrict');
      if (restricted.length) {
        process.stdout.write(`Not erased yet, restricted instead (${restricted.length}):\n`);
        for (const d of restricted) if ('reason' in d) process.stdout.write(`  - ${d.reason}\n`);
        process.stdout.write('Tell the person what was erased, what was restricted and why (the lines above), within one month of the request.\n');
      }
      process.stdout.write(`Recorded on the audit trail as ${report.subjectRef} ("mention-monitor audit --requests").\n`);
    }));
  });
}
