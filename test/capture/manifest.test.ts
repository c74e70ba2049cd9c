import { describe, expect, it } from 'vitest';
import { Manifest, capturePrefix, compactTime, serialiseManifest, sha256Hex } from '../../shared/capture/manifest.js';

describe('capture keys', () => {
  it.each([
    ['2026-11-24T08:02:14.123Z', '20261124T080214.123Z'],
    ['2026-01-01T00:00:00.000Z', '20260101T000000.000Z'],
  ])('compacts %s to %s', (iso, compact) => {
    expect(compactTime(iso)).toBe(compact);
  });

  it('files a capture under cases/<case id>/<compact start time>/', () => {
    expect(capturePrefix('c-1', '2026-11-24T08:02:14.123Z')).toBe('cases/c-1/20261124T080214.123Z/');
  });
});

describe('manifest hashing', () => {
  const manifest = Manifest.parse({
    version: 'mention-monitor/evidence-manifest@1',
    caseId: 'c-1',
    platform: 'x',
    kind: 'page',
    outcome: 'ok',
    requestedUrl: 'https://x.com/a/status/1',
    startedAt: '2026-11-24T08:02:14.123Z',
    finishedAt: '2026-11-24T08:02:15.000Z',
    artefacts: [{ name: 'page.html', key: 'cases/c-1/20261124T080214.123Z/page.html', contentType: 'text/html', sha256: sha256Hex('<p>x</p>'), size: 8 }],
  });

  it('serialises the same manifest to the same bytes, so its hash is stable', () => {
    expect(sha256Hex(serialiseManifest(manifest))).toBe(sha256Hex(serialiseManifest(Manifest.parse(JSON.parse(serialiseManifest(manifest))))));
  });

  it('changes the hash when any artefact hash changes', () => {
    const changed = { ...manifest, artefacts: [{ ...manifest.artefacts[0], sha256: sha256Hex('<p>y</p>') }] };
    expect(sha256Hex(serialiseManifest(changed))).not.toBe(sha256Hex(serialiseManifest(manifest)));
  });

  it('hashes to the well-known SHA-256 of a known input', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
