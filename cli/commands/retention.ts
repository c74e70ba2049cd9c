import type { Command } from 'commander';
import type { TrustConfig } from '../../shared/config/schema.js';
import { londonTime } from '../../shared/digest/labels.js';
import type { ExpiringItem, SubjectRecordStore } from '../../shared/privacy/ports.js';
import { DAY_MS, evidenceLockedUntil, type RecordType, retentionSchedule, scheduleMarkdown } from '../../shared/privacy/schedule.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { DynamoSubjectRecords } from '../../shared/adapters/dynamodb/subject-records.js';
import { withStack, withStackOptions } from './local-options.js';

/** The schedule as a person reads it: one block per record type. */
export function formatSchedule(config: TrustConfig): string {
  return retentionSchedule(config.retention)
    .map((l) => `  ${l.label}\n    kept ${l.period} from ${l.startsFrom}\n    why: ${l.reason}\n    basis: ${l.source}\n    enforced by: ${l.enforcedBy}\n`)
    .join('\n');
}

/** What is due: items whose TTL falls in the window, and evidence whose Object Lock ends in it. */
export async function dueToExpire(records: SubjectRecordStore, config: TrustConfig, now: Date, days: number) {
  const until = new Date(now.getTime() + days * DAY_MS);
  const items = await records.listExpiring(Math.floor(until.getTime() / 1000));
  const evidence = (await records.listCapturedEvidence())
    .map((e) => ({ ...e, lockEnds: evidenceLockedUntil(e.capturedAt, config.retention) }))
    .filter((e) => e.lockEnds <= until);
  return { until, items, evidence };
}

function summarise(items: ExpiringItem[]): Map<RecordType, { count: number; first: number }> {
  const byType = new Map<RecordType, { count: number; first: number }>();
  for (const i of items) {
    const seen = byType.get(i.recordType);
    byType.set(i.recordType, { count: (seen?.count ?? 0) + 1, first: Math.min(seen?.first ?? i.expiresAt, i.expiresAt) });
  }
  return byType;
}

export function register(program: Command): void {
  withStackOptions(
    program
      .command('retention')
      .description('print the retention schedule in force (from the trust config) and what is due to expire; --apply stamps expiry dates to match it')
      .option('--within <days>', 'show what expires within this many days', '30')
      .option('--apply', 'set the expiry (DynamoDB TTL) of every case, statistics record and audit entry to match the schedule')
      .option('--markdown', 'print only the schedule as a Markdown table, for the DPIA (docs/data-protection.md section 6)'),
  ).action(async (opts: { config: string; dataDir: string; within: string; apply?: boolean; markdown?: boolean }) => {
    if (opts.markdown) {
      process.stdout.write(`${scheduleMarkdown(loadTrustConfig(opts.config).retention)}\n`);
      return;
    }
    const days = Number(opts.within);
    if (!Number.isInteger(days) || days < 0 || days > 36_500) throw new Error('--within takes a whole number of days, e.g. --within 30.');
    await withStack(opts, async (local, config) => {
      const records = new DynamoSubjectRecords(local.clients.dynamodb, local.tableName);
      process.stdout.write(`Retention schedule in force for ${config.trust.name} (from ${opts.config}):\n\n${formatSchedule(config)}\n`);
      if (opts.apply) {
        const sweep = await records.applyRetention(config.retention);
        const changed = Object.entries(sweep.stamped).map(([t, n]) => `${n} ${t.replace(/_/g, ' ')}`).join(', ');
        process.stdout.write(`Checked ${sweep.examined} records; expiry dates set on ${changed || 'none (all already matched the schedule)'}.\n\n`);
      }
      const now = new Date();
      const due = await dueToExpire(records, config, now, days);
      const labels = new Map(retentionSchedule(config.retention).map((l) => [l.recordType, l.label]));
      const byType = summarise(due.items);
      process.stdout.write(`Due to expire by ${londonTime(due.until)} (UK time):\n`);
      if (byType.size === 0 && due.evidence.length === 0) process.stdout.write('  nothing\n');
      for (const [type, { count, first }] of byType) {
        process.stdout.write(`  ${count} x ${labels.get(type)}${first * 1000 < now.getTime() ? ' (already expired; DynamoDB deletes within a few days, and nothing reads them meanwhile)' : `, first on ${londonTime(new Date(first * 1000))}`}\n`);
      }
      for (const e of due.evidence) process.stdout.write(`  evidence for case ${e.caseId} (${e.academyId}) leaves Object Lock on ${londonTime(e.lockEnds)}\n`);
    });
  });
}
