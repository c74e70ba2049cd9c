import { createServer } from 'node:http';
import type { Command } from 'commander';
import { handleLinkRequest } from '../../shared/links/endpoint.js';
import { linkRequestFrom } from '../../shared/links/http-request.js';
import { LOCAL_LINK_PORT } from '../../local/link-key.js';
import { createStopStack } from './stop-stack.js';
import { withLocalOptions } from './local-options.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { openLocalStack } from '../../local/local-stack.js';

const MAX_BODY_BYTES = 4096;

export function register(program: Command): void {
  withLocalOptions(
    program
      .command('serve')
      .description('answer the evidence and triage links in local digests and alerts (what the evidence endpoint does in AWS), until Ctrl-C'),
  ).action(async (opts: { config: string; dataDir: string }) => {
      const config = loadTrustConfig(opts.config);
      const stack = createStopStack();
      const local = await openLocalStack(config, opts.dataDir, stack);
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        req.on('end', async () => {
          const url = new URL(req.url ?? '/', `http://127.0.0.1:${LOCAL_LINK_PORT}`);
          if (url.pathname !== '/l') {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: evidence links start with /l?t=');
            return;
          }
          try {
            const response = await handleLinkRequest(
              linkRequestFrom({ method: req.method ?? 'GET', query: url.searchParams, body: Buffer.concat(chunks).toString('utf8'), userAgent: req.headers['user-agent'], sourceIp: req.socket.remoteAddress }),
              { store: local.store, evidence: local.evidence, key: local.links.key, clock: { now: () => new Date() } },
            );
            res.writeHead(response.status, response.headers).end(response.body);
          } catch (err) {
            res.writeHead(503, { 'content-type': 'text/plain' }).end(`The evidence could not be opened: ${err instanceof Error ? err.message : String(err)}`);
          }
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(err.code === 'EADDRINUSE' ? new Error(`Port ${LOCAL_LINK_PORT} is in use: stop the other "mention-monitor serve" first.`) : err),
        );
        server.listen(LOCAL_LINK_PORT, '127.0.0.1', () => resolve());
      });
      stack.defer(() => new Promise((resolve) => server.close(() => resolve())));
      process.stdout.write(`Evidence links from local digests open at http://127.0.0.1:${LOCAL_LINK_PORT}/l (Ctrl-C to stop).\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await stack.stopAll();
    });
}
