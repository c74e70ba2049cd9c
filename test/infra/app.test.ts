import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/config/load.js';
import { tempDir } from '../support/temp.js';
import { loadConfig, ROOT, synth, TWO_ACADEMIES } from './synth.js';

const dir = tempDir('mm-infra-');

/** Runs the CDK app the way `npx cdk synth -c config=<file>` does: the CLI passes context in CDK_CONTEXT_JSON. */
function runApp(configFile: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
    cwd: ROOT,
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config: configFile }), CDK_OUTDIR: join(dir, 'cdk.out') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('synth with a bad config', () => {
  it.each([
    [
      'an academy id with capitals and a missing email',
      write('bad-fields.yaml', 'trust: {id: nat, name: NAT, monitor: m@x.example, dsl: d@x.example}\nemail: {from: f@x.example}\nacademies:\n  - {id: Bad Id, name: Bad, dsl: d@x.example}\n'),
      ['"academies[0].id" (line 4)', 'use 1-40 lower-case letters', '"academies[0].monitor" (line 4): is required but missing'],
    ],
    ['broken YAML', write('bad-yaml.yaml', 'trust: [unclosed\n'), ['line 2: Flow sequence', 'fix the YAML syntax there']],
    ['a file that is not there', join(dir, 'missing.yaml'), ['cannot read the file (ENOENT)']],
  ])('stops on %s with the config error and no stack trace', (_case, file, expected) => {
    const { status, stderr } = runApp(file);
    expect(status).toBe(1);
    expect(stderr).toContain(`The trust config ${file} has`);
    for (const text of expected) expect(stderr).toContain(text);
    expect(stderr).toContain('Fix the file and run the command again');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('node_modules');
  });
});

describe('an academy whose stack name would clash with the trust stack', () => {
  it('fails synth with a config error naming the academy', () => {
    const config = loadConfig(TWO_ACADEMIES);
    const academies = [{ ...config.academies[1], id: 'shared' }];
    expect(() => synth({ ...config, academies })).toThrow(ConfigError);
    expect(() => synth({ ...config, academies })).toThrow(/the id "shared" is taken by the trust-wide stack \(MentionMonitor-nat-shared\): give Millfield Primary Academy another id/);
  });
});

describe('a large config', () => {
  it('synthesises: the config is baked into the bundle, not squeezed into the 4 KB Lambda environment', () => {
    const config = loadConfig(TWO_ACADEMIES);
    const lexicon = { substances: Array.from({ length: 400 }, (_, i) => `local slang phrase ${i}`) };
    const built = synth({ ...config, lexicon });
    const env = built.template(built.academies[0]).findResources('AWS::Lambda::Function');
    for (const fn of Object.values(env) as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }[]) {
      expect(JSON.stringify(fn.Properties.Environment?.Variables ?? {}).length).toBeLessThan(4096);
    }
  });
});
