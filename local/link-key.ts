import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `mention-monitor serve` answers evidence and triage links locally. */
export const LOCAL_LINK_PORT = 8788;
export const LOCAL_LINK_BASE = `http://127.0.0.1:${LOCAL_LINK_PORT}/l`;

/**
 * The local run's link-signing key: made once and kept with the local data, so links in a digest
 * from an earlier run still open with `mention-monitor serve`. In AWS the key is in Secrets Manager.
 */
export function localLinkKey(dataDir: string): string {
  const file = join(dataDir, 'link-signing.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
