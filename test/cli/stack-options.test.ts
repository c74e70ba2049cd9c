import { describe, expect, it } from 'vitest';
import { withStack } from '../../cli/commands/local-options.js';

describe('commands that read a deployed stack', () => {
  it.each([
    [{ table: 'MentionMonitor-trust-millfield-Cases' }],
    [{ bucket: 'mentionmonitor-trust-millfield-evidence' }],
  ])('ask for both the table and the bucket (%o)', async (partial) => {
    let ran = false;
    await expect(
      withStack({ config: 'config/example.trust.yaml', dataDir: '.local', ...partial }, async () => {
        ran = true;
      }),
    ).rejects.toThrow('Give both --table and --bucket (the academy stack outputs name them).');
    expect(ran).toBe(false);
  });
});
