import {
  DeleteObjectCommand,
  GetObjectRetentionCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { EvidenceArchive } from '../../privacy/ports.js';
import { S3EvidenceStore } from './evidence-store.js';

/** Errors that mean "this store has no Object Lock or versions to report", not "something broke". */
const UNSUPPORTED = new Set(['NotImplemented', 'NoSuchObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError', 'InvalidRequest', 'MethodNotAllowed']);
const isUnsupported = (err: unknown): boolean => {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return UNSUPPORTED.has(e.name ?? '') || UNSUPPORTED.has(e.Code ?? '') || e.$metadata?.httpStatusCode === 501;
};

/**
 * Evidence for subject access and erasure: the EvidenceStore's reads plus deleting every version of an
 * object and reading its Object Lock retain-until date. In AWS, S3 reports the lock and refuses deletes
 * inside it; s3rver (the local emulator) implements neither Object Lock nor versions, so there the lock is
 * modelled from the capture time (shared/privacy/schedule.ts evidenceLockedUntil) and a delete is plain.
 */
export class S3EvidenceArchive implements EvidenceArchive {
  private readonly reader: S3EvidenceStore;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    this.reader = new S3EvidenceStore(client, bucket);
  }

  list(prefix: string): Promise<string[]> {
    return this.reader.list(prefix);
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.reader.get(key);
  }

  async lockedUntil(key: string): Promise<Date | undefined> {
    try {
      const out = await this.client.send(new GetObjectRetentionCommand({ Bucket: this.bucket, Key: key }));
      return out.Retention?.RetainUntilDate ? new Date(out.Retention.RetainUntilDate) : undefined;
    } catch (err) {
      if (isUnsupported(err)) return undefined;
      throw err;
    }
  }

  private async versionsOf(key: string): Promise<string[] | undefined> {
    try {
      const out = await this.client.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: key }));
      const versions = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key && v.VersionId && v.VersionId !== 'null');
      return versions.length ? versions.map((v) => v.VersionId!) : undefined;
    } catch (err) {
      if (isUnsupported(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    // On a versioned bucket a plain delete only hides the object behind a delete marker: erase each version.
    const versions = await this.versionsOf(key);
    if (!versions) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      return;
    }
    for (const VersionId of versions) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, VersionId }));
  }
}
