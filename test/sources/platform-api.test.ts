import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTrustConfig } from '../../shared/config/load.js';
import { Platform } from '../../shared/sources/mention.js';
import { CREDENTIALS, howToFixCredentials, secretRequirements } from '../../shared/sources/credentials.js';
import { collectPages, isoAtOrAfter, joinWithin, latestIso, quotaExhausted, readMarks, writeMarks, type AnyPollContext } from '../../shared/sources/platform-api.js';
import { boundedRaw, MAX_RAW_BYTES } from '../../shared/sources/platform-mention.js';
import { pollSource, sources } from '../../shared/sources/registry.js';
import { SourceError, type PollContext } from '../../shared/sources/source.js';
import { millfield, NOW } from './support.js';

const ctxWithCursor = (cursor?: string) => ({ entity: millfield, source: { type: 'x', maxPages: 1, enabled: true }, cursor }) as unknown as AnyPollContext;

describe('rate-limit headers', () => {
  it.each([
    ['X with none left', { 'x-rate-limit-remaining': '0' }, true],
    ['X with some left', { 'x-rate-limit-remaining': '14' }, false],
    ['Reddit as a float', { 'x-ratelimit-remaining': '0.0' }, true],
    ['Bluesky', { 'ratelimit-remaining': '0' }, true],
    ['Meta app usage at 96%', { 'x-app-usage': '{"call_count":96,"total_cputime":5,"total_time":7}' }, true],
    ['Meta app usage at 40%', { 'x-app-usage': '{"call_count":40,"total_cputime":5,"total_time":7}' }, false],
    ['Meta business use case usage', { 'x-business-use-case-usage': '{"1012":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":0}]}' }, true],
    ['Meta waiting time alone', { 'x-business-use-case-usage': '{"1012":[{"call_count":2,"estimated_time_to_regain_access":1440}]}' }, false],
    ['garbled usage', { 'x-app-usage': '{not json' }, false],
    ['no headers', {}, false],
  ])('%s: exhausted is %s', (_name, headers, expected) => {
    expect(quotaExhausted(new Headers(headers as Record<string, string>))).toBe(expected);
  });
});

describe('cursors', () => {
  it('reads back what it wrote, merging new watermarks over old ones', () => {
    const cursor = writeMarks({ 'tag:a': '1', search: '2026-11-01T00:00:00.000Z' }, { search: '2026-11-24T00:00:00.000Z' });
    expect(readMarks(ctxWithCursor(cursor))).toEqual({ 'tag:a': '1', search: '2026-11-24T00:00:00.000Z' });
  });

  it.each([
    ['no cursor', undefined],
    ['a cursor from another format', 'eyJhZnRlciI6IjEyMyJ9'],
    ['JSON of the wrong shape', '{"search": 5}'],
  ])('treats %s as a first poll', (_name, cursor) => {
    expect(readMarks(ctxWithCursor(cursor))).toEqual({});
  });

  it('writes nothing when there is nothing to remember', () => {
    expect(writeMarks({}, {})).toBeUndefined();
  });

  it.each([
    ['later instant', '2026-11-24T08:00:01Z', '2026-11-24T08:00:00.000Z', true],
    ['same instant in another offset', '2026-11-24T09:00:00+01:00', '2026-11-24T08:00:00Z', true],
    ['earlier instant', '2026-11-24T07:59:59Z', '2026-11-24T08:00:00Z', false],
  ])('compares a %s', (_name, a, b, expected) => {
    expect(isoAtOrAfter(a, b)).toBe(expected);
  });

  it('takes the latest valid time, ignoring junk', () => {
    expect(latestIso(['2026-11-23T10:00:00Z', 'not a date', undefined, '2026-11-24T10:00:00+01:00'], '2026-11-20T00:00:00Z')).toBe('2026-11-24T09:00:00.000Z');
  });
});

describe('default queries', () => {
  it.each([
    [14, '"aaa" OR "bbb"'],
    [13, '"aaa"'],
    [100, '"aaa" OR "bbb" OR "ccc"'],
  ])('keeps whole terms within %i characters', (max, expected) => {
    expect(joinWithin(['"aaa"', '"bbb"', '"ccc"'], ' OR ', max)).toBe(expected);
  });
});

describe('paging', () => {
  it('never asks for more than maxPages pages, however many the platform offers', async () => {
    let asked = 0;
    const items = await collectPages(3, async () => {
      asked++;
      return { items: [asked], next: `page${asked + 1}` };
    });
    expect(asked).toBe(3);
    expect(items).toEqual([1, 2, 3]);
  });

  it('stops when a platform hands back the same token twice', async () => {
    let asked = 0;
    await collectPages(10, async () => {
      asked++;
      return { items: [], next: 'same' };
    });
    expect(asked).toBe(2);
  });
});

describe('raw payloads', () => {
  it('keeps a payload under the bound as it is', () => {
    const raw = { id: '1', text: 'short' };
    expect(boundedRaw(raw)).toBe(raw);
  });

  it('replaces a payload over the bound with a marker and a prefix', () => {
    const raw = { text: 'x'.repeat(MAX_RAW_BYTES) };
    const bounded = boundedRaw(raw) as { truncated: boolean; bytes: number; prefix: string };
    expect(bounded.truncated).toBe(true);
    expect(bounded.bytes).toBeGreaterThan(MAX_RAW_BYTES);
    expect(JSON.stringify(bounded).length).toBeLessThan(5_000);
  });
});

describe('credentials', () => {
  it('lists every secret the enabled platform sources of a config can use, once each', () => {
    const base = readFileSync(new URL('../../config/example.trust.yaml', import.meta.url), 'utf8');
    const cfg = parseTrustConfig(
      base.replace(
        /(- id: millfield[\s\S]*?)sources:\n      - type: google_news/,
        `$1sources:\n      - { type: youtube }\n      - { type: x, id: x-two, enabled: false }\n      - { type: reddit }\n      - { type: reddit, id: reddit-sub, subreddits: [Cambridgeshire] }`,
      ),
    );
    expect(secretRequirements(cfg).map((r) => [r.name, r.required])).toEqual([
      ['/mention-monitor/millfield/youtube/api_key', true],
      ['/mention-monitor/millfield/reddit/client_id', false],
      ['/mention-monitor/millfield/reddit/client_secret', false],
    ]);
  });

  it.each(CREDENTIALS.map((c) => [c.platform, c.key] as const))('tells a person where to get and store %s %s', (platform, key) => {
    const help = howToFixCredentials(platform, 'millfield', [key]);
    expect(help).toContain(`/mention-monitor/millfield/${platform}/${key}`);
    expect(help.length).toBeGreaterThan(80);
  });
});

describe('the registry', () => {
  it('has a source for every platform, under its own type', () => {
    expect(Object.keys(sources).sort()).toEqual([...Platform.options].sort());
    for (const [type, source] of Object.entries(sources)) expect(source.type).toBe(type);
  });

  it('turns an unexpected crash inside a source into a SourceError a person can act on', async () => {
    const ctx = {
      entity: millfield,
      source: { type: 'x', maxPages: 1, enabled: true },
      now: NOW,
      http: { request: async () => ({ status: 200 }) },
      // A Secrets adapter bug: a number where a string belongs.
      secrets: { get: async () => 42 },
    } as unknown as PollContext;
    const err = await pollSource(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toContain("academy 'millfield' failed unexpectedly");
  });
});
