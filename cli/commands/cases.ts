import type { Command } from 'commander';
import { CaseStatus } from '../../shared/cases/case.js';
import { findEntity, withStack, withStackOptions } from './local-options.js';
import { caseCategoriesText } from '../../shared/digest/labels.js';

const SEVERITY = ['none', 'low', 'medium', 'high', 'critical'];

export function register(program: Command): void {
  withStackOptions(
    program
      .command('cases')
      .description('list the cases of an academy, newest first, from the local data or (--table, --bucket) a deployed stack')
      .requiredOption('-a, --academy <id>', 'academy id from the config, e.g. millfield (or "trust")')
      .option('-s, --status <status>', `only cases with this status (${CaseStatus.options.join(', ')})`)
      .option('--json', 'print JSON lines instead of a table'),
  ).action(async (opts: { config: string; dataDir: string; academy: string; status?: string; json?: boolean }) => {
    const status = opts.status === undefined ? undefined : CaseStatus.safeParse(opts.status);
    if (status && !status.success) throw new Error(`--status must be one of ${CaseStatus.options.join(', ')}.`);
    await withStack(opts, async (local, config) => {
      const entity = findEntity(config, opts.academy);
      const cases = (await local.store.listCases({ academyId: entity.id, status: status?.data })).reverse();
      if (opts.json) {
        for (const c of cases) process.stdout.write(`${JSON.stringify({ ...c, raw: undefined })}\n`);
        return;
      }
      if (cases.length === 0) {
        process.stdout.write(`No ${status?.data ?? ''} cases for ${entity.name}.\n`.replace('No  ', 'No '));
        return;
      }
      process.stdout.write(`${cases.length} case${cases.length === 1 ? '' : 's'} for ${entity.name}:\n`);
      for (const c of cases) {
        const categories = caseCategoriesText(c);
        const evidence = c.evidence.status === 'captured' ? `evidence ${c.evidence.kind}` : `evidence ${c.evidence.status}`;
        process.stdout.write(
          `  ${c.caseId}  ${c.createdAt.slice(0, 16).replace('T', ' ')}  ${SEVERITY[c.severity]!.padEnd(8)} ${c.status.padEnd(20)} ${categories}  (${evidence}${c.removedAt ? ', post removed' : ''})\n    ${c.url}\n`,
        );
      }
    });
  });
}
