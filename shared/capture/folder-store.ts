import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EvidenceStore, StoredObject } from '../ports/index.js';
import { sha256Hex } from './manifest.js';

/**
 * An EvidenceStore on a local folder: keys become relative paths. For `mention-monitor capture
 * --out DIR` and local runs; in AWS the S3 adapter takes its place.
 */
export class FolderEvidenceStore implements EvidenceStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Keys are S3-style relative paths; anything that could step outside the folder is refused. */
  private pathFor(key: string): string {
    const parts = key.split('/');
    if (key.length === 0 || key.length > 1024 || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) {
      throw new Error(`"${key.slice(0, 200)}" is not a usable evidence key: use a relative path like cases/<case-id>/<time>/manifest.json.`);
    }
    return path.join(this.root, ...parts);
  }

  async put(key: string, body: Uint8Array | string, _contentType: string): Promise<StoredObject> {
    const file = this.pathFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    await writeFile(file, bytes);
    return { key, sha256: sha256Hex(bytes), size: bytes.byteLength };
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.pathFor(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the deepest folder the prefix names, then filter by the full prefix, as S3 does.
    const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    const walk = async (rel: string[]): Promise<void> => {
      let entries;
      try {
        entries = await readdir(path.join(this.root, ...rel), { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw err;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) await walk([...rel, entry.name]);
        else if (entry.isFile()) keys.push([...rel, entry.name].join('/'));
      }
    };
    await walk(dir ? this.pathFor(dir).slice(this.root.length + 1).split(path.sep) : []);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  async presign(key: string, _seconds: number): Promise<string> {
    return pathToFileURL(this.pathFor(key)).href;
  }

  describe(key: string): string {
    return this.pathFor(key);
  }
}
