import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTrustConfig } from '../../shared/config/load.js';
import type { SourceConfig, SourceType } from '../../shared/config/schema.js';
import { createHttpClient } from '../../shared/net/http.js';
import { BASE_URLS } from '../../shared/sources/platform-api.js';
import type { PollContext } from '../../shared/sources/source.js';

/** A local stand-in for a platform API: records every request and answers from a handler. */

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as it is (malformed JSON, XML); anything else as JSON. */
  body?: unknown;
}

export type Handler = (req: SeenRequest, seen: SeenRequest[]) => Reply;

export interface FixtureServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<FixtureServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      let reply: Reply;
      try {
        reply = handler(request, seen);
      } catch (err) {
        reply = { status: 599, body: `fixture handler failed: ${(err as Error).message}` };
      }
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const fixtureText = (platform: string, name: string): string =>
  readFileSync(new URL(`./fixtures/${platform}/${name}`, import.meta.url), 'utf8');
export const fixture = (platform: string, name: string): unknown => JSON.parse(fixtureText(platform, name));

const example = parseTrustConfig(readFileSync(new URL('../../config/example.trust.yaml', import.meta.url), 'utf8'), 'example.trust.yaml');
export const millfield = example.academies.find((a) => a.id === 'millfield')!;

export const NOW = new Date('2026-11-24T08:00:00Z');

export interface ContextOptions {
  source: SourceConfig;
  serverUrl: string;
  secrets?: Record<string, string>;
  cursor?: string;
}

/** A poll of Millfield Primary against the fixture server, with fast retries. */
export function context<T extends SourceType>(opts: ContextOptions): PollContext<T> {
  const secrets = opts.secrets ?? {};
  return {
    entity: millfield,
    source: opts.source as Extract<SourceConfig, { type: T }>,
    http: createHttpClient({ allowPrivate: true, baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 }),
    secrets: { get: async (name: string) => secrets[name] },
    cursor: opts.cursor,
    now: NOW,
    baseUrls: Object.fromEntries(Object.keys(BASE_URLS).map((key) => [key, opts.serverUrl])),
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({ status, body, headers });
export const notFound = (req: SeenRequest): Reply => ({ status: 404, body: { error: `no fixture for ${req.method} ${req.path}` } });
