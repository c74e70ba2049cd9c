import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceLifecycle } from '../../shared/privacy/schedule.js';
import type { TrustConfig } from '../../shared/config/schema.js';
import { loadConfig, synth, TWO_ACADEMIES } from './synth.js';

/**
 * The retention schedule in the trust config and the synthesised stacks agree: DynamoDB TTL on the case
 * table, Object Lock on the evidence bucket never shorter than the schedule's evidence period, and the
 * lifecycle rules derived from the same numbers. The fixture config sets evidenceDays to 3650 (COMPLIANCE),
 * not the default, so a stack that ignored the config would fail here.
 */
type Resource = { Properties: Record<string, any> };
let config: TrustConfig;
let templates: Template[];

beforeAll(() => {
  config = loadConfig(TWO_ACADEMIES);
  const built = synth(config);
  templates = built.academies.map((s) => built.template(s));
}, 120_000);

const resources = (t: Template, type: string): Resource[] => Object.values(t.findResources(type)) as Resource[];
const evidenceBucket = (t: Template): Resource => {
  const locked = resources(t, 'AWS::S3::Bucket').filter((b) => b.Properties.ObjectLockEnabled === true);
  expect(locked).toHaveLength(1);
  return locked[0]!;
};

describe('retention in the synthesised academy stacks', () => {
  it('reads a non-default evidence period from the fixture config', () => {
    expect(config.retention).toMatchObject({ evidenceDays: 3650, objectLockMode: 'COMPLIANCE' });
    expect(templates.length).toBeGreaterThanOrEqual(2);
  });

  it('turns on DynamoDB TTL on the attribute the app stamps, in every academy table', () => {
    for (const t of templates) {
      const tables = resources(t, 'AWS::DynamoDB::Table');
      expect(tables.map((r) => r.Properties.TimeToLiveSpecification)).toContainEqual({ AttributeName: 'ttl', Enabled: true });
    }
  });

  it("locks evidence for the configured days and mode, never shorter than the schedule's evidence period", () => {
    const plan = evidenceLifecycle(config.retention);
    for (const t of templates) {
      const rule = evidenceBucket(t).Properties.ObjectLockConfiguration.Rule.DefaultRetention;
      expect(rule).toEqual({ Days: plan.objectLockDays, Mode: plan.objectLockMode });
      expect(rule.Days).toBeGreaterThanOrEqual(plan.expireCurrentAfterDays);
    }
  });

  it('removes old evidence versions only after their lock ends, and keeps access logs as long as the evidence', () => {
    const plan = evidenceLifecycle(config.retention);
    for (const t of templates) {
      const rules = evidenceBucket(t).Properties.LifecycleConfiguration.Rules as Record<string, any>[];
      const noncurrent = rules.find((r) => r.NoncurrentVersionExpiration);
      expect(noncurrent?.NoncurrentVersionExpiration.NoncurrentDays).toBe(plan.expireNoncurrentAfterDays);
      const logRules = resources(t, 'AWS::S3::Bucket')
        .filter((b) => b.Properties.ObjectLockEnabled !== true)
        .flatMap((b) => (b.Properties.LifecycleConfiguration?.Rules ?? []) as Record<string, any>[])
        .filter((r) => r.Id === 'expire-access-logs');
      expect(logRules.map((r) => r.ExpirationInDays)).toEqual([plan.accessLogDays]);
    }
  });

  it('expires current evidence at the end of the schedule\'s evidence period, never before its lock ends', () => {
    const plan = evidenceLifecycle(config.retention);
    for (const t of templates) {
      const rules = evidenceBucket(t).Properties.LifecycleConfiguration.Rules as Record<string, any>[];
      const current = rules.find((r) => r.Id === 'expire-evidence-after-retention');
      expect(current?.ExpirationInDays).toBe(plan.expireCurrentAfterDays);
      expect(current?.ExpirationInDays).toBeLessThanOrEqual(evidenceBucket(t).Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days);
    }
  });
});
