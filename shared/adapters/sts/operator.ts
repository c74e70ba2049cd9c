import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { OperatorIdentity } from '../../privacy/ports.js';

/** In AWS the operator on the audit trail is the IAM principal whose credentials ran the command. */
export const stsOperator = (client: STSClient): OperatorIdentity => ({
  whoAmI: async () => {
    const out = await client.send(new GetCallerIdentityCommand({}));
    return `iam:${out.Arn ?? out.UserId ?? 'unknown'}`;
  },
});
