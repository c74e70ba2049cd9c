import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { sendLogsTo } from '../../shared/log.js';
import type { Severity } from '../../shared/score/types.js';
import { caseCategoriesText } from '../../shared/digest/labels.js';
import { type LocalRunReport, runLocalCycle } from '../../local/run-cycle.js';
import { DEFAULT_CONFIG, DEFAULT_DATA_DIR } from './local-options.js';
import { createStopStack } from './stop-stack.js';

const SEVERITY_NAMES: Record<Severity, string> = { 0: 'none', 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };

export function formatSummary(report: LocalRunReport, logFile?: string): string {
  const polls = report.polls;
  const sum = (pick: (p: (typeof polls)[number]) => number) => polls.reduce((n, p) => n + pick(p), 0);
  const cases = polls.flatMap((p) => p.newCases);
  const bySeverity = ([4, 3, 2] as Severity[])
    .map((s) => `${cases.filter((c) => c.severity === s).length} ${SEVERITY_NAMES[s]}`)
    .join(', ');
  const failing = polls.flatMap((p) => p.sources.filter((s) => !s.ok).map((s) => `${p.entityId}/${s.sourceId}: ${s.error}`));
  const unfollowed = polls.flatMap((p) => p.followUpFailures);
  const lines = [
    '',
    `mention-monitor: one local cycle for ${report.config.trust.name} in ${report.seconds.toFixed(1)} s`,
    '',
    `  Mentions   ${sum((p) => p.seen)} items read from the sources of the trust and ${polls.length - 1} academies; ${sum((p) => p.matched)} were about them: ${sum((p) => p.stored)} new, ${sum((p) => p.duplicates)} already stored`,
    `  New cases  ${cases.length} (${bySeverity})`,
    ...cases
      .sort((a, b) => b.severity - a.severity)
      .map((c) => `             ${c.caseId}  ${c.academyId.padEnd(12)} ${SEVERITY_NAMES[c.severity].padEnd(8)} ${caseCategoriesText(c)}`),
    `  Alerts     ${report.alerts.filter((a) => a.outcome === 'sent').length} sent to Designated Safeguarding Leads`,
    '',
    '  Evidence (S3 emulator, kept between runs):',
    ...(report.evidence.length
      ? report.evidence.map((e) =>
          e.state.status === 'captured'
            ? `    ${e.caseId}  ${e.state.kind === 'card' ? 'evidence card (post gone)' : 'page screenshot'}  s3://${report.bucket}/${e.state.manifestKey}`
            : `    ${e.caseId}  ${e.state.status}: ${e.state.error ?? ''}`,
        )
      : ['    nothing new to capture']),
    ...(report.browserProblem ? ['', `  Screenshots could not be taken: ${report.browserProblem}`] : []),
    '',
    '  Digests (sent through the SES emulator; open the HTML in a browser):',
    ...report.digests.map((d) => `    ${d.academyId.padEnd(12)} ${d.sent ? 'sent to' : 'already sent today to'} ${d.to}  ${d.previewFile}`),
    '  Their evidence and triage links open while "npx mention-monitor serve" runs.',
    ...(failing.length ? ['', '  Failing sources:', ...failing.map((f) => `    ${f}`)] : []),
    ...(unfollowed.length
      ? ['', '  Alerts or captures that could not be started (the next run retries them):', ...unfollowed.map((f) => `    ${f.caseId}: ${f.error}`)]
      : []),
    '',
    `  Local data: ${report.dataDir} (run again to see dedupe at work; --fresh starts empty)`,
    ...(logFile ? [`  Logs:       ${logFile}`] : []),
    '',
  ];
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'run one full monitoring cycle on this computer: starts local DynamoDB, S3 and SES emulators and a fixture web, ' +
        'then polls, matches, scores, captures evidence, stores cases and sends digests, and prints where everything landed',
    )
    .option('-c, --config <file>', 'trust config (YAML or JSON)', DEFAULT_CONFIG)
    .option('--data-dir <dir>', 'where local data is kept between runs', DEFAULT_DATA_DIR)
    .option('--fresh', 'start from empty local data')
    .action(async (opts: { config: string; dataDir: string; fresh?: boolean }) => {
      const stack = createStopStack();
      // The terminal gets progress and a summary; the structured JSON logs go to a file beside the data.
      if (opts.fresh) rmSync(resolve(opts.dataDir), { recursive: true, force: true });
      const logDir = resolve(opts.dataDir, 'logs');
      mkdirSync(logDir, { recursive: true });
      const logFile = join(logDir, `run-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
      const logStream = createWriteStream(logFile);
      sendLogsTo(logStream);
      stack.defer(() => new Promise((done) => logStream.end(done)));
      const interrupted = () => {
        process.stderr.write('\nStopping: shutting down the emulators, fixture web and browser...\n');
        void stack.stopAll().then(() => process.exit(130));
      };
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      try {
        const report = await runLocalCycle(
          { configFile: opts.config, dataDir: opts.dataDir, progress: (line) => process.stderr.write(`- ${line}\n`) },
          stack,
        );
        process.stdout.write(formatSummary(report, logFile));
      } finally {
        await stack.stopAll();
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
      }
    });
}
