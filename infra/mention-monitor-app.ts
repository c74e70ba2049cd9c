import { Aspects, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../shared/config/load.js';
import type { TrustConfig } from '../shared/config/schema.js';
import { AcademyStack } from './academy-stack.js';
import { monitoredEntities } from './entity-config.js';
import { TrustStack } from './trust-stack.js';

export interface BuildOptions {
  /** Shown in config errors found at synth. */
  configFile: string;
  /** From CDK_DEFAULT_ACCOUNT when set; synth never needs one. */
  account?: string;
  alarmEmail?: string;
  createSesIdentity?: boolean;
  reserveConcurrency?: boolean;
  /** false only in tests, see MonitorFunctionProps.bundle. */
  bundle?: boolean;
}

/** Stack names people type: `npx cdk deploy MentionMonitor-<trust>-<academy>`. */
const SHARED_SUFFIX = 'shared';
export const trustStackName = (cfg: TrustConfig): string => `MentionMonitor-${cfg.trust.id}-${SHARED_SUFFIX}`;
export const academyStackName = (cfg: TrustConfig, entityId: string): string => `MentionMonitor-${cfg.trust.id}-${entityId}`;

export interface BuiltStacks {
  trust: TrustStack;
  academies: AcademyStack[];
}

/** One small trust stack plus one stack per academy, in trust.region (eu-west-2, London, by default). */
export function buildStacks(app: App, cfg: TrustConfig, options: BuildOptions): BuiltStacks {
  const clash = monitoredEntities(cfg).find((e) => e.id === SHARED_SUFFIX);
  if (clash) {
    throw new ConfigError(options.configFile, [
      `the id "${SHARED_SUFFIX}" is taken by the trust-wide stack (${trustStackName(cfg)}): give ${clash.name} another id`,
    ]);
  }
  const env: Environment = { region: cfg.trust.region, ...(options.account ? { account: options.account } : {}) };
  const tags = { project: 'mention-monitor', trust: cfg.trust.id };
  const trust = new TrustStack(app, trustStackName(cfg), {
    env,
    tags,
    description: `mention-monitor: shared key, alarm topic and SES identity for ${cfg.trust.name} (${cfg.trust.region})`,
    config: cfg,
    alarmEmail: options.alarmEmail,
    createSesIdentity: options.createSesIdentity ?? true,
  });
  const academies = monitoredEntities(cfg).map(
    (entity) =>
      new AcademyStack(app, academyStackName(cfg, entity.id), {
        env,
        tags: { ...tags, academy: entity.id },
        description: `mention-monitor: ${entity.name} (${cfg.trust.region})`,
        config: cfg,
        configFile: options.configFile,
        entity,
        trust: { key: trust.key, alarmTopic: trust.alarmTopic, linkKey: trust.linkKey, senderDomain: trust.senderDomain },
        reserveConcurrency: options.reserveConcurrency ?? true,
        bundle: options.bundle ?? true,
      }),
  );
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { trust, academies };
}
