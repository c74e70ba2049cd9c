import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamo, startS3, startSes } from '../../../local/emulators.js';
import { createAwsClients, EMULATOR_CREDENTIALS } from '../../../shared/adapters/aws-clients.js';
import { DynamoCaseStore, ensureTable } from '../../../shared/adapters/dynamodb/case-store.js';
import { ensureBucket, S3EvidenceStore } from '../../../shared/adapters/s3/evidence-store.js';
import { SesMailer } from '../../../shared/adapters/ses/mailer.js';

/**
 * An emulator behind a TCP relay on a port that never changes, so the SDK clients keep one endpoint
 * while the emulator behind it is stopped (every open connection cut, new ones reset) and started
 * again on the same data directory: an AWS outage and recovery as the clients see it.
 */
export interface Switchable {
  readonly name: string;
  readonly endpoint: string;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

interface Backend {
  endpoint: string;
  stop(): Promise<void>;
}

async function switchable(name: string, launch: () => Promise<Backend>): Promise<Switchable> {
  let backend: Backend | undefined = await launch();
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (!backend) {
      client.destroy();
      return;
    }
    const { port } = new URL(backend.endpoint);
    const upstream = net.connect(Number(port), '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
  const cut = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const stop = async () => {
    if (!backend) return;
    const b = backend;
    backend = undefined;
    cut();
    await b.stop();
  };
  return {
    name,
    endpoint,
    get running() {
      return backend !== undefined;
    },
    stop,
    async start() {
      if (!backend) backend = await launch();
    },
    async close() {
      await stop();
      cut();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

export interface SentEmail {
  messageId: string;
  subject: string;
  destination: { to: string[]; cc?: string[] };
  body: { html?: string; text?: string };
}

/**
 * DynamoDB, S3 and SES emulators that tests may stop and restart mid-run. DynamoDB and S3 keep their
 * data on disk across a restart. The SES emulator keeps its outbox in a module-level store shared by
 * every instance in this process, so it survives a restart; it is cleared when a stack starts.
 */
export async function startSwitchableAws() {
  const dir = mkdtempSync(join(tmpdir(), 'mm-reliability-'));
  const path = (name: string) => {
    const p = join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const readOutbox = async (endpoint: string): Promise<SentEmail[]> =>
    ((await (await fetch(`${endpoint}/store`)).json()) as { emails: SentEmail[] }).emails;

  const dynamo = await switchable('DynamoDB', () => startDynamo(path('dynamodb')));
  const s3 = await switchable('S3', () => startS3(path('s3')));
  const ses = await switchable('SES', () => startSes());
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
  const clients = createAwsClients({
    region: 'eu-west-2',
    credentials: EMULATOR_CREDENTIALS,
    endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint },
  });
  const tableName = 'reliability-cases';
  const bucket = 'reliability-evidence';
  await ensureTable(clients.dynamodb, tableName);
  await ensureBucket(clients.s3, bucket);

  return {
    dynamo,
    s3,
    ses,
    clients,
    tableName,
    bucket,
    store: new DynamoCaseStore(clients.dynamodb, { tableName, mentionDays: 30, caseYears: 25 }),
    evidence: new S3EvidenceStore(clients.s3, bucket),
    mailer: new SesMailer(clients.ses, 'monitor@trust.example.org.uk'),
    /** Every email any life of the SES emulator accepted since this stack started. */
    async outbox(): Promise<SentEmail[]> {
      if (!ses.running) throw new Error('Start SES again before reading its outbox.');
      return readOutbox(ses.endpoint);
    },
    async close() {
      for (const client of Object.values(clients)) client.destroy();
      await Promise.allSettled([dynamo.close(), s3.close(), ses.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type SwitchableAws = Awaited<ReturnType<typeof startSwitchableAws>>;
