import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAwsClients, EMULATOR_CREDENTIALS } from '../../shared/adapters/aws-clients.js';
import { DynamoCaseStore } from '../../shared/adapters/dynamodb/case-store.js';
import { formatSummary } from '../../cli/commands/run.js';
import { createStopStack } from '../../cli/commands/stop-stack.js';
import { runLocalCycle } from '../../local/run-cycle.js';

describe('a local cycle on a machine where no browser can start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-nobrowser-'));
  const stack = createStopStack();
  afterAll(async () => {
    await stack.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes everything but the screenshots, says why and how to fix it, and leaves the evidence pending', async () => {
    const missing = { name: 'missing browser', executablePath: async () => join(dataDir, 'no-such-chromium'), args: [] };
    const report = await runLocalCycle({ configFile: 'config/example.trust.yaml', dataDir, browsers: [missing] }, stack);

    const cases = report.polls.flatMap((p) => p.newCases);
    expect(cases.length).toBeGreaterThan(0);
    expect(report.alerts.filter((a) => a.outcome === 'sent').length).toBeGreaterThan(0);
    expect(report.digests.every((d) => d.sent)).toBe(true);
    expect(report.browserProblem).toMatch(/No headless Chromium could start.*To fix/);
    expect(formatSummary(report)).toContain('Screenshots could not be taken: No headless Chromium could start');

    const clients = createAwsClients({ region: 'eu-west-2', credentials: EMULATOR_CREDENTIALS, endpoints: { dynamodb: report.endpoints.dynamodb } });
    const store = new DynamoCaseStore(clients.dynamodb, { tableName: report.tableName, mentionDays: 30, caseYears: 25 });
    for (const c of cases) expect((await store.getCase(c.caseId))?.evidence.status).toBe('pending');
    expect((await store.listCasesNeedingEvidence(cases[0]!.academyId)).length).toBeGreaterThan(0);
  }, 120_000);
});
