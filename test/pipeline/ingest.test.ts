import { describe, expect, it } from 'vitest';
import { loadTrustConfig } from '../../shared/config/load.js';
import { ingestMention } from '../../shared/pipeline/poll-cycle.js';
import { caseRecordType } from '../../shared/privacy/schedule.js';
import type { Score } from '../../shared/score/types.js';
import type { Mention } from '../../shared/sources/mention.js';
import { MemoryCaseStore } from '../support/memory-stores.js';

const config = loadTrustConfig('config/example.trust.yaml');
const academy = config.academies[0];
const clock = { now: () => new Date('2026-11-24T09:00:00Z') };

const mention: Mention = {
  id: 'rss:complaint-1',
  platform: 'rss',
  sourceId: 'local-news',
  url: 'https://news.example/posts/1',
  text: 'Formal complaint going in about the head. Not bullying exactly, but the way they spoke to my son was wrong.',
  fetchedAt: '2026-11-24T08:55:00Z',
  media: { image: false, video: false },
};

// A complaint (a case) with a safeguarding category the scorer found only at low severity.
const score: Score = {
  safeguarding: { severity: 1, categories: ['bullying'], low: ['bullying'] },
  reputational: { severity: 2, categories: ['complaint'], low: [] },
  reasons: [
    { category: 'complaint', rule: 'test', match: 'Formal complaint' },
    { category: 'bullying', rule: 'test', match: 'bullying' },
  ],
};

async function ingest(caseSeverity: number) {
  const store = new MemoryCaseStore();
  const thresholds = { ...config.thresholds, caseSeverity };
  const { newCase } = await ingestMention(academy, mention, score, { ...config, thresholds }, { store, clock });
  if (!newCase) throw new Error('expected a case');
  return { store, c: newCase };
}

describe('a case from a score with low findings', () => {
  it('files the low finding as noted, so a complaint stays a reputational record', async () => {
    const { store, c } = await ingest(2);
    expect(c.safeguarding).toEqual({ severity: 1, categories: [], noted: ['bullying'] });
    expect(c.reputational).toEqual({ severity: 2, categories: ['complaint'] });
    expect(c.reasons.map((r) => r.category)).toEqual(['complaint', 'bullying']);
    expect(caseRecordType(c)).toBe('case_reputational');
    const opened = (await store.listAudit(c.caseId)).find((a) => a.action === 'case_opened');
    expect(opened?.detail).toEqual({ severity: 2, categories: ['complaint'], noted: ['bullying'] });
  });

  it('counts low findings as concerns when the trust makes low posts cases (caseSeverity 1)', async () => {
    const { c } = await ingest(1);
    expect(c.safeguarding).toEqual({ severity: 1, categories: ['bullying'] });
    expect(caseRecordType(c)).toBe('case_safeguarding');
  });
});
