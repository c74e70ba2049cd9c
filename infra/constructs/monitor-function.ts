import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The repository root: entry points and the lock file are found from here, wherever synth runs. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Current Node.js LTS on Lambda. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * ESM bundles still meet CommonJS dependencies that call require() for Node built-ins; this gives them one.
 * The alias avoids a clash when a bundled module declares its own `require`.
 */
export const ESM_REQUIRE_SHIM = "import { createRequire as __mmCreateRequire } from 'node:module'; const require = __mmCreateRequire(import.meta.url);";

export interface MonitorFunctionProps {
  /** Handler file in functions/, without extension: poll, capture, digest, alert, evidence-link, recheck. */
  handler: string;
  description: string;
  memoryMiB: number;
  timeout: Duration;
  environment: Record<string, string>;
  /**
   * The validated trust config as JSON, baked into the bundle (esbuild define of process.env.MM_TRUST_CONFIG):
   * a Lambda environment holds 4 KB in all, too little for a trust's aliases, exclusions and lexicon.
   */
  trustConfigJson: string;
  /** Graviton is cheaper per GB-second; only the Chromium function needs x86_64 (see capture). */
  architecture?: lambda.Architecture;
  /** Packages installed as real node_modules instead of bundled (binaries, files read from disk). */
  nodeModules?: string[];
  reservedConcurrency?: number;
  logRetention: logs.RetentionDays;
  alarmTopic: sns.ITopic;
  /**
   * false only in tests: a stand-in inline handler instead of running esbuild, so a template test takes
   * a second rather than a bundle per function. Deployable stacks always bundle.
   */
  bundle: boolean;
}

/**
 * One Lambda function as this project runs it: bundled with esbuild (minified, with source maps), its own
 * log group with a retention period, and an alarm to IT when it reports errors.
 */
export class MonitorFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly trustConfigJson: string;

  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    super(scope, id);
    this.trustConfigJson = props.trustConfigJson;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Logs hold ids and counts, never post text at info level; they need not outlive the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const common = {
      description: props.description,
      runtime: RUNTIME,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memoryMiB,
      timeout: props.timeout,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'mention-monitor',
        LOG_LEVEL: 'INFO',
        // Which config is baked in: a changed config changes this, so the function is redeployed with it.
        MM_CONFIG_SHA256: createHash('sha256').update(props.trustConfigJson).digest('hex'),
        ...props.environment,
      },
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
    } satisfies Partial<lambda.FunctionProps>;

    this.fn = props.bundle
      ? new NodejsFunction(this, 'Function', {
          ...common,
          entry: `${PROJECT_ROOT}functions/${props.handler}.ts`,
          handler: 'handler',
          projectRoot: PROJECT_ROOT,
          depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
          bundling: {
            format: OutputFormat.ESM,
            minify: true,
            sourceMap: true,
            // Pin the SDK version we test with rather than whatever the runtime ships.
            bundleAwsSDK: true,
            mainFields: ['module', 'main'],
            banner: ESM_REQUIRE_SHIM,
            nodeModules: props.nodeModules,
            define: { 'process.env.MM_TRUST_CONFIG': JSON.stringify(props.trustConfigJson) },
            // The email and link-page templates are read from disk beside the handler (shared/digest/template.ts).
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) => [`cp -r "${inputDir}/templates" "${outputDir}/templates"`],
            },
            // The nodeModules install runs from npm's cache when the packages are there (they are after
            // `npm ci`), so synth works offline; the registry is asked only for what the cache lacks.
            environment: { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
          },
        })
      : new lambda.Function(this, 'Function', {
          ...common,
          handler: 'index.handler',
          code: lambda.Code.fromInline(`exports.handler = async () => { throw new Error('test stand-in for functions/${props.handler}.ts'); };`),
        });

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${Stack.of(this).stackName}: the ${props.handler} function failed. In the Lambda console open the function, choose Monitor > View CloudWatch logs and look for "level":"ERROR".`,
      metric: this.fn.metricErrors({ period: Duration.minutes(15), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
