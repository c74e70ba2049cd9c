import { userInfo } from 'node:os';
import type { OperatorIdentity } from './ports.js';

/** Locally the operator is the OS account running the command; in AWS an adapter asks STS for the IAM principal. */
export const localOperator = (): OperatorIdentity => ({
  whoAmI: async () => {
    try {
      return `os-user:${userInfo().username}`;
    } catch {
      // Containers without a passwd entry for the uid: still say who, as far as the OS knows.
      return `os-uid:${process.getuid?.() ?? 'unknown'}`;
    }
  },
});
