import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_SHIM } from '../../infra/constructs/monitor-function.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { loadConfig, synth, TWO_ACADEMIES } from '../infra/synth.js';

/**
 * Every Lambda handler, bundled the way the stack bundles it (ESM, the require shim, the trust config
 * baked in, templates beside it), must load in a fresh Node process and export a handler: this catches
 * an import that only breaks once bundled, before a deploy does. Loading builds the SDK clients but
 * makes no call, so nothing leaves this machine.
 */
const HANDLERS = ['poll', 'capture', 'digest', 'alert', 'evidence-link', 'recheck'];
const outDir = mkdtempSync(join(tmpdir(), 'mm-handlers-'));
const config = JSON.stringify(loadTrustConfig(TWO_ACADEMIES));
// The installed modules (Chromium) resolve from the bundle's folder, as they do beside a Lambda bundle.
symlinkSync(join(process.cwd(), 'node_modules'), join(outDir, 'node_modules'), 'dir');

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/**
 * Each function's environment exactly as the stack sets it (names from the synthesised template; values
 * that CloudFormation fills in at deploy become placeholders), so a handler reading a variable its
 * function is not given fails here rather than in AWS.
 */
function stackEnvironments(): Map<string, Record<string, string>> {
  const built = synth(loadConfig(TWO_ACADEMIES));
  const resources = built.template(built.academies[0]!).findResources('AWS::Lambda::Function');
  const byHandler = new Map<string, Record<string, string>>();
  for (const [logicalId, fn] of Object.entries(resources) as [string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }][]) {
    const variables = fn.Properties.Environment?.Variables;
    if (!variables?.ACADEMY_ID) continue;
    const handler = HANDLERS.find((h) => logicalId.toLowerCase().startsWith(h.replace('-', '')));
    if (!handler) continue;
    byHandler.set(
      handler,
      Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : k === 'LINK_BASE_URL' ? 'https://links.example.org.uk/l' : `deployed-${k.toLowerCase()}`])),
    );
  }
  return byHandler;
}
const environments = stackEnvironments();

describe('Lambda handler bundles', () => {
  it('finds every handler\'s environment in the synthesised stack', () => {
    expect([...environments.keys()].sort()).toEqual([...HANDLERS].sort());
  });

  it.each(HANDLERS)('%s bundles and loads with a handler export, given only what its stack gives it', async (name) => {
    const dir = join(outDir, name);
    await build({
      entryPoints: [`functions/${name}.ts`],
      outfile: join(dir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      banner: { js: ESM_REQUIRE_SHIM },
      define: { 'process.env.MM_TRUST_CONFIG': JSON.stringify(config) },
      // As in the stack: Chromium ships a binary, so it stays an installed module (here: the repo's).
      external: ['@sparticuz/chromium', 'playwright-core'],
      logLevel: 'silent',
    });
    cpSync('templates', join(dir, 'templates'), { recursive: true });
    const probe = `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-2', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...environments.get(name) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr.split('\n').filter((l) => l && !/NodeVersionSupportWarning|node --trace-warnings|^\s*$|a\.co|upgrade to node|versions published|will require node|To continue receiving/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  });
});
