import type { Command } from 'commander';
import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { S3EvidenceStore } from '../../shared/adapters/s3/evidence-store.js';
import { FolderEvidenceStore } from '../../shared/capture/folder-store.js';
import { formatVerifyReport, type VerifyReport, verifyCase } from '../../shared/capture/verify.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { withLocalOptions, withLocalStack } from './local-options.js';

interface VerifyOptions {
  config: string;
  dataDir: string;
  dir?: string;
  table?: string;
  bucket?: string;
  manifestSha256?: string;
}

export function register(program: Command): void {
  withLocalOptions(
    program
      .command('verify')
      .description(
        "re-hash a case's stored evidence against its manifest, and the manifest against the hash recorded on the case, " +
          'and say OK or exactly what differs. Reads the local data by default; --table and --bucket read a deployed stack ' +
          '(with your AWS credentials); --dir reads a folder written by "capture --out"',
      )
      .argument('<case-id>', 'the case id, e.g. c-1a2b3c4d5e6f7a8b')
      .option('-d, --dir <dir>', 'an evidence folder written by "capture --out"')
      .option('--table <name>', "a deployed academy stack's case table (see the stack outputs)")
      .option('--bucket <name>', "a deployed academy stack's evidence bucket (see the stack outputs)")
      .option('--manifest-sha256 <hex>', 'the manifest SHA-256 to expect (read from the case when the case store is available)'),
  ).action(async (caseId: string, opts: VerifyOptions) => {
    let report: VerifyReport;
    if (opts.dir) {
      report = await verifyCase(caseId, new FolderEvidenceStore(opts.dir), opts.manifestSha256);
    } else if (opts.table || opts.bucket) {
      if (!opts.table || !opts.bucket) throw new Error('Give both --table and --bucket (the stack outputs name them).');
      const config = loadTrustConfig(opts.config);
      const clients = createAwsClients({ region: config.trust.region });
      const store = new DynamoCaseStore(clients.dynamodb, { tableName: opts.table, mentionDays: config.retention.mentionDays, caseYears: config.retention.caseYears });
      const recorded = (await store.getCase(caseId))?.evidence.manifestSha256;
      report = await verifyCase(caseId, new S3EvidenceStore(clients.s3, opts.bucket), opts.manifestSha256 ?? recorded);
    } else {
      report = await withLocalStack(opts, async (local) => {
        const recorded = (await local.store.getCase(caseId))?.evidence.manifestSha256;
        return verifyCase(caseId, local.evidence, opts.manifestSha256 ?? recorded);
      });
    }
    process.stdout.write(`${formatVerifyReport(report)}\n`);
    if (!report.ok) process.exitCode = 1;
  });
}
