import type { EvidenceStore, StoredObject } from '../../shared/ports/index.js';
import { sha256Hex } from '../../shared/capture/manifest.js';

/** An EvidenceStore in a Map, for tests; `objects` is exposed so tests can tamper with evidence. */
export class MemoryEvidenceStore implements EvidenceStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<StoredObject> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    this.objects.set(key, { body: bytes, contentType });
    return { key, sha256: sha256Hex(bytes), size: bytes.byteLength };
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key)?.body;
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async presign(key: string): Promise<string> {
    return `memory://${key}`;
  }

  describe(key: string): string {
    return `memory://${key}`;
  }
}
