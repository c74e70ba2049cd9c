import '../../cli/quiet-warnings.js';
import type { TestProject } from 'vitest/node';
import { startEmulators } from '../../local/emulators.js';

/**
 * Starts DynamoDB, S3 and SES emulators once for the whole run on free loopback ports and hands
 * their endpoints to the tests. Each test makes its own table and bucket, so tests never share state.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  project.provide('dynamoEndpoint', emulators.dynamoEndpoint);
  project.provide('s3Endpoint', emulators.s3Endpoint);
  project.provide('sesEndpoint', emulators.sesEndpoint);
  return () => emulators.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    sesEndpoint: string;
  }
}
