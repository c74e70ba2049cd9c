import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerAudit } from '../../cli/commands/audit.js';
import { register as registerErase } from '../../cli/commands/erase.js';
import { register as registerRetention } from '../../cli/commands/retention.js';
import { register as registerSubjectAccess } from '../../cli/commands/subject-access.js';
import { createStopStack } from '../../cli/commands/stop-stack.js';
import { openLocalStack } from '../../local/local-stack.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { caseOf, daysAgo, mention, score } from './fixtures.js';

/**
 * The four commands as a person runs them, on local data kept in a temp data dir (the emulators persist to
 * disk between commands, as they do between "mention-monitor run" and "mention-monitor cases").
 */
const CONFIG = 'config/example.trust.yaml';
const dataDir = mkdtempSync(join(tmpdir(), 'mm-privacy-cli-'));
const out = join(dataDir, 'sar.zip');
const post = mention('cli1', '@riverside_mum', 'Riverside Junior still has not answered my complaint', daysAgo(2));
const complaint = caseOf('riverside', post, score(0, 2), post.fetchedAt);

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  for (const register of [registerRetention, registerSubjectAccess, registerErase, registerAudit]) register(program);
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['node', 'mention-monitor', ...args, '--config', CONFIG, '--data-dir', dataDir]);
  } finally {
    spy.mockRestore();
  }
  return printed;
}

beforeAll(async () => {
  const stack = createStopStack();
  try {
    const local = await openLocalStack(loadTrustConfig(CONFIG), dataDir, stack);
    await local.store.createCaseIfNew(complaint);
    await local.store.putMentionIfNew({ mention: post, academyId: 'riverside', score: score(0, 2), isCase: true });
    const plain = mention('cli2', '@riverside_mum', 'Riverside Junior summer fair was lovely', daysAgo(1));
    await local.store.putMentionIfNew({ mention: plain, academyId: 'riverside', score: score(0, 0), isCase: false });
  } finally {
    await stack.stopAll();
  }
}, 60_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('privacy commands', () => {
  it('prints the schedule in force with its reasons and what is due to expire', async () => {
    const text = await run('retention', '--within', '40');
    expect(text).toContain('kept 25 years from when the case was opened');
    expect(text).toContain('IRMS');
    expect(text).toMatch(/1 x Mentions that are not cases.*first on/);
  });

  it('prints the schedule of the config as the Markdown table the DPIA carries', async () => {
    const table = await run('retention', '--markdown');
    const doc = readFileSync('docs/data-protection.md', 'utf8');
    expect(doc).toContain(table.trim());
  });

  it('writes a subject access zip with both records and says where', async () => {
    const text = await run('subject-access', '--author', 'Riverside_Mum', '--out', out);
    expect(text).toContain(`Wrote ${out}: 1 mention, 1 case`);
    const files = unzipSync(readFileSync(out));
    expect(strFromU8(files['index.txt']!)).toContain('summer fair was lovely');
    expect(Object.keys(files)).toContain(`records/cases/${complaint.caseId}/case.json`);
  });

  it('keeps JSON logs out of the summary and in a file beside the data', async () => {
    const text = await run('subject-access', '--author', 'nobody_at_all', '--out', join(dataDir, 'none.zip'));
    expect(text).toContain('Nothing was found for that person');
    expect(text).not.toContain('"level"');
    expect(readdirSync(join(dataDir, 'logs')).some((f) => f.startsWith('subject-access-'))).toBe(true);
  });

  it('refuses an --out that is not a zip, saying what to give', async () => {
    await expect(run('subject-access', '--author', 'x', '--out', join(dataDir, 'sar.txt'))).rejects.toThrow(/--out must name a \.zip file/);
    expect(existsSync(join(dataDir, 'sar.txt'))).toBe(false);
  });

  it('erases the plain mention, restricts the open case with the reason, and shows both on the audit trail', async () => {
    const text = await run('erase', '--author', '@riverside_mum', '--reason', 'erasure request DP-2026-16');
    expect(text).toContain('Erased: 1 mention');
    expect(text).toMatch(/is still open \(new\)/);
    const caseTrail = await run('audit', '--case', complaint.caseId);
    expect(caseTrail).toMatch(/os-(user|uid):/);
    expect(caseTrail).toContain('subject_access.exported');
    expect(caseTrail).toContain('erasure.restricted');
    const requests = await run('audit', '--requests');
    expect(requests).toContain('subject_access.exported');
    expect(requests).toContain('request=erasure request DP-2026-16');
    expect(requests).not.toContain('riverside_mum');
  });

  it('asks for a case or --requests when given neither', async () => {
    await expect(run('audit')).rejects.toThrow(/Give either --case <id>/);
  });
});
