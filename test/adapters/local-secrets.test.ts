import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envNameFor, LocalSecrets } from '../../shared/adapters/local/secrets.js';
import { tempDir } from '../support/temp.js';

describe('local platform credentials', () => {
  const dir = tempDir('mm-secrets-');

  it('maps a secret name to its environment variable', () => {
    expect(envNameFor('/mention-monitor/millfield/x/bearer_token')).toBe('MM_MILLFIELD_X_BEARER_TOKEN');
    expect(envNameFor('/mention-monitor/st-aidans/reddit/client_id')).toBe('MM_ST_AIDANS_REDDIT_CLIENT_ID');
  });

  it('reads the environment first, then the git-ignored file, and says nothing when neither has it', async () => {
    const file = join(dir, 'layered.credentials.json');
    writeFileSync(file, JSON.stringify({ '/mention-monitor/millfield/x/bearer_token': 'from-file', '/mention-monitor/millfield/youtube/api_key': 'key-file' }));
    const secrets = new LocalSecrets(file, { MM_MILLFIELD_X_BEARER_TOKEN: 'from-env' });
    expect(await secrets.get('/mention-monitor/millfield/x/bearer_token')).toBe('from-env');
    expect(await secrets.get('/mention-monitor/millfield/youtube/api_key')).toBe('key-file');
    expect(await secrets.get('/mention-monitor/millfield/reddit/client_id')).toBeUndefined();
  });

  it('explains a credentials file of the wrong shape', () => {
    const file = join(dir, 'wrong-shape.credentials.json');
    writeFileSync(file, JSON.stringify({ '/mention-monitor/millfield/x/bearer_token': 42 }));
    expect(() => new LocalSecrets(file, {})).toThrow(/must be a JSON object of "secret name": "value" strings/);
    writeFileSync(file, '{"/mention-monitor/millfield/x/bearer_token": ');
    expect(() => new LocalSecrets(file, {})).toThrow(/is not valid JSON .*must be a JSON object/);
  });
});
