import { createHash } from 'node:crypto';
import type { Case } from '../cases/case.js';
import type { MentionContent } from '../ports/index.js';
import type { Platform } from '../sources/mention.js';

/** Who a subject access or erasure request is about, as the requester identified themselves. */
export interface Subject {
  /** The platform handle or display name the posts carry, with or without the leading @. */
  author: string;
  platform?: Platform;
  /** A full name to look for in the text of posts by anyone (a pupil named in someone else's post). */
  name?: string;
}

/** A non-case mention's content as stored for one academy. */
export interface StoredMentionContent extends MentionContent {
  academyId: string;
  /** Epoch seconds when DynamoDB deletes it. */
  expiresAt?: number;
}

/** "@Quiet_One_07 " and "quiet_one_07" are the same account: compare handles without @, case or spacing. */
export const normaliseHandle = (handle: string): string =>
  handle.normalize('NFKC').trim().replace(/^@+/, '').replace(/\s+/g, ' ').toLowerCase();

/**
 * A pseudonym for the audit trail: lets a later request be recognised as the same person's without the
 * trail itself holding the handle after the person asked for erasure.
 */
export const subjectRef = (subject: Pick<Subject, 'author' | 'platform'>): string =>
  `sha256:${createHash('sha256').update(`${subject.platform ?? '*'}\u0000${normaliseHandle(subject.author)}`).digest('hex').slice(0, 32)}`;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The full name as whole words, any case, any run of spaces between the parts. */
const namePattern = (name: string): RegExp =>
  new RegExp(`(^|[^\\p{L}\\p{N}])${name.trim().split(/\s+/).map(escapeRegExp).join('\\s+')}(?=$|[^\\p{L}\\p{N}])`, 'iu');

export interface SubjectMatch {
  /** The person wrote it. */
  byAuthor: boolean;
  /** Someone's post names the person. */
  byName: boolean;
}

type Searchable = Pick<Case, 'platform' | 'text' | 'title' | 'author'>;

export function matchSubject(record: Searchable, subject: Subject): SubjectMatch {
  const platformOk = !subject.platform || record.platform === subject.platform;
  const byAuthor = platformOk && record.author !== undefined && normaliseHandle(record.author) === normaliseHandle(subject.author);
  const trimmed = subject.name?.trim();
  const byName = Boolean(trimmed) && namePattern(trimmed!).test(`${record.title ?? ''}\n${record.text}`);
  return { byAuthor, byName };
}

export const isAboutSubject = (record: Searchable, subject: Subject): boolean => {
  const m = matchSubject(record, subject);
  return m.byAuthor || m.byName;
};
