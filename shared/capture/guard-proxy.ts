import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { assertPublicUrl, BlockedAddressError, type GuardOptions } from '../net/address-guard.js';

/**
 * A forward proxy on 127.0.0.1 that every request of one capture goes through. Chromium is told
 * never to resolve names itself (see BASE_ARGS), so this is the only resolver: it checks every
 * address with the SSRF guard and connects to the very address it checked. That covers redirects,
 * subresources, WebSockets and DNS rebinding alike, which route handlers alone cannot (Playwright
 * does not call them for redirects). It also counts bytes, so one page cannot pull unbounded data.
 */

export interface RefusedRequest {
  host: string;
  reason: string;
}

export interface GuardProxy {
  /** http://127.0.0.1:<port>, for Playwright's per-context `proxy.server`. */
  readonly server: string;
  readonly bytesIn: () => number;
  readonly budgetExceeded: () => boolean;
  /** Settles when the byte budget runs out, so a capture can stop waiting at once. */
  readonly exceeded: Promise<void>;
  readonly refused: RefusedRequest[];
  close(): Promise<void>;
}

/** Which addresses one capture may contact. */
export interface GuardPolicy {
  allowPrivate: boolean;
  resolve?: GuardOptions['resolve'];
  /** Replaces the public-address rule (tests: let 127.0.0.1 stand for the internet, refuse 127.0.0.2). */
  addressPolicy?: (ip: string) => boolean;
}

/** The SSRF guard as a capture applies it: returns the checked addresses or throws BlockedAddressError. */
export async function checkedAddresses(url: string, policy: GuardPolicy): Promise<string[]> {
  if (!policy.addressPolicy) return assertPublicUrl(url, { allowPrivate: policy.allowPrivate, resolve: policy.resolve });
  const addresses = await assertPublicUrl(url, { allowPrivate: true, resolve: policy.resolve });
  const bad = addresses.find((a) => !policy.addressPolicy?.(a));
  if (bad !== undefined) throw new BlockedAddressError(`Refused to open ${new URL(url).host}: it resolves to ${bad}, which is not allowed.`);
  return addresses;
}

export interface GuardProxyOptions extends GuardPolicy {
  /** Total bytes from all upstream servers for this capture; past it every connection is cut. */
  maxBytes: number;
}

/** Marks the proxy's own refusals, so a refused plain-http page is not mistaken for the site's 403. */
export const GUARD_HEADER = 'x-mention-monitor-guard';

const REFUSED_LIMIT = 50;

/** Splits "host:port" or "[v6]:port" as CONNECT sends it. */
function splitAuthority(authority: string, defaultPort: number): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(authority);
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : defaultPort;
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1] ?? m[2], port };
}

export async function startGuardProxy(opts: GuardProxyOptions): Promise<GuardProxy> {
  let bytesIn = 0;
  let exceeded = false;
  let onExceeded = (): void => undefined;
  const exceededPromise = new Promise<void>((resolve) => {
    onExceeded = resolve;
  });
  const refused: RefusedRequest[] = [];
  const sockets = new Set<Duplex>();

  const track = (s: Duplex): void => {
    // Keep-alive sockets carry many requests: listen once per socket.
    if (sockets.has(s)) return;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const count = (n: number): void => {
    bytesIn += n;
    if (bytesIn > opts.maxBytes && !exceeded) {
      exceeded = true;
      for (const s of sockets) s.destroy();
      onExceeded();
    }
  };
  const refuse = (host: string, reason: string): void => {
    if (refused.length < REFUSED_LIMIT) refused.push({ host, reason });
  };

  /** Resolves and checks the host; returns the one address to connect to, or undefined if refused. */
  const checkedAddress = async (host: string, port: number): Promise<string | undefined> => {
    if (exceeded) {
      refuse(host, 'the page-size budget for this capture is used up');
      return undefined;
    }
    try {
      const literal = host.includes(':') ? `[${host}]` : host;
      return (await checkedAddresses(`http://${literal}:${port}/`, opts))[0];
    } catch (err) {
      refuse(host, err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };

  const server = http.createServer(async (req, res) => {
    track(req.socket);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute http:// URL required');
      return;
    }
    const port = Number(target.port || 80);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (target.protocol !== 'http:') {
      refuse(host, `scheme ${target.protocol} is not allowed`);
      res.writeHead(403, { [GUARD_HEADER]: 'refused' }).end();
      return;
    }
    const address = await checkedAddress(host, port);
    if (!address) {
      res.writeHead(403, { 'content-type': 'text/plain', [GUARD_HEADER]: 'refused' }).end('refused by the capture guard');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: address, port, method: req.method, path: `${target.pathname}${target.search}`, headers, setHost: false },
      (up) => {
        up.on('data', (chunk: Buffer) => count(chunk.length));
        // Only this proxy may say it refused an address: a site sending the header would hide its own page.
        const { [GUARD_HEADER]: _forged, ...upHeaders } = up.headers;
        res.writeHead(up.statusCode ?? 502, upHeaders);
        up.pipe(res);
      },
    );
    upstream.on('socket', track);
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });

  server.on('connect', async (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const authority = splitAuthority(req.url ?? '', 443);
    if (!authority) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const address = await checkedAddress(authority.host, authority.port);
    if (!address) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect({ host: address, port: authority.port });
    track(upstream);
    let connected = false;
    upstream.on('connect', () => {
      connected = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.on('data', (chunk: Buffer) => count(chunk.length));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => (connected ? client.destroy() : client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')));
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;

  return {
    server: `http://127.0.0.1:${port}`,
    bytesIn: () => bytesIn,
    budgetExceeded: () => exceeded,
    exceeded: exceededPromise,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
