import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Secrets } from '../../ports/index.js';

const CredentialsFile = z.record(z.string(), z.string());

/** `/mention-monitor/millfield/reddit/client_id` -> `MM_MILLFIELD_REDDIT_CLIENT_ID`. */
export const envNameFor = (secretName: string): string =>
  `MM_${secretName.replace(/^\/?mention-monitor\//, '').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;

/**
 * Local credentials: environment variables first, then a git-ignored JSON file mapping secret names to
 * values. Never the trust config, which is committed and shared.
 */
export class LocalSecrets implements Secrets {
  private readonly fromFile: Record<string, string>;

  constructor(file = '.credentials.json', private readonly env: NodeJS.ProcessEnv = process.env) {
    if (!existsSync(file)) {
      this.fromFile = {};
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file} is not valid JSON (${(err as Error).message}); it must be a JSON object of "secret name": "value" strings.`);
    }
    const parsed = CredentialsFile.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${file} must be a JSON object of "secret name": "value" strings, e.g. {"/mention-monitor/millfield/x/bearer_token": "..."}.`);
    }
    this.fromFile = parsed.data;
  }

  async get(name: string): Promise<string | undefined> {
    return this.env[envNameFor(name)] ?? this.fromFile[name];
  }
}
