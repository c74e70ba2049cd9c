import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/feed.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'feed-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `mention-monitor feed ...` in-process and returns what it printed. */
async function runFeed(...args: string[]): Promise<{ lines: Record<string, unknown>[]; stderr: string }> {
  const program = new Command().exitOverride();
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    await program.parseAsync(['node', 'mention-monitor', 'feed', ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const lines = out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, stderr: err.join('') };
}

describe('mention-monitor feed', () => {
  it('prints one JSON object a line with the fields IT staff need to check', async () => {
    const { lines, stderr } = await runFeed(fixture('wordpress-rss2.xml'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(['id', 'platform', 'url', 'title', 'text', 'publishedAt']));
    expect(lines[0]).toMatchObject({ platform: 'rss', title: 'Northbrook Academy pupils raise £2,000 for hospice', author: 'Jo Whitfield' });
    expect(stderr).toMatch(/2 mentions from RSS feed "Northbrook Gazette", character set utf-8/);
  });

  it('reads a feed as Google News when asked', async () => {
    const { lines } = await runFeed('--platform', 'google_news', fixture('google-news.xml'));
    expect(lines[0]).toMatchObject({ platform: 'google_news', title: 'Northbrook Academy rated good by Ofsted', author: 'Cambridge News' });
  });

  it('lists the problems it worked around on stderr', async () => {
    const { lines, stderr } = await runFeed(fixture('truncated.xml'));
    expect([lines.length, stderr]).toEqual([1, expect.stringMatching(/warning: the feed ends before its XML is complete.*\n.*warning: the last item was cut off/s)]);
  });

  it('refuses a 50 MB file before reading it', async () => {
    const big = join(scratch, 'big.xml');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024); // sparse: no 50 MB written to disk
    await expect(runFeed(big)).rejects.toThrow(/big\.xml is 50\.0 MB; feeds over 5 MB are refused/);
  });

  it('suggests https:// when given a bare web address', async () => {
    await expect(runFeed('news.example.co.uk/rss')).rejects.toThrow(/There is no file called news\.example\.co\.uk\/rss\. .*https:\/\/news\.example\.co\.uk\/rss/);
  });

  it('refuses private addresses just as polling does', async () => {
    await expect(runFeed('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/private, local or reserved/);
  });

  it('rejects an unknown --platform', async () => {
    await expect(runFeed('--platform', 'reddit', fixture('wordpress-rss2.xml'))).rejects.toThrow(/--platform must be one of rss, google_alerts, google_news/);
  });
});
