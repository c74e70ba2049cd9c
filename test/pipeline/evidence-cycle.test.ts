import { describe, expect, it } from 'vitest';
import { captureCase, MAX_CAPTURE_ATTEMPTS } from '../../shared/pipeline/evidence-cycle.js';
import { makeCase } from '../digest/cases.js';
import { MemoryCaseStore } from '../support/memory-stores.js';

const clock = { now: () => new Date('2026-11-24T09:00:00Z') };
const noBrowser = async () => {
  throw new Error('No headless Chromium could start');
};

describe('capturing a case\'s evidence', () => {
  it('keeps the evidence pending after a failed attempt, for the next run', async () => {
    const store = new MemoryCaseStore();
    const c = makeCase({ evidence: { status: 'pending', attempts: 0 } });
    await store.createCaseIfNew(c);
    expect(await captureCase(c.caseId, { store, clock, capture: noBrowser })).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await store.listCasesNeedingEvidence(c.academyId)).map((x) => x.caseId)).toEqual([c.caseId]);
  });

  it('marks the evidence failed once the attempts run out, and takes the case off the backlog', async () => {
    const store = new MemoryCaseStore();
    const c = makeCase({ evidence: { status: 'pending', attempts: MAX_CAPTURE_ATTEMPTS - 1 } });
    await store.createCaseIfNew(c);
    expect(await captureCase(c.caseId, { store, clock, capture: noBrowser })).toMatchObject({ status: 'failed', attempts: MAX_CAPTURE_ATTEMPTS });
    expect(await store.listCasesNeedingEvidence(c.academyId)).toEqual([]);
    expect((await store.listAudit(c.caseId)).map((a) => a.action)).toEqual(['evidence_capture_failed']);
  });

  it('does nothing for a case whose evidence is already captured (a duplicate queue message)', async () => {
    const store = new MemoryCaseStore();
    const c = makeCase({ evidence: { status: 'captured', kind: 'page', attempts: 1 } });
    await store.createCaseIfNew(c);
    let called = false;
    await captureCase(c.caseId, { store, clock, capture: async () => ((called = true), { status: 'captured' }) });
    expect(called).toBe(false);
  });
});
