import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, loadConfig, synth, TWO_ACADEMIES } from './synth.js';

const findings = (stack: Stack) => {
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())].map(
    (m) => `${m.id}: ${String(m.entry.data).split(':')[0]}`,
  );
};

/** Every cdk-nag acknowledgement in a synthesised template, with its reason. */
const acknowledgements = (stack: Stack, template: { toJSON(): Record<string, any> }) =>
  Object.values<{ Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>(template.toJSON().Resources ?? {}).flatMap(
    (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
  ).concat(stack.templateOptions.metadata?.cdk_nag?.rules_to_suppress ?? []);

describe.each([
  ['the example trust', EXAMPLE],
  ['two academies with API platforms', TWO_ACADEMIES],
])('cdk-nag AwsSolutions on %s', (_name, file) => {
  const built = synth(loadConfig(file));
  const stacks = [built.trust, ...built.academies];

  it.each(stacks.map((s) => [s.stackName, s] as const))('%s has no unacknowledged errors or warnings', (_stackName, stack) => {
    built.template(stack);
    expect(findings(stack)).toEqual([]);
  });

  it.each(stacks.map((s) => [s.stackName, s] as const))('%s gives a reason of at least one sentence for each acknowledgement', (_stackName, stack) => {
    const acks = acknowledgements(stack, built.template(stack));
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThan(60);
  });
});

describe('the evidence endpoint acknowledgement', () => {
  it('says the HMAC token in the link is the authentication', () => {
    const built = synth(loadConfig(TWO_ACADEMIES));
    const reasons = acknowledgements(built.academies[0], built.template(built.academies[0])).filter((a) => a.id.endsWith('LambdaFunctionPublicAccessProhibited'));
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r.reason).toMatch(/HMAC-signed, expiring token/);
  });
});
