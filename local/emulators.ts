import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import sesModule from 'aws-ses-v2-local';

/**
 * The three AWS emulators that speak the real wire APIs, each on a free loopback port.
 * The real SDK v3 clients talk to them exactly as they would to AWS.
 */
export interface Emulators {
  dynamoEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
  stop(): Promise<void>;
}

const endpointOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/** With a directory, data persists across runs (LevelDB on disk); without, it lives in memory. */
export async function startDynamo(directory?: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server: Server = dynalite({ path: directory, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { endpoint: endpointOf(server), stop: () => closeServer(server) };
}

export async function startS3(persistentDirectory?: string): Promise<{ endpoint: string; directory: string; stop(): Promise<void> }> {
  const directory = persistentDirectory ?? mkdtempSync(join(tmpdir(), 'mention-monitor-s3-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, allowMismatchedSignatures: true });
  const address = (await s3.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    stop: async () => {
      await s3.close();
      if (!persistentDirectory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function startSes(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  // CommonJS default export: tsx and vitest hand it over wrapped once more.
  const sesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as unknown as (config: {
    host: string;
    port: number;
  }) => Promise<Server>;
  const server = await sesServer({ host: '127.0.0.1', port: 0 });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return { endpoint: endpointOf(server), stop: () => closeServer(server) };
}

/** `dataDir` keeps DynamoDB and S3 data between runs (the local run); tests use memory and temp dirs. */
export async function startEmulators(options: { dataDir?: string } = {}): Promise<Emulators> {
  const started: { stop(): Promise<void> }[] = [];
  const dir = (name: string) => {
    if (!options.dataDir) return undefined;
    const path = join(options.dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  try {
    const dynamo = await startDynamo(dir('dynamodb'));
    started.push(dynamo);
    const s3 = await startS3(dir('s3'));
    started.push(s3);
    const ses = await startSes();
    started.push(ses);
    return {
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      sesEndpoint: ses.endpoint,
      stop: async () => {
        await Promise.allSettled(started.reverse().map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
}
