import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadTrustConfig } from '../../shared/config/load.js';
import type { TrustConfig } from '../../shared/config/schema.js';
import { buildStacks, type BuildOptions, type BuiltStacks } from '../../infra/mention-monitor-app.js';
import { tempDir } from '../support/temp.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TWO_ACADEMIES = fileURLToPath(new URL('./fixtures/two-academies.trust.yaml', import.meta.url));
export const EXAMPLE = `${ROOT}config/example.trust.yaml`;

/** The feature flags in cdk.json, so tests synthesise exactly what `npx cdk synth` does. */
export const CDK_CONTEXT = JSON.parse(readFileSync(`${ROOT}cdk.json`, 'utf8')).context as Record<string, unknown>;

export const loadConfig = (file: string): TrustConfig => loadTrustConfig(file);

export interface Synth extends BuiltStacks {
  app: App;
  template(stack: Stack): Template;
}

/**
 * An App's own output dir, removed when the test file ends. Without one, aws-cdk-lib makes a
 * /tmp/cdk.outXXXXXX per App and removes it only on process exit, which a vitest worker never reaches:
 * it is stopped with SIGTERM.
 */
export const cdkOutdir = (): string => tempDir('cdk.out-');

/** Builds every stack for a config without bundling (see MonitorFunctionProps.bundle). */
export function synth(config: TrustConfig, options: Partial<BuildOptions> = {}): Synth {
  const app = new App({ context: CDK_CONTEXT, outdir: cdkOutdir() });
  const built = buildStacks(app, config, { configFile: 'test.trust.yaml', bundle: false, ...options });
  const templates = new Map<Stack, Template>();
  return {
    app,
    ...built,
    template: (stack) => {
      if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
      return templates.get(stack)!;
    },
  };
}
