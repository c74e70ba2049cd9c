import type { Command } from 'commander';
import type { AuditEntry } from '../../shared/cases/case.js';
import { londonTime } from '../../shared/digest/labels.js';
import { REQUESTS_LOG } from '../../shared/privacy/requests.js';
import { withStack, withStackOptions } from './local-options.js';

/** One line per entry: when (UK time), who, what, and the detail that says which evidence or request. */
export function formatAudit(entries: AuditEntry[]): string {
  return entries
    .map((e) => {
      const detail = Object.entries(e.detail ?? {})
        .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      return `  ${londonTime(e.at)}  ${e.actor}\n    ${e.action}${detail ? `  ${detail}` : ''}\n`;
    })
    .join('');
}

export function register(program: Command): void {
  withStackOptions(
    program
      .command('audit')
      .description('show the audit trail of a case (evidence opened, status changes, exports, erasures, with who and when), or of subject requests')
      .option('--case <id>', 'the case id, e.g. c-1a2b3c4d5e6f7a8b')
      .option('--requests', 'subject access exports and erasure requests instead of a case')
      .option('--json', 'print JSON lines'),
  ).action(async (opts: { config: string; dataDir: string; case?: string; requests?: boolean; json?: boolean }) => {
    if (Boolean(opts.case) === Boolean(opts.requests)) throw new Error('Give either --case <id> (from "mention-monitor cases --academy <id>") or --requests.');
    const id = opts.requests ? REQUESTS_LOG : opts.case!;
    await withStack(opts, async (local) => {
      const entries = await local.store.listAudit(id);
      if (opts.json) {
        for (const e of entries) process.stdout.write(`${JSON.stringify(e)}\n`);
        return;
      }
      if (entries.length === 0) {
        process.stdout.write(opts.requests ? 'No subject access or erasure requests have been recorded.\n' : `No audit entries for ${id}: check the case id with "mention-monitor cases --academy <id>".\n`);
        return;
      }
      process.stdout.write(`${entries.length} audit entr${entries.length === 1 ? 'y' : 'ies'} for ${opts.requests ? 'subject requests' : `case ${id}`} (UK time):\n${formatAudit(entries)}`);
    });
  });
}
