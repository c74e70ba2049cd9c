import { afterEach, describe, expect, it } from 'vitest';
import { Mention } from '../../shared/sources/mention.js';
import { pollSource } from '../../shared/sources/registry.js';
import { SourceError } from '../../shared/sources/source.js';
import { harnesses, type Harness } from './harnesses.js';
import { context, json, startServer, type FixtureServer, type Handler } from './support.js';

/** The behaviours every platform API source shares, run as one table over all seven. */

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the happy path, except that the data endpoint answers with `inject` while it returns a reply. */
const withData = (h: Harness, inject: (attempt: number) => ReturnType<Handler> | undefined): Handler => {
  let attempt = 0;
  return (req, seen) => {
    if (h.isData(req.path)) {
      const reply = inject(attempt++);
      if (reply) return reply;
    }
    return h.happy(req, seen);
  };
};

async function poll(h: Harness, handler: Handler, secrets = h.secrets) {
  server = await startServer(handler);
  return pollSource(context({ source: h.source(server.url), serverUrl: server.url, secrets }));
}

async function failure(h: Harness, handler: Handler, secrets = h.secrets): Promise<SourceError> {
  const err = await poll(h, handler, secrets).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

describe.each(harnesses)('the $platform source', (h) => {
  it('returns valid mentions from documented responses', async () => {
    const result = await poll(h, h.happy);
    expect(result.mentions.length).toBeGreaterThan(0);
    for (const mention of result.mentions) expect(Mention.parse(mention).platform).toBe(h.platform);
    expect(result.cursor).toBeDefined();
  });

  it('waits out a 429 and then succeeds', async () => {
    const result = await poll(h, withData(h, (n) => (n === 0 ? json({ error: 'slow down' }, 429, { 'retry-after': '0' }) : undefined)));
    expect(result.mentions.length).toBeGreaterThan(0);
    expect(server!.seen.filter((r) => h.isData(r.path)).length).toBeGreaterThanOrEqual(2);
  });

  it('reports a platform that keeps failing with 5xx as unavailable', async () => {
    const err = await failure(h, withData(h, () => json({ error: 'internal' }, 503)));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toContain("academy 'millfield'");
    expect(err.message).toMatch(/next poll will try again/);
  });

  it('reports rejected credentials with the academy and where to store new ones', async () => {
    const err = await failure(h, withData(h, () => h.unauthorized));
    expect(err.kind).toBe('credentials');
    expect(err.message).toContain("academy 'millfield'");
    expect(err.message).toContain(`/mention-monitor/millfield/${h.platform}/`);
  });

  it('reports malformed JSON as a bad response', async () => {
    const err = await failure(h, withData(h, () => ({ status: 200, body: '{"data": [ {"id": "1", ' })));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('not valid JSON');
  });

  it('reports a changed response shape as a clear per-source error', async () => {
    const err = await failure(h, withData(h, () => json(h.changedShape)));
    expect(err.kind).toBe('bad_response');
    expect(err.message).toContain('in a changed shape');
    expect(err.message).toContain("academy 'millfield'");
  });

  it('returns nothing, without error, for an empty page', async () => {
    const result = await poll(h, withData(h, () => json(h.empty)));
    expect(result.mentions).toHaveLength(h.fromOtherStreams);
    expect(server!.seen.filter((r) => h.isData(r.path)).length).toBe(1);
  });

  it('keeps a bounded result from a 10,000-item page', async () => {
    const result = await poll(h, withData(h, () => json(h.bigPage(10_000))));
    expect(result.mentions.length).toBeGreaterThan(0);
    expect(result.mentions.length).toBeLessThanOrEqual(h.maxMentions);
  });
});
