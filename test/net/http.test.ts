import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedAddressError } from '../../shared/net/address-guard.js';
import { RateLimitedError } from '../../shared/net/errors.js';
import { backoffMs, createHttpClient, serverWaitMs } from '../../shared/net/http.js';
import { startServer, type LocalServer } from './local-server.js';

let server: LocalServer;
/** Per-path counters so a route can fail a set number of times before succeeding. */
const hits = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const n = (hits.get(url.pathname) ?? 0) + 1;
    hits.set(url.pathname, n);
    switch (url.pathname) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('hello ✓');
        return;
      case '/latin':
        res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1252' }).end(iconv.encode('caf\u00e9 \u201cquoted\u201d \u00a3', 'windows-1252'));
        return;
      case '/json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":[1,2]}');
        return;
      case '/not-json':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
        return;
      case '/missing':
        res.writeHead(404).end('nope');
        return;
      case '/forbidden':
        res.writeHead(403).end('no');
        return;
      case '/redirect':
        res.writeHead(302, { location: `/hop?left=${url.searchParams.get('n') ?? '0'}` }).end();
        return;
      case '/hop': {
        const left = Number(url.searchParams.get('left'));
        if (left > 0) res.writeHead(301, { location: `/hop?left=${left - 1}` }).end();
        else res.writeHead(200).end('arrived');
        return;
      }
      case '/to-metadata':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }).end();
        return;
      case '/to-private':
        res.writeHead(307, { location: 'http://10.0.0.1/admin' }).end();
        return;
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
      case '/to-other-origin':
        res.writeHead(302, { location: `http://localhost:${server.port}/echo-headers` }).end();
        return;
      case '/post-303':
        res.writeHead(303, { location: '/echo-method' }).end();
        return;
      case '/echo-method':
        res.writeHead(200).end(`${req.method} ${body}`);
        return;
      case '/echo-headers':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
        return;
      case '/huge-chunked': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      case '/huge-declared':
        res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
        res.write('x');
        return;
      case '/gzip':
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('compressed body'));
        return;
      case '/deflate':
        res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('compressed body'));
        return;
      case '/deflate-raw':
        res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync('compressed body'));
        return;
      case '/gzip-twice':
        res.writeHead(200, { 'content-encoding': 'gzip, gzip' }).end(gzipSync(gzipSync('compressed body')));
        return;
      case '/gzip-four-times':
        res.writeHead(200, { 'content-encoding': 'gzip, gzip, gzip, gzip' }).end(gzipSync(gzipSync(gzipSync(gzipSync('compressed body')))));
        return;
      case '/gzip-bomb':
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
        return;
      case '/silent':
        return; // never answers
      case '/flaky-503':
        if (n <= 2) res.writeHead(503).end('busy');
        else res.writeHead(200).end('recovered');
        return;
      case '/retry-after-0':
        if (n === 1) res.writeHead(429, { 'retry-after': '0' }).end();
        else res.writeHead(200).end('after wait');
        return;
      case '/retry-after-hour':
        res.writeHead(429, { 'retry-after': '3600' }).end();
        return;
      case '/reset-epoch':
        res.writeHead(429, { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) }).end();
        return;
      case '/always-429':
        res.writeHead(429).end();
        return;
      case '/always-500':
        res.writeHead(500).end();
        return;
      case '/reset-then-ok':
        if (n === 1) req.socket.destroy();
        else res.writeHead(200).end('second try');
        return;
      default:
        res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

const local = (over: Parameters<typeof createHttpClient>[0] = {}) =>
  createHttpClient({ allowPrivate: true, baseDelayMs: 1, maxDelayMs: 50, ...over });

describe('createHttpClient: responses', () => {
  it('returns status, final URL, headers and the body decoded as UTF-8', async () => {
    const res = await local().request({ url: `${server.origin}/ok` });
    expect([res.status, res.url, res.headers.get('content-type'), res.text()]).toEqual([
      200, `${server.origin}/ok`, 'text/plain; charset=utf-8', 'hello ✓',
    ]);
  });

  it('decodes text per the Content-Type charset', async () => {
    expect((await local().request({ url: `${server.origin}/latin` })).text()).toBe('caf\u00e9 \u201cquoted\u201d \u00a3');
  });

  it('parses JSON and explains a response that is not JSON', async () => {
    expect((await local().request({ url: `${server.origin}/json` })).json()).toEqual({ a: [1, 2] });
    const notJson = await local().request({ url: `${server.origin}/not-json` });
    expect(() => notJson.json()).toThrow(/did not return valid JSON \(HTTP 200, text\/html\)/);
  });

  it.each([
    ['/missing', 404],
    ['/forbidden', 403],
  ])('returns %s as HTTP %i instead of throwing', async (path, status) => {
    expect((await local().request({ url: `${server.origin}${path}` })).status).toBe(status);
  });

  it('sends a User-Agent and accepts compressed responses', async () => {
    const headers = (await local({ userAgent: 'test-agent/1' }).request({ url: `${server.origin}/echo-headers` })).json() as Record<string, string>;
    expect([headers['user-agent'], headers['accept-encoding']]).toEqual(['test-agent/1', 'gzip, deflate, br']);
  });

  it.each([
    ['/gzip', 'gzip'],
    ['/deflate', 'zlib-wrapped deflate'],
    ['/deflate-raw', 'raw deflate, as some servers send'],
    ['/gzip-twice', '"gzip, gzip"'],
  ])('decompresses %s (%s)', async (path) => {
    expect((await local().request({ url: `${server.origin}${path}` })).text()).toBe('compressed body');
  });

  it('refuses a body compressed more than three times over and says whose fault it is', async () => {
    await expect(local().request({ url: `${server.origin}/gzip-four-times` })).rejects.toMatchObject({
      kind: 'bad_response',
      retryable: false,
      message: expect.stringMatching(/compressed 4 times over.*fault on their side/),
    });
  });

  it('sends a POST body', async () => {
    const res = await local().request({ url: `${server.origin}/echo-method`, method: 'POST', body: 'a=1' });
    expect(res.text()).toBe('POST a=1');
  });
});

describe('createHttpClient: redirects', () => {
  it('follows up to five redirects and reports the final URL', async () => {
    const res = await local().request({ url: `${server.origin}/redirect?n=4` });
    expect([res.status, res.text(), res.url]).toEqual([200, 'arrived', `${server.origin}/hop?left=0`]);
  });

  it('refuses a sixth redirect with a message that says what to do', async () => {
    await expect(local().request({ url: `${server.origin}/redirect?n=5` })).rejects.toThrow(/redirected more than 5 times.*Open it in a browser/);
  });

  it('turns a POST answered with 303 into a GET without the body', async () => {
    const res = await local().request({ url: `${server.origin}/post-303`, method: 'POST', body: 'secret=1' });
    expect(res.text()).toBe('GET ');
  });

  it('drops the Authorization header when a redirect leaves the origin', async () => {
    const res = await local().request({ url: `${server.origin}/to-other-origin`, headers: { Authorization: 'Bearer t0ken' } });
    expect((res.json() as Record<string, string>).authorization).toBeUndefined();
  });
});

describe('createHttpClient: address guard', () => {
  /** Lets the test server through but nothing else, so redirects to private hosts meet the real rules. */
  const onlyTheTestServer = { allowPrivate: false, addressPolicy: (ip: string) => ip === '127.0.0.1', baseDelayMs: 1 };

  it('refuses loopback when private addresses are not allowed', async () => {
    await expect(createHttpClient().request({ url: `${server.origin}/ok?unguarded` })).rejects.toBeInstanceOf(BlockedAddressError);
    expect(server.seen.some((r) => r.path === '/ok?unguarded')).toBe(false);
  });

  it.each([
    ['/to-metadata', /169\.254\.169\.254/],
    ['/to-private', /10\.0\.0\.1/],
    ['/to-file', /only http:\/\/ and https:\/\//],
  ])('checks every redirect hop: %s is refused', async (path, message) => {
    const err = await createHttpClient(onlyTheTestServer).request({ url: `${server.origin}${path}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect((err as Error).message).toMatch(message);
  });

  it('connects to the address it checked instead of asking DNS again', async () => {
    const asked: string[] = [];
    // "feeds.test" exists only in this resolver: if the client did its own lookup, the request would fail.
    const client = createHttpClient({ ...onlyTheTestServer, resolve: async (host) => (asked.push(host), ['127.0.0.1']) });
    const res = await client.request({ url: `http://feeds.test:${server.port}/echo-headers` });
    expect([(res.json() as Record<string, string>).host, asked]).toEqual([`feeds.test:${server.port}`, ['feeds.test']]);
  });

  it('refuses a host name whose address the policy rejects', async () => {
    const client = createHttpClient({ ...onlyTheTestServer, resolve: async () => ['127.0.0.2'] });
    await expect(client.request({ url: `http://feeds.test:${server.port}/ok` })).rejects.toBeInstanceOf(BlockedAddressError);
  });
});

describe('createHttpClient: size and time bounds', () => {
  it.each([
    ['/huge-chunked', 'a streamed body'],
    ['/huge-declared', 'a declared Content-Length'],
    ['/gzip-bomb', 'a gzip bomb'],
  ])('stops reading %s past maxBytes (%s)', async (path) => {
    await expect(local().request({ url: `${server.origin}${path}`, maxBytes: 1024 * 1024 })).rejects.toMatchObject({
      kind: 'too_large',
      message: expect.stringMatching(/larger than 1024 KB.*Check it is the right address/),
    });
  });

  it('gives up on a server that never answers', async () => {
    await expect(local({ maxRetries: 0 }).request({ url: `${server.origin}/silent`, timeoutMs: 300 })).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/did not answer within .* the next poll will try again/),
    });
  });
});

describe('createHttpClient: retries', () => {
  it('retries 503 until the server recovers', async () => {
    const res = await local().request({ url: `${server.origin}/flaky-503` });
    expect([res.status, res.text(), hits.get('/flaky-503')]).toEqual([200, 'recovered', 3]);
  });

  it('retries a 429 after the Retry-After wait', async () => {
    const res = await local().request({ url: `${server.origin}/retry-after-0` });
    expect([res.text(), hits.get('/retry-after-0')]).toEqual(['after wait', 2]);
  });

  it('retries a connection reset', async () => {
    expect((await local().request({ url: `${server.origin}/reset-then-ok` })).text()).toBe('second try');
  });

  it.each([
    ['/retry-after-hour', /asked us to wait 3600 s/],
    ['/reset-epoch', /asked us to wait (899|900) s/],
  ])('fails fast instead of sleeping when %s asks for a long wait', async (path, message) => {
    const err = await local().request({ url: `${server.origin}${path}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect([(err as Error).message, hits.get(path)]).toEqual([expect.stringMatching(message), 1]);
  });

  it('gives up on a persistent 429 with a rate-limited error after maxRetries', async () => {
    const err = await local({ maxRetries: 2 }).request({ url: `${server.origin}/always-429` }).catch((e: unknown) => e);
    expect([err instanceof RateLimitedError, hits.get('/always-429')]).toEqual([true, 3]);
  });

  it('gives up on a persistent 500 with an unavailable error', async () => {
    await expect(local({ maxRetries: 1 }).request({ url: `${server.origin}/always-500` })).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/HTTP 500 after 2 tries.*next poll will try again/),
    });
  });
});

describe('serverWaitMs', () => {
  const now = Date.parse('2026-11-24T08:00:00Z');
  it.each([
    [{ 'retry-after': '120' }, 120_000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Tue, 24 Nov 2026 08:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Tue, 24 Nov 2026 07:00:00 GMT' }, 0],
    [{ 'x-ratelimit-reset': '42' }, 42_000],
    [{ 'x-rate-limit-reset': String(now / 1000 + 60) }, 60_000],
    [{ 'x-ratelimit-reset': String(now + 5000) }, 5000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('reads %j as %s ms', (headers, expected) => {
    expect(serverWaitMs(new Headers(headers as Record<string, string>), now)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it.each([
    [0, 0.999, 99],
    [3, 0.999, 799],
    [10, 0.999, 4995],
    [10, 0, 0],
  ])('attempt %i with random %f waits %i ms (base 100, cap 5000)', (attempt, r, expected) => {
    expect(backoffMs(attempt, 100, 5000, () => r)).toBe(expected);
  });
});
