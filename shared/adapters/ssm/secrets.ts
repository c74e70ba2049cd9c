import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';
import type { Secrets } from '../../ports/index.js';

/**
 * Platform credentials from SSM Parameter Store (SecureString), cached for the container's life:
 * a warm Lambda does not pay for a lookup on every poll. Rotating a credential takes effect on the
 * next cold start or after `ttlMs`.
 */
export class SsmSecrets implements Secrets {
  private readonly cache = new Map<string, { value: string | undefined; at: number }>();

  constructor(
    private readonly client: SSMClient,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const hit = this.cache.get(name);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    let value: string | undefined;
    try {
      const out = await this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = out.Parameter?.Value?.trim() || undefined;
    } catch (err) {
      if (!(err instanceof ParameterNotFound || (err as { name?: string }).name === 'ParameterNotFound')) throw err;
    }
    this.cache.set(name, { value, at: Date.now() });
    return value;
  }
}
