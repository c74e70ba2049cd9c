import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DynamoSubjectRecords } from '../../shared/adapters/dynamodb/subject-records.js';
import { S3EvidenceArchive } from '../../shared/adapters/s3/evidence-archive.js';
import type { TrustConfig } from '../../shared/config/schema.js';
import { sendLogsTo } from '../../shared/log.js';
import { exportSubject, type PrivacyDeps } from '../../shared/privacy/requests.js';
import type { Subject } from '../../shared/privacy/subject.js';
import { Platform } from '../../shared/sources/mention.js';
import { type OpenStack, withStack, withStackOptions } from './local-options.js';

/** The ports a subject request needs, over the local or deployed stack. */
export const privacyDeps = (stack: OpenStack, config: TrustConfig): PrivacyDeps => ({
  store: stack.store,
  records: new DynamoSubjectRecords(stack.clients.dynamodb, stack.tableName),
  evidence: new S3EvidenceArchive(stack.clients.s3, stack.bucket),
  clock: { now: () => new Date() },
  operator: stack.operator,
  retention: config.retention,
});

/** The person at the terminal reads a summary; the JSON logs go to a file beside the data, as with "run". */
export async function withCommandLog<T>(dataDir: string, command: string, work: () => Promise<T>): Promise<T> {
  const dir = resolve(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const stream = createWriteStream(join(dir, `${command}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`));
  sendLogsTo(stream);
  try {
    return await work();
  } finally {
    sendLogsTo(process.stdout);
    await new Promise((done) => stream.end(done));
  }
}

export function parsePlatform(value: string | undefined): Subject['platform'] {
  if (value === undefined) return undefined;
  const parsed = Platform.safeParse(value);
  if (!parsed.success) throw new Error(`--platform must be one of ${Platform.options.join(', ')}; leave it out to search every platform.`);
  return parsed.data;
}

export function register(program: Command): void {
  withStackOptions(
    program
      .command('subject-access')
      .description(
        'answer a subject access request: export every record about one person (mentions, cases, audit entries, ' +
          'evidence files and manifests) to a zip with a readable index, and record the export on the audit trail',
      )
      .requiredOption('--author <handle>', 'the account the person posts as, e.g. @parent_of_two (with or without @)')
      .option('--platform <name>', `only this platform (${Platform.options.join(', ')})`)
      .option('--name <full name>', 'also include posts by anyone that name the person, e.g. "Jessica Morley"')
      .requiredOption('-o, --out <file.zip>', 'where to write the export'),
  ).action(async (opts: { config: string; dataDir: string; author: string; platform?: string; name?: string; out: string }) => {
    if (!opts.out.toLowerCase().endsWith('.zip')) throw new Error('--out must name a .zip file, e.g. --out sar-2026-14.zip');
    const subject: Subject = { author: opts.author, platform: parsePlatform(opts.platform), name: opts.name };
    await withCommandLog(opts.dataDir, 'subject-access', () => withStack(opts, async (stack, config) => {
      const out = resolve(opts.out);
      const built = await exportSubject(subject, privacyDeps(stack, config), config.trust.name, basename(out));
      writeFileSync(out, built.zip, { mode: 0o600 });
      const { mentions, cases, auditEntries, evidenceFiles } = built.counts;
      process.stdout.write(
        `Wrote ${out}: ${mentions} mention${mentions === 1 ? '' : 's'}, ${cases} case${cases === 1 ? '' : 's'}, ${auditEntries} audit entries, ${evidenceFiles} evidence files.\n` +
          (mentions + cases === 0 ? 'Nothing was found for that person: check the handle and platform, or try --name.\n' : '') +
          'Open index.html in the zip first. Check it with your Data Protection Officer before sending: other people named in posts may need redacting.\n' +
          'The export is recorded on the audit trail ("mention-monitor audit --requests"). The file holds personal data: keep it somewhere safe and delete it once sent.\n',
      );
    }));
  });
}
