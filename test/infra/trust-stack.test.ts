import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, loadConfig, synth, TWO_ACADEMIES } from './synth.js';

describe('the trust stack', () => {
  const built = synth(loadConfig(TWO_ACADEMIES), { alarmEmail: 'it@northbrook-trust.example.org.uk' });
  const t = built.template(built.trust);

  it('has one KMS key with rotation on, kept when the stack is deleted', () => {
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  it('lets CloudWatch alarms publish to the encrypted alarm topic, from this account only', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('encrypts the alarm topic and subscribes the IT address given with -c alarmEmail', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'it@northbrook-trust.example.org.uk' });
  });

  it('generates the link-signing key in Secrets Manager, encrypted with the trust key', () => {
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      KmsKeyId: Match.anyValue(),
    });
  });

  it('creates the SES identity for the sender domain and prints its DKIM records', () => {
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'northbrook-trust.example.org.uk' });
    const dkim = Object.entries(t.findOutputs('*')).filter(([id]) => id.startsWith('DkimRecord'));
    expect(dkim).toHaveLength(3);
    for (const [, output] of dkim) expect(JSON.stringify(output.Value)).toContain('CNAME');
  });

  it('alarms when the SES bounce rate reaches 5%', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05 });
  });

  it('skips the SES identity when the domain is already verified in the account', () => {
    const existing = synth(loadConfig(TWO_ACADEMIES), { createSesIdentity: false });
    existing.template(existing.trust).resourceCountIs('AWS::SES::EmailIdentity', 0);
  });
});

describe('stack layout', () => {
  it.each([
    // The example trust polls Google News for itself, so it gets a monitoring stack of its own too.
    [EXAMPLE, ['MentionMonitor-trust-shared', 'MentionMonitor-trust-trust', 'MentionMonitor-trust-northbrook', 'MentionMonitor-trust-millfield', 'MentionMonitor-trust-st-aidans', 'MentionMonitor-trust-riverside']],
    [TWO_ACADEMIES, ['MentionMonitor-nat-shared', 'MentionMonitor-nat-northbrook', 'MentionMonitor-nat-millfield']],
  ])('synthesises one trust stack and one stack per academy for %s', (file, names) => {
    const built = synth(loadConfig(file));
    expect([built.trust, ...built.academies].map((s) => s.stackName)).toEqual(names);
  });

  it('puts every stack in eu-west-2 (London) unless trust.region says otherwise', () => {
    const built = synth(loadConfig(TWO_ACADEMIES));
    for (const stack of [built.trust, ...built.academies]) expect(stack.region).toBe('eu-west-2');
    const config = loadConfig(TWO_ACADEMIES);
    const ireland = synth({ ...config, trust: { ...config.trust, region: 'eu-west-1' } });
    for (const stack of [ireland.trust, ...ireland.academies]) expect(stack.region).toBe('eu-west-1');
  });

  it('gives the trust its own monitoring stack when the trust has sources of its own', () => {
    const config = loadConfig(TWO_ACADEMIES);
    const built = synth({ ...config, trust: { ...config.trust, sources: [{ type: 'google_news', enabled: true, maxPages: 5 }] } });
    expect(built.academies.map((s) => s.stackName)).toEqual(['MentionMonitor-nat-nat', 'MentionMonitor-nat-northbrook', 'MentionMonitor-nat-millfield']);
  });

  it('uses the account from CDK_DEFAULT_ACCOUNT when given and none otherwise', () => {
    const withAccount = synth(loadConfig(TWO_ACADEMIES), { account: '123456789012' });
    expect(withAccount.trust.account).toBe('123456789012');
    const without = synth(loadConfig(TWO_ACADEMIES));
    expect(Token.isUnresolved(without.trust.account)).toBe(true);
  });
});
