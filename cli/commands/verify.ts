import type { Command } from 'commander';
import { FolderEvidenceStore } from '../../shared/capture/folder-store.js';
import { formatVerifyReport, verifyCase } from '../../shared/capture/verify.js';
import { DEFAULT_EVIDENCE_DIR } from './capture.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description("re-hash a case's stored evidence against its manifest and say OK or exactly what differs")
    .argument('<case-id>', 'the case id, e.g. c-1a2b3c4d5e6f7a8b')
    .option('-d, --dir <dir>', 'evidence folder (as written by "capture --out")', DEFAULT_EVIDENCE_DIR)
    .option('--manifest-sha256 <hex>', "the manifest SHA-256 recorded on the case; detects a changed or replaced manifest")
    .action(async (caseId: string, opts: { dir: string; manifestSha256?: string }) => {
      const report = await verifyCase(caseId, new FolderEvidenceStore(opts.dir), opts.manifestSha256);
      process.stdout.write(`${formatVerifyReport(report)}\n`);
      if (!report.ok) process.exitCode = 1;
    });
}
