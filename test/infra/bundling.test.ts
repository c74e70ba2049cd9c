import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { MonitorFunction } from '../../infra/constructs/monitor-function.js';
import { CDK_CONTEXT, cdkOutdir, loadConfig, TWO_ACADEMIES } from './synth.js';

/**
 * The one test that runs esbuild for real (the template tests use a stand-in), on the function that is
 * hardest to package: capture, whose Chromium must stay outside the bundle as an installed node module.
 * Needs the npm registry or a warm npm cache for the install step; about 10 s.
 */
describe('bundling the capture function', () => {
  const app = new App({ context: CDK_CONTEXT, outdir: cdkOutdir() });
  const stack = new Stack(app, 'Bundling');
  new MonitorFunction(stack, 'Capture', {
    handler: 'capture',
    description: 'capture',
    memoryMiB: 2048,
    timeout: Duration.minutes(2),
    environment: {},
    architecture: lambda.Architecture.X86_64,
    nodeModules: ['@sparticuz/chromium', 'playwright-core'],
    logRetention: logs.RetentionDays.ONE_DAY,
    alarmTopic: new sns.Topic(stack, 'Topic'),
    bundle: true,
    trustConfigJson: JSON.stringify(loadConfig(TWO_ACADEMIES)),
  });
  const assembly = app.synth();
  const template = assembly.getStackByName('Bundling').template as { Resources: Record<string, { Type: string; Properties: { Code: { S3Key: string } } }> };
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
  // The asset is staged in cdk.out as asset.<hash>, the same hash as its S3 key.
  const assetDir = join(assembly.directory, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

  it('writes a minified ES module with a source map back to the TypeScript', () => {
    // Minified code runs to thousands of characters a line; only template literals keep their line breaks.
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);
    expect(bundle.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('functions/capture.ts'))).toBe(true);
  });

  it.each(['@sparticuz/chromium', 'playwright-core'])('leaves %s outside the bundle as an import', (name) => {
    expect(bundle).toContain(`from"${name}"`);
  });

  it('installs Chromium with its brotli-compressed binary as a node module', () => {
    expect(existsSync(join(assetDir, 'node_modules/@sparticuz/chromium/bin/chromium.br'))).toBe(true);
    expect(existsSync(join(assetDir, 'node_modules/playwright-core/package.json'))).toBe(true);
  });

  it('bakes the trust config into the code, where the 4 KB environment limit does not apply', () => {
    expect(bundle).toContain('Millfield Primary Academy');
    expect(bundle).not.toMatch(/process\.env\.MM_TRUST_CONFIG/);
  });

  it('ships the email and link-page templates beside the handler', () => {
    for (const file of ['digest.html', 'digest.txt', 'alert.html', 'alert.txt', 'link-page.html']) {
      expect(existsSync(join(assetDir, 'templates', file))).toBe(true);
    }
  });

  it('bundles the AWS SDK instead of relying on the runtime copy', () => {
    expect(existsSync(join(assetDir, 'node_modules/@aws-sdk'))).toBe(false);
    expect(bundle).not.toMatch(/from"@aws-sdk\//);
  });
});
