import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadTrustConfig } from '../shared/config/load.js';
import { DAYS_PER_MONTH, estimateMonthlyCost, PRICES, TYPICAL_USAGE, type Estimate, type Usage } from './cost-model.js';

/** `npm run cost -- [--config file] [--mentions 20] ...`: the monthly AWS bill per academy, in GBP. */
export const GOAL_GBP_PER_ACADEMY = 2;

const number = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of 0 or more, e.g. 20`);
  return n;
};

const money = (usd: number, rate: number) => `$${usd.toFixed(3)}  £${(usd * rate).toFixed(3)}`;

export function renderEstimate(estimate: Estimate, configFile: string): string {
  const u = estimate.usage;
  const lines = [
    `Monthly AWS cost for ${configFile}, region ${PRICES.region} (London), list prices checked ${PRICES.checked}.`,
    `Exchange rate: 1 USD = £${u.usdToGbp} (change with --usd-gbp). Free tiers not deducted.`,
    '',
    'Assumptions per academy:',
    `  sources polled: ${u.sourcesPerAcademy ?? 'as in the config'}; mentions a day: ${u.mentionsPerDay}; cases (captures) a day: ${u.casesPerDay}`,
    `  instant alerts a day: ${u.instantAlertsPerDay}; evidence links opened a day: ${u.evidenceViewsPerDay}; month = ${DAYS_PER_MONTH} days`,
    `  poll ${u.pollSeconds} s, capture ${u.captureSeconds} s, ${(u.evidenceBytesPerCase / 1e6).toFixed(1)} MB evidence a case, storage after ${u.monthsRunning} months`,
    '',
  ];
  for (const a of estimate.academies) {
    lines.push(`${a.academyId} (${a.sources} sources)`);
    for (const item of a.items) lines.push(`  ${item.service.padEnd(22)} ${money(item.usd, u.usdToGbp).padEnd(20)} ${item.usage}`);
    lines.push(`  ${'share of trust items'.padEnd(22)} ${money(a.sharedUsd, u.usdToGbp)}`);
    const verdict = a.gbp < GOAL_GBP_PER_ACADEMY ? 'under' : 'OVER';
    lines.push(`  ${'total'.padEnd(22)} ${money(a.usd, u.usdToGbp).padEnd(20)} ${verdict} the £${GOAL_GBP_PER_ACADEMY} goal`, '');
  }
  lines.push('Trust-level items (split evenly across academies):');
  for (const item of estimate.shared) lines.push(`  ${item.service.padEnd(22)} ${money(item.usd, u.usdToGbp).padEnd(20)} ${item.usage}`);
  lines.push('', `Whole trust: ${money(estimate.totalUsd, u.usdToGbp)} a month.`);
  return lines.join('\n');
}

function main(argv: string[]): void {
  const program = new Command('cost')
    .description('Estimate the monthly AWS bill per academy from the trust config')
    .option('--config <file>', 'trust config', 'config/example.trust.yaml')
    .option('--sources <n>', 'sources per academy (default 4; "config" uses each academy\'s own list)', 'typical')
    .option('--mentions <n>', 'mentions a day per academy', number('--mentions'), TYPICAL_USAGE.mentionsPerDay)
    .option('--cases <n>', 'cases (evidence captures) a day per academy', number('--cases'), TYPICAL_USAGE.casesPerDay)
    .option('--alerts <n>', 'instant DSL alerts a day per academy', number('--alerts'), TYPICAL_USAGE.instantAlertsPerDay)
    .option('--views <n>', 'evidence links opened a day per academy', number('--views'), TYPICAL_USAGE.evidenceViewsPerDay)
    .option('--months <n>', 'months of evidence stored', number('--months'), TYPICAL_USAGE.monthsRunning)
    .option('--usd-gbp <rate>', 'GBP per USD', number('--usd-gbp'), TYPICAL_USAGE.usdToGbp)
    .parse(argv);
  const o = program.opts<{ config: string; sources: string; mentions: number; cases: number; alerts: number; views: number; months: number; usdGbp: number }>();
  const sourcesPerAcademy =
    o.sources === 'typical' ? TYPICAL_USAGE.sourcesPerAcademy : o.sources === 'config' ? undefined : number('--sources')(o.sources);
  const usage: Usage = {
    ...TYPICAL_USAGE,
    sourcesPerAcademy,
    mentionsPerDay: o.mentions,
    casesPerDay: o.cases,
    instantAlertsPerDay: o.alerts,
    evidenceViewsPerDay: o.views,
    monthsRunning: o.months,
    usdToGbp: o.usdGbp,
  };
  try {
    process.stdout.write(`${renderEstimate(estimateMonthlyCost(loadTrustConfig(o.config), usage), o.config)}\n`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) main(process.argv);
