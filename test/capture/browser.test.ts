import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { BrowserUnavailableError, createBrowserProvider, defaultCandidates, launchBrowser } from '../../shared/capture/browser.js';
import { tempDir } from '../support/temp.js';

describe('launch arguments', () => {
  const [sparticuz, system] = defaultCandidates();

  it.each(['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'])(
    'include %s for both candidates',
    (flag) => {
      expect(sparticuz.args).toContain(flag);
      expect(system.args).toContain(flag);
    },
  );

  it.each(['--disable-web-security', '--allow-running-insecure-content', '--single-process'])('drop %s from the @sparticuz defaults', (flag) => {
    expect(sparticuz.args).not.toContain(flag);
  });

  it('stop Chromium resolving names itself, so only the guard proxy resolves', () => {
    expect(sparticuz.args.some((a) => a.startsWith('--host-resolver-rules=MAP * ~NOTFOUND'))).toBe(true);
  });

  it('fall back to the system Chromium', () => {
    expect(system.name).toBe('/usr/bin/chromium');
  });
});

describe('launchBrowser', () => {
  it('names every candidate that failed and says how to fix it', async () => {
    const error = await launchBrowser([
      { name: 'first', executablePath: async () => { throw new Error('could not unpack to /tmp'); }, args: [] },
      { name: 'second', executablePath: async () => '/nonexistent/chromium', args: [] },
    ]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(BrowserUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('first: could not unpack to /tmp');
    expect(message).toMatch(/second: .*nonexistent/);
    expect(message).toMatch(/npm ci.*apt-get install chromium.*1,536 MB/);
  });

  it('leaves nothing in the temp dir when the executable is missing', async () => {
    const tmp = tempDir('mm-launch-');
    vi.stubEnv('TMPDIR', tmp);
    try {
      await expect(launchBrowser([{ name: 'missing', executablePath: async () => '/nonexistent/chromium', args: [] }])).rejects.toBeInstanceOf(BrowserUnavailableError);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('createBrowserProvider', () => {
  it('reuses one browser and relaunches it after it has gone', async () => {
    const provider = createBrowserProvider();
    try {
      const first = await provider.get();
      expect(await provider.get()).toBe(first);
      await first.close();
      const second = await provider.get();
      expect(second).not.toBe(first);
      expect(second.isConnected()).toBe(true);
    } finally {
      await provider.close();
    }
  });

  it('launches one browser, not one per caller, when captures ask at the same moment after it has gone', async () => {
    let launches = 0;
    const counted = defaultCandidates().map((c) => ({ ...c, executablePath: async () => { launches += 1; return c.executablePath(); } }));
    const provider = createBrowserProvider(counted);
    try {
      await (await provider.get()).close();
      launches = 0;
      const [a, b, c] = await Promise.all([provider.get(), provider.get(), provider.get()]);
      expect(launches).toBe(1);
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect(a.isConnected()).toBe(true);
    } finally {
      await provider.close();
    }
  });

  it('launches once for callers that were all waiting on a launch that failed', async () => {
    let calls = 0;
    const provider = createBrowserProvider([{ name: 'missing', executablePath: async () => { calls += 1; return '/nonexistent/chromium'; }, args: [] }]);
    await expect(provider.get()).rejects.toBeInstanceOf(BrowserUnavailableError);
    calls = 0;
    const results = await Promise.allSettled([provider.get(), provider.get()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
  });

  it('tries again on the next call after a failed launch', async () => {
    let calls = 0;
    const provider = createBrowserProvider([{ name: 'missing', executablePath: async () => { calls += 1; return '/nonexistent/chromium'; }, args: [] }]);
    await expect(provider.get()).rejects.toBeInstanceOf(BrowserUnavailableError);
    await expect(provider.get()).rejects.toBeInstanceOf(BrowserUnavailableError);
    expect(calls).toBe(2);
  });
});
