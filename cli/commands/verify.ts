import type { Command } from 'commander';
import { FolderEvidenceStore } from '../../shared/capture/folder-store.js';
import { formatVerifyReport, type VerifyReport, verifyCase } from '../../shared/capture/verify.js';
import { withStack, withStackOptions } from './local-options.js';

interface VerifyOptions {
  config: string;
  dataDir: string;
  dir?: string;
  table?: string;
  bucket?: string;
  manifestSha256?: string;
}

export function register(program: Command): void {
  withStackOptions(
    program
      .command('verify')
      .description(
        "re-hash a case's stored evidence against its manifest, and the manifest against the hash recorded on the case, " +
          'and say OK or exactly what differs. Reads the local data by default; --table and --bucket read a deployed stack ' +
          '(with your AWS credentials); --dir reads a folder written by "capture --out"',
      )
      .argument('<case-id>', 'the case id, e.g. c-1a2b3c4d5e6f7a8b')
      .option('-d, --dir <dir>', 'an evidence folder written by "capture --out"')
      .option('--manifest-sha256 <hex>', 'the manifest SHA-256 to expect (read from the case when the case store is available)'),
  ).action(async (caseId: string, opts: VerifyOptions) => {
    const report: VerifyReport = opts.dir
      ? await verifyCase(caseId, new FolderEvidenceStore(opts.dir), opts.manifestSha256)
      : await withStack(opts, async (stack) => {
          const recorded = (await stack.store.getCase(caseId))?.evidence.manifestSha256;
          return verifyCase(caseId, stack.evidence, opts.manifestSha256 ?? recorded);
        });
    process.stdout.write(`${formatVerifyReport(report)}\n`);
    if (!report.ok) process.exitCode = 1;
  });
}
