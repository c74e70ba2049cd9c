import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderEvidenceStore } from '../../shared/capture/folder-store.js';
import { MANIFEST_VERSION, serialiseManifest, sha256Hex, type Manifest } from '../../shared/capture/manifest.js';
import { formatVerifyReport, verifyCase } from '../../shared/capture/verify.js';
import type { EvidenceStore } from '../../shared/ports/index.js';
import { MemoryEvidenceStore } from './memory-store.js';

const CASE = 'c-0123456789abcdef';
const PREFIX = `cases/${CASE}/20261124T080214.123Z/`;

/** Stores a two-artefact capture the way captureEvidence does; returns the manifest's hash. */
async function storeCapture(store: EvidenceStore, caseId = CASE): Promise<string> {
  const artefacts: Manifest['artefacts'] = [];
  for (const [name, body] of [['page.html', '<p>the post</p>'], ['raw.json', '{"id":"1"}']] as const) {
    const stored = await store.put(`${PREFIX}${name}`, body, 'text/plain');
    artefacts.push({ name, key: stored.key, contentType: 'text/plain', sha256: stored.sha256, size: stored.size });
  }
  const manifest: Manifest = {
    version: MANIFEST_VERSION, caseId, platform: 'x', kind: 'page', outcome: 'ok', requestedUrl: 'https://x.com/a/status/1',
    redirects: [], startedAt: '2026-11-24T08:02:14.123Z', finishedAt: '2026-11-24T08:02:15.000Z', viewports: [], artefacts,
    refusedRequests: [], notes: [],
  };
  const body = serialiseManifest(manifest);
  await store.put(`${PREFIX}manifest.json`, body, 'application/json');
  return sha256Hex(body);
}

describe('verifyCase', () => {
  it('says OK when every artefact and the manifest match', async () => {
    const store = new MemoryEvidenceStore();
    const sha = await storeCapture(store);
    const report = await verifyCase(CASE, store, sha);
    expect(report.ok).toBe(true);
    expect(formatVerifyReport(report)).toContain(`OK: the evidence for case ${CASE} is intact.`);
  });

  it.each([
    ['a changed artefact', (s: MemoryEvidenceStore) => s.put(`${PREFIX}page.html`, '<p>edited</p>', 'text/plain'), `${PREFIX}page.html has changed`],
    ['a deleted artefact', async (s: MemoryEvidenceStore) => void s.objects.delete(`${PREFIX}raw.json`), `${PREFIX}raw.json is missing`],
    ['a file slipped into the capture folder', (s: MemoryEvidenceStore) => s.put(`${PREFIX}extra.png`, 'x', 'image/png'), `${PREFIX}extra.png is in the capture folder but not in its manifest`],
    ['a manifest that is not JSON', (s: MemoryEvidenceStore) => s.put(`${PREFIX}manifest.json`, 'not json', 'application/json'), 'is not a valid evidence manifest'],
  ])('detects %s and names it', async (_name, tamper, expected) => {
    const store = new MemoryEvidenceStore();
    await storeCapture(store);
    await tamper(store);
    const report = await verifyCase(CASE, store);
    expect(report.ok).toBe(false);
    expect(formatVerifyReport(report)).toContain(expected);
  });

  it('detects a manifest rewritten to match tampered evidence, given the hash on the case', async () => {
    const store = new MemoryEvidenceStore();
    const recorded = await storeCapture(store);
    await store.put(`${PREFIX}page.html`, '<p>edited</p>', 'text/plain');
    const manifest = JSON.parse(new TextDecoder().decode(await store.get(`${PREFIX}manifest.json`))) as Manifest;
    manifest.artefacts[0].sha256 = sha256Hex('<p>edited</p>');
    manifest.artefacts[0].size = 13;
    await store.put(`${PREFIX}manifest.json`, serialiseManifest(manifest), 'application/json');
    expect((await verifyCase(CASE, store)).ok).toBe(true);
    const report = await verifyCase(CASE, store, recorded);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(`The case records manifest SHA-256 ${recorded}`);
  });

  it('refuses a manifest that belongs to another case', async () => {
    const store = new MemoryEvidenceStore();
    await storeCapture(store, 'c-ffffffffffffffff');
    const report = await verifyCase(CASE, store);
    expect(formatVerifyReport(report)).toContain(`belongs to case c-ffffffffffffffff, not ${CASE}`);
  });

  it('says there is no evidence for an unknown case and what to check', async () => {
    const report = await verifyCase('c-unknown', new MemoryEvidenceStore());
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/No evidence manifest was found for case c-unknown.*Check the case id/);
  });
});

describe('FolderEvidenceStore', () => {
  const dirs: string[] = [];
  const folder = async (): Promise<FolderEvidenceStore> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-evidence-'));
    dirs.push(dir);
    return new FolderEvidenceStore(dir);
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, with the same hash', async () => {
    const store = await folder();
    const stored = await store.put('cases/c-1/t/a.txt', 'hello', 'text/plain');
    expect(stored).toEqual({ key: 'cases/c-1/t/a.txt', sha256: sha256Hex('hello'), size: 5 });
    expect(new TextDecoder().decode(await store.get('cases/c-1/t/a.txt'))).toBe('hello');
    expect(await store.get('cases/c-1/t/missing.txt')).toBeUndefined();
  });

  it('lists keys by prefix like S3, across nested folders', async () => {
    const store = await folder();
    for (const key of ['cases/c-1/t1/a', 'cases/c-1/t2/b', 'cases/c-10/t1/c', 'other/d']) await store.put(key, 'x', 'text/plain');
    expect(await store.list('cases/c-1/')).toEqual(['cases/c-1/t1/a', 'cases/c-1/t2/b']);
    expect(await store.list('cases/c-1')).toEqual(['cases/c-1/t1/a', 'cases/c-1/t2/b', 'cases/c-10/t1/c']);
    expect(await store.list('nothing/')).toEqual([]);
  });

  it.each(['../escape', 'cases/../../etc/passwd', '/absolute', 'cases//double', 'cases\\windows'])('refuses the key %s', async (key) => {
    const store = await folder();
    await expect(store.put(key, 'x', 'text/plain')).rejects.toThrow(/not a usable evidence key/);
  });

  it('lets verify detect a file edited on disk', async () => {
    const store = await folder();
    await storeCapture(store);
    await writeFile(store.describe(`${PREFIX}raw.json`), '{"id":"2"}');
    const report = await verifyCase(CASE, store);
    expect(formatVerifyReport(report)).toContain(`${PREFIX}raw.json has changed`);
  });
});
