import { describe, expect, it } from 'vitest';
import { loadConfig, synth, TWO_ACADEMIES } from './synth.js';

/**
 * The whole synthesised output for two academies. A change here is a change to what gets deployed:
 * review the diff, then update with `npx vitest run test/infra -u`.
 */
describe('a two-academy synth', () => {
  const built = synth(loadConfig(TWO_ACADEMIES));

  it.each([built.trust, ...built.academies].map((s) => [s.stackName, s] as const))('%s matches the reviewed template', (_name, stack) => {
    expect(built.template(stack).toJSON()).toMatchSnapshot();
  });
});
