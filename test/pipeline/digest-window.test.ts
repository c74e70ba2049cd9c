import { describe, expect, it } from 'vitest';
import { digestWindowStart } from '../../shared/pipeline/digest-cycle.js';
import { MemoryCaseStore } from '../support/memory-stores.js';

const at = (iso: string) => new Date(iso);

describe('the window a digest covers', () => {
  it('is the last 24 hours when no digest has been sent yet', async () => {
    expect((await digestWindowStart(new MemoryCaseStore(), 'millfield', at('2026-11-24T07:30:00Z'))).toISOString()).toBe('2026-11-23T07:30:00.000Z');
  });

  it.each([
    ['the night the clocks go back (25 hours apart)', '2026-10-24T06:30:00.000Z', '2026-10-25T07:30:00Z'],
    ['a run that starts late', '2026-11-23T07:30:00.000Z', '2026-11-24T07:34:10Z'],
    ['a day whose digest failed', '2026-11-22T07:30:00.000Z', '2026-11-24T07:30:00Z'],
  ])('starts where the last digest stopped on %s, so no case falls between two digests', async (_label, lastUntil, now) => {
    const store = new MemoryCaseStore();
    await store.markDigestSent('millfield', lastUntil.slice(0, 10), lastUntil, lastUntil);
    expect((await digestWindowStart(store, 'millfield', at(now))).toISOString()).toBe(lastUntil);
  });

  it('reaches back at most a week after a long outage', async () => {
    const store = new MemoryCaseStore();
    await store.markDigestSent('millfield', '2026-09-01', '2026-09-01T06:30:00.000Z', '2026-09-01T06:30:00.000Z');
    expect((await digestWindowStart(store, 'millfield', at('2026-11-24T07:30:00Z'))).toISOString()).toBe('2026-11-17T07:30:00.000Z');
  });
});
