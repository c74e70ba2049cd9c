import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { createAwsClients } from '../shared/adapters/aws-clients.js';
import { DynamoCaseStore } from '../shared/adapters/dynamodb/case-store.js';
import { S3EvidenceStore } from '../shared/adapters/s3/evidence-store.js';
import { SesMailer } from '../shared/adapters/ses/mailer.js';
import { SsmSecrets } from '../shared/adapters/ssm/secrets.js';
import { type Entity, entities, TrustConfig } from '../shared/config/schema.js';
import type { Clock } from '../shared/ports/index.js';

/**
 * What every handler needs, built once per Lambda container and reused while it is warm.
 * The trust config is validated here, at the edge; the CDK stack bakes it into the bundle
 * (process.env.MM_TRUST_CONFIG, replaced at bundle time), so a deployed function runs exactly the config
 * that was synthesised.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set; redeploy the stack with "npx cdk deploy" to restore it.`);
  return value;
}

export function deployedConfig(): { config: TrustConfig; entity: Entity } {
  // Written out in full so esbuild's define can replace it with the config baked in at synth.
  const baked = process.env.MM_TRUST_CONFIG;
  if (!baked) throw new Error('This function was built without its trust config; redeploy the stack with "npx cdk deploy".');
  const config = TrustConfig.parse(JSON.parse(baked));
  const academyId = requireEnv('ACADEMY_ID');
  const entity = entities(config).find((e) => e.id === academyId);
  if (!entity) throw new Error(`ACADEMY_ID "${academyId}" is not in the deployed trust config; redeploy the stack.`);
  return { config, entity };
}

export function awsDeps() {
  const { config, entity } = deployedConfig();
  const clients = createAwsClients({ region: process.env.AWS_REGION ?? config.trust.region });
  const clock: Clock = { now: () => new Date() };
  return {
    config,
    entity,
    clock,
    clients,
    sqs: clients.sqs,
    store: new DynamoCaseStore(clients.dynamodb, {
      tableName: requireEnv('TABLE_NAME'),
      mentionDays: config.retention.mentionDays,
      caseYears: config.retention.caseYears,
    }),
    evidence: () => new S3EvidenceStore(clients.s3, requireEnv('BUCKET_NAME')),
    mailer: new SesMailer(clients.ses, config.email.from),
    secrets: new SsmSecrets(clients.ssm),
  };
}
export type AwsDeps = ReturnType<typeof awsDeps>;

let cachedLinkKeys: Promise<string[]> | undefined;

/**
 * The HMAC keys for evidence and triage links, from Secrets Manager, fetched once per container. The
 * secret holds one key, or several separated by new lines: the first signs new links and every one
 * still opens links already emailed, so a key can be rotated without breaking a month of digests.
 */
export function linkKeys(deps: AwsDeps): Promise<string[]> {
  cachedLinkKeys ??= (async () => {
    const out = await deps.clients.secretsManager.send(new GetSecretValueCommand({ SecretId: requireEnv('LINK_KEY_SECRET_ARN') }));
    const keys = (out.SecretString ?? '').split(/\s+/).filter(Boolean);
    if (keys.length === 0) throw new Error('The link-signing secret is empty; the stack generates it on deploy, so redeploy with "npx cdk deploy".');
    return keys;
  })().catch((err) => {
    cachedLinkKeys = undefined;
    throw err;
  });
  return cachedLinkKeys;
}

export const linkSettings = async (deps: AwsDeps) => ({ baseUrl: requireEnv('LINK_BASE_URL'), key: (await linkKeys(deps))[0]! });
