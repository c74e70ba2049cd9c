import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, estimateMonthlyCost, PRICES, SQS_IDLE_RECEIVES_PER_MONTH, TYPICAL_USAGE } from '../../infra/cost-model.js';
import { GOAL_GBP_PER_ACADEMY } from '../../infra/cost.js';
import { ALARMS_PER_ACADEMY } from '../../infra/sizing.js';
import { EXAMPLE, loadConfig, ROOT, TWO_ACADEMIES } from './synth.js';

// The trust-level split is about academies: leave out the example trust's own monitoring stack.
const fromFile = loadConfig(EXAMPLE);
const example = { ...fromFile, trust: { ...fromFile.trust, sources: [] } };
const item = (service: string, academy = estimateMonthlyCost(example).academies[0]) => academy.items.find((i) => i.service === service)!;

describe('the cost model', () => {
  it('keeps a typical school under £2 a month in a four-academy trust', () => {
    for (const academy of estimateMonthlyCost(example).academies) expect(academy.gbp).toBeLessThan(GOAL_GBP_PER_ACADEMY);
  });

  it('splits the trust-level items (KMS key, link secret, bounce alarm) evenly across academies', () => {
    const estimate = estimateMonthlyCost(example);
    const shared = PRICES.kmsKeyPerMonth.usd + PRICES.secretPerMonth.usd + PRICES.alarmPerMonth.usd;
    for (const academy of estimate.academies) expect(academy.sharedUsd).toBeCloseTo(shared / 4, 4);
  });

  it('charges a lone academy the whole of the trust-level items', () => {
    const single = estimateMonthlyCost({ ...example, academies: example.academies.slice(0, 1) });
    expect(single.academies[0].sharedUsd).toBeCloseTo(1.5, 4);
  });

  it.each([
    [30, 4, 4 * 48 * DAYS_PER_MONTH],
    [15, 4, 4 * 96 * DAYS_PER_MONTH],
    [60, 1, 1 * 24 * DAYS_PER_MONTH],
  ])('counts polls from pollMinutes %i and %i sources', (pollMinutes, sources, polls) => {
    const estimate = estimateMonthlyCost({ ...example, pollMinutes }, { ...TYPICAL_USAGE, sourcesPerAcademy: sources });
    expect(item('EventBridge Scheduler', estimate.academies[0]).usage).toContain(`${Math.round(polls + DAYS_PER_MONTH + 24 * DAYS_PER_MONTH)} invocations`);
  });

  it('prices compute from GB-seconds at the Arm and x86 rates', () => {
    const estimate = estimateMonthlyCost(example, { ...TYPICAL_USAGE, sourcesPerAcademy: 0, casesPerDay: 0, instantAlertsPerDay: 0, evidenceViewsPerDay: 0 });
    // Only digests (1 s at 512 MB) and hourly re-checks (3 s at 512 MB) run.
    const gbS = DAYS_PER_MONTH * 1 * 0.5 + 24 * DAYS_PER_MONTH * 3 * 0.5;
    expect(item('Lambda compute', estimate.academies[0]).usd).toBeCloseTo(gbS * PRICES.lambdaArmGbSecond.usd, 4);
  });

  it('counts the idle long polls of the SQS event source, most of the queue bill', () => {
    expect(item('SQS').usd).toBeGreaterThan((SQS_IDLE_RECEIVES_PER_MONTH / 1e6) * PRICES.sqsPerMillionRequests.usd - 0.001);
  });

  it('prices one alarm per function plus the dead-letter and failing-source alarms', () => {
    expect(item('CloudWatch alarms').usd).toBeCloseTo(ALARMS_PER_ACADEMY * PRICES.alarmPerMonth.usd, 4);
  });

  it('charges nothing for SSM parameters but counts them from the config', () => {
    const estimate = estimateMonthlyCost(loadConfig(TWO_ACADEMIES));
    expect(item('SSM Parameter Store', estimate.academies[0])).toMatchObject({ usage: '3 standard SecureString parameters', usd: 0 });
  });

  it('converts to GBP at the stated rate', () => {
    const estimate = estimateMonthlyCost(example, { ...TYPICAL_USAGE, usdToGbp: 0.5 });
    expect(estimate.academies[0].gbp).toBeCloseTo(estimate.academies[0].usd * 0.5, 3);
  });

  it('grows with evidence kept: more months stored costs more', () => {
    const year = item('S3 evidence', estimateMonthlyCost(example, { ...TYPICAL_USAGE, monthsRunning: 12 }).academies[0]).usd;
    const sevenYears = item('S3 evidence', estimateMonthlyCost(example, { ...TYPICAL_USAGE, monthsRunning: 84 }).academies[0]).usd;
    expect(sevenYears).toBeGreaterThan(year * 5);
  });
});

describe('npm run cost', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'infra/cost.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

  it('prints each academy in GBP with the exchange rate and assumptions', () => {
    const { status, stdout } = run('--mentions', '40', '--usd-gbp', '0.8');
    expect(status).toBe(0);
    expect(stdout).toContain('region eu-west-2 (London)');
    expect(stdout).toContain('1 USD = £0.8');
    expect(stdout).toContain('mentions a day: 40');
    for (const id of ['northbrook', 'millfield', 'st-aidans', 'riverside']) expect(stdout).toContain(`${id} (4 sources)`);
  });

  it('refuses a bad number with a message that says what to type', () => {
    const { status, stderr } = run('--cases', 'lots');
    expect(status).not.toBe(0);
    expect(stderr).toContain('--cases must be a number of 0 or more, e.g. 20');
  });
});
