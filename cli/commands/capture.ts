import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { createBrowserProvider } from '../../shared/capture/browser.js';
import { captureEvidence } from '../../shared/capture/capture.js';
import { FolderEvidenceStore } from '../../shared/capture/folder-store.js';

export const DEFAULT_EVIDENCE_DIR = 'evidence';

/** A stable id for an ad-hoc capture, so capturing the same URL again files under the same folder. */
export const adhocCaseId = (url: string): string => `adhoc-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;

export function register(program: Command): void {
  program
    .command('capture')
    .description('open a post in headless Chromium and save screenshots, HTML, MHTML and a manifest of SHA-256 hashes to a folder')
    .argument('<url>', 'the post address (http:// or https://)')
    .option('-o, --out <dir>', 'folder to save the evidence in', DEFAULT_EVIDENCE_DIR)
    .option('--case-id <id>', 'file the evidence under this case id (default: derived from the URL)')
    .option('--platform <name>', 'platform name recorded in the manifest', 'web')
    .option('--allow-private', 'allow private and loopback addresses (local test pages only; never for real posts)', false)
    .action(async (url: string, opts: { out: string; caseId?: string; platform: string; allowPrivate: boolean }) => {
      const store = new FolderEvidenceStore(opts.out);
      const browser = createBrowserProvider();
      try {
        const evidence = await captureEvidence(
          { caseId: opts.caseId ?? adhocCaseId(url), url, platform: opts.platform },
          { browser, store, clock: { now: () => new Date() }, allowPrivate: opts.allowPrivate },
        );
        const manifestBytes = evidence.manifestKey ? await store.get(evidence.manifestKey) : undefined;
        const manifestText = manifestBytes ? Buffer.from(manifestBytes).toString('utf8') : '';
        process.stdout.write(manifestText);
        const where = evidence.manifestKey ? store.describe(evidence.manifestKey) : opts.out;
        process.stderr.write(
          `Saved ${evidence.keys?.length ?? 0} file(s); manifest ${where} (SHA-256 ${evidence.manifestSha256}).\n` +
            (evidence.kind === 'card' ? 'The live page could not be captured as it is; an evidence card stands in (see "notes" above).\n' : ''),
        );
        if (!opts.allowPrivate && (JSON.parse(manifestText || '{}') as { outcome?: string }).outcome === 'refused') {
          process.stderr.write('The address is private or local, so it was not opened. For a test page on this machine add --allow-private.\n');
        }
        if (evidence.status !== 'captured') {
          process.stderr.write(`No screenshot was taken: ${evidence.error ?? 'the capture did not finish'}\n`);
          process.exitCode = 1;
        }
      } finally {
        await browser.close();
      }
    });
}
