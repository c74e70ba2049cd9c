import { access, constants } from 'node:fs/promises';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';
import { logger } from '../log.js';

/**
 * One headless Chromium per process, launched on first use and reused: a launch costs ~2 s, a
 * new context per capture costs milliseconds. Tries @sparticuz/chromium (what runs on Lambda),
 * then a system Chromium.
 */

/** Flags that let Chromium run as root in a container, offline, without phoning home. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
  // Chromium must never resolve a name itself: every request goes through the guard proxy, which
  // resolves, checks and pins the address (the DNS-rebinding defence). The rule covers IP literals
  // too, so the proxy's own address is excluded.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  // WebRTC would otherwise send UDP straight to any address a page names, around the proxy.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/**
 * Dropped from @sparticuz's defaults: a browser that opens strangers' URLs keeps web security on,
 * and in --single-process mode the browser dies when its first context closes, which rules out
 * reusing one browser with a fresh context per capture.
 */
const DROPPED_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export class BrowserUnavailableError extends Error {
  constructor(readonly attempts: { candidate: string; reason: string }[]) {
    const tried = attempts.map((a) => `${a.candidate}: ${a.reason}`).join('; ');
    super(
      `No headless Chromium could start, so screenshots cannot be taken (tried ${tried}). ` +
        'Cases keep their evidence as "pending" and are captured on a later run once this is fixed. To fix: ' +
        'run "npm ci" so the @sparticuz/chromium package is present and /tmp is writable (it unpacks there), ' +
        `or install Chromium at ${SYSTEM_CHROMIUM} (Debian/Ubuntu: "sudo apt-get install chromium"). ` +
        'If Chromium exists but exits at once, a system library is missing ' +
        '("sudo apt-get install libnss3 libatk-bridge2.0-0 libgbm1 libasound2"). ' +
        'On AWS Lambda give the capture function at least 1,536 MB of memory.',
    );
    this.name = 'BrowserUnavailableError';
  }
}

export interface BrowserCandidate {
  name: string;
  executablePath: () => Promise<string>;
  args: string[];
}

const launchArgs = (extra: string[]): string[] => [
  ...new Set([...extra.filter((a) => !DROPPED_ARGS.has(a) && !a.startsWith('--headless')), ...BASE_ARGS]),
];

export const defaultCandidates = (): BrowserCandidate[] => [
  { name: '@sparticuz/chromium', executablePath: () => sparticuz.executablePath(), args: launchArgs(sparticuz.args) },
  {
    name: SYSTEM_CHROMIUM,
    executablePath: async () => {
      await access(SYSTEM_CHROMIUM, constants.X_OK);
      return SYSTEM_CHROMIUM;
    },
    args: launchArgs([]),
  },
];

const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? 'unknown error';

/** Launches the first candidate that starts; throws BrowserUnavailableError naming each failure and the fix. */
export async function launchBrowser(candidates: BrowserCandidate[] = defaultCandidates()): Promise<Browser> {
  const attempts: { candidate: string; reason: string }[] = [];
  for (const candidate of candidates) {
    try {
      const executablePath = await candidate.executablePath();
      // playwright-core makes its profile and artifacts dirs in the temp dir before it looks for the
      // executable, and leaves both behind when it is missing: look first.
      await access(executablePath, constants.X_OK);
      const browser = await chromium.launch({ executablePath, args: candidate.args, headless: true, timeout: 30_000 });
      logger.info('browser launched', { candidate: candidate.name, version: browser.version() });
      return browser;
    } catch (err) {
      attempts.push({ candidate: candidate.name, reason: firstLine(err) });
      logger.warn('browser candidate failed', { candidate: candidate.name, reason: firstLine(err) });
    }
  }
  throw new BrowserUnavailableError(attempts);
}

/** Hands out the shared browser; relaunches it if it died between captures. */
export interface BrowserProvider {
  get(): Promise<Browser>;
  close(): Promise<void>;
}

export function createBrowserProvider(candidates?: BrowserCandidate[]): BrowserProvider {
  let launching: Promise<Browser> | undefined;
  return {
    async get() {
      const pending = launching;
      if (pending) {
        const current = await pending.catch(() => undefined);
        if (current?.isConnected()) return current;
        // Captures run concurrently: the first caller to find the browser gone relaunches it and
        // the rest share that launch, so no second Chromium is started and left running.
        if (launching && launching !== pending) return launching;
      }
      launching = launchBrowser(candidates);
      return launching;
    },
    async close() {
      const current = launching && (await launching.catch(() => undefined));
      launching = undefined;
      await current?.close();
    },
  };
}
