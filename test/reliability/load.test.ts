import { describe, expect, it } from 'vitest';
import { describeLoad, runLoad } from './support/load.js';

/**
 * A scaled poll cycle (1,000 new mentions over five entities) through the real parser, matcher,
 * scorer and DynamoDB adapter; `npm run soak` runs the full 10,000. Figures are printed, not
 * asserted on: the assertions are that nothing is lost and that writes stay bounded.
 */
const MENTIONS = Number(process.env.MM_LOAD_MENTIONS ?? 1_000);

describe('load', () => {
  it(`stores all ${MENTIONS} mentions of one poll cycle with bounded concurrent writes`, async () => {
    const figures = await runLoad(MENTIONS);
    console.log(`[reliability] load:\n  ${describeLoad(figures)}`);
    expect(figures.errors).toEqual([]);
    expect(figures.stored).toBe(figures.mentions);
    expect(figures.cases).toBeGreaterThan(0);
    // pollEntity polls two sources at once and stores each source's mentions one by one.
    expect(figures.maxConcurrentWrites).toBeLessThanOrEqual(2);
  }, 120_000);
});
