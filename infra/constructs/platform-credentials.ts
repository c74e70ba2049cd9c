import { Arn, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { SecretRequirement } from '../../shared/sources/credentials.js';

export interface PlatformCredentialsProps {
  /** From secretRequirements(): the SSM names the enabled sources of this academy read. */
  secrets: SecretRequirement[];
}

/**
 * One blank SSM SecureString parameter per platform credential, for a person to fill in. CloudFormation
 * cannot create SecureString parameters, so a one-off SDK call does; it never overwrites a value already
 * there, and the Secrets port treats the blank placeholder as "not set". Each name is printed as an output.
 */
export class PlatformCredentials extends Construct {
  readonly parameterArns: string[];

  constructor(scope: Construct, id: string, props: PlatformCredentialsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const arnOf = (name: string) =>
      Arn.format({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, '') }, stack);
    this.parameterArns = props.secrets.map((s) => arnOf(s.name));

    props.secrets.forEach((secret, i) => {
      new cr.AwsCustomResource(this, `Parameter${i}`, {
        onCreate: {
          service: 'SSM',
          action: 'putParameter',
          parameters: {
            Name: secret.name,
            Type: 'SecureString',
            Value: ' ',
            Overwrite: false,
            Description: `${secret.label}${secret.required ? ' (required)' : ' (optional)'}: paste the value here`,
          },
          physicalResourceId: cr.PhysicalResourceId.of(secret.name),
          // A redeploy after the value was filled in must not fail or clear it.
          ignoreErrorCodesMatching: 'ParameterAlreadyExists',
        },
        onDelete: {
          service: 'SSM',
          action: 'deleteParameter',
          parameters: { Name: secret.name },
          ignoreErrorCodesMatching: 'ParameterNotFound',
        },
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resources: [arnOf(secret.name)] }),
        ]),
        installLatestAwsSdk: false,
      });
      new CfnOutput(this, `Name${i}`, {
        description: `${secret.label} for ${secret.platform}${secret.required ? ' (required)' : ' (optional)'}`,
        value: secret.name,
      });
    });

    // The provider function is a stack-wide singleton that the first AwsCustomResource creates.
    const provider = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (provider) {
      NagSuppressions.addResourceSuppressions(
        provider,
        [
          {
            id: 'AwsSolutions-IAM4',
            reason: 'The CDK AwsCustomResource provider that creates the blank SSM parameters uses AWSLambdaBasicExecutionRole only to write its own logs.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
          {
            id: 'AwsSolutions-L1',
            reason: 'The AwsCustomResource provider runtime is chosen by aws-cdk-lib; it runs only during deployment to create the blank SSM parameters.',
          },
        ],
        true,
      );
    }
  }
}

/** The construct id aws-cdk-lib gives the AwsCustomResource singleton provider function. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
