import { App } from 'aws-cdk-lib';
import { ConfigError, loadTrustConfig } from '../shared/config/load.js';
import { buildStacks } from './mention-monitor-app.js';

/**
 * `npx cdk synth|deploy`: reads the same trust config as the local run (default config/example.trust.yaml,
 * or `-c config=path`). A config problem ends synth with the config's own message, not a stack trace.
 */
const DEFAULT_CONFIG = 'config/example.trust.yaml';

const app = new App();
const configFile = String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG);
const flag = (name: string, fallback: boolean): boolean => {
  const value = app.node.tryGetContext(name);
  return value === undefined ? fallback : String(value) !== 'false';
};

try {
  const config = loadTrustConfig(configFile);
  buildStacks(app, config, {
    configFile,
    account: process.env.CDK_DEFAULT_ACCOUNT,
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    createSesIdentity: flag('createSesIdentity', true),
    reserveConcurrency: flag('reserveConcurrency', true),
  });
  app.synth();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\nFix the file and run the command again (validate it with: npx mention-monitor config check --config ${configFile}).\n`);
  process.exit(1);
}
