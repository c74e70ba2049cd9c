import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed, expiring link tokens for the evidence and triage links in emails. A token is
 *   v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, "v1." + payload part))>
 * The payload is readable by whoever holds the email (it names a case id, not its content); only the
 * signature makes it trusted. Verification compares signatures in constant time and checks expiry
 * after the signature, so an attacker learns nothing from timing or from the error they get back.
 */

export const LinkAction = z.enum(['view', 'acknowledge', 'report', 'resolve']);
export type LinkAction = z.infer<typeof LinkAction>;

export const TokenPayload = z.strictObject({
  caseId: z.string().min(1).max(100),
  academyId: z.string().min(1).max(40),
  action: LinkAction,
  /** Expiry, seconds since the Unix epoch. */
  exp: z.number().int().positive(),
  /** Makes every link distinct, so a used triage link can be recognised and refused. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
export type TokenPayload = z.infer<typeof TokenPayload>;

/** A secret of at least 32 bytes, from SSM/Secrets Manager in AWS. */
export type LinkKey = string | Uint8Array;

export const DEFAULT_LINK_DAYS = 30;
const VERSION = 'v1';
/** Long enough for any real token; anything longer is refused before it is decoded. */
const MAX_TOKEN_LENGTH = 1024;

export class LinkKeyError extends Error {
  constructor() {
    super(
      'The link signing key is shorter than 32 bytes. Generate one with "openssl rand -base64 48" and store it in ' +
        'the link-signing secret for this deployment; every emailed link is signed with it.',
    );
    this.name = 'LinkKeyError';
  }
}

function keyBytes(key: LinkKey): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (bytes.length < 32) throw new LinkKeyError();
  return bytes;
}

const mac = (key: LinkKey, signed: string): Buffer => createHmac('sha256', keyBytes(key)).update(signed).digest();

export const newNonce = (): string => randomBytes(12).toString('base64url');

export function signToken(payload: TokenPayload, key: LinkKey): string {
  const body = Buffer.from(JSON.stringify(TokenPayload.parse(payload)), 'utf8').toString('base64url');
  const signed = `${VERSION}.${body}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

export type VerifyResult =
  | { ok: true; payload: TokenPayload }
  /** `malformed` or `bad_signature`: refuse (403). Nothing in the token is trusted. */
  | { ok: false; reason: 'malformed' | 'bad_signature' }
  /** Genuine but too old (410); the payload is trusted, so the page can say which case it was for. */
  | { ok: false; reason: 'expired'; payload: TokenPayload };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a token against the current key, and against earlier keys while they are listed: links live
 * for 30 days, so a key rotated today must keep last week's links working until they expire.
 */
export function verifyToken(token: string, key: LinkKey | readonly LinkKey[], now: Date): VerifyResult {
  const secrets = (Array.isArray(key) ? key : [key]).map(keyBytes);
  if (secrets.length === 0) throw new LinkKeyError();
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !BASE64URL.test(parts[1]) || !BASE64URL.test(parts[2])) {
    return { ok: false, reason: 'malformed' };
  }
  const given = Buffer.from(parts[2], 'base64url');
  // Every key is tried (no early exit), and timingSafeEqual needs equal lengths; a wrong length says nothing about a key.
  let genuine = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) genuine = true;
  }
  if (!genuine) return { ok: false, reason: 'bad_signature' };
  let payload: TokenPayload;
  try {
    payload = TokenPayload.parse(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
  } catch {
    // Signed by us but unreadable: only a change of format could do this; treat it as malformed.
    return { ok: false, reason: 'malformed' };
  }
  if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired', payload };
  return { ok: true, payload };
}

/** A fresh token for one action on one case, valid for `days` (30 by default). */
export function mintToken(
  ref: { caseId: string; academyId: string },
  action: LinkAction,
  key: LinkKey,
  now: Date,
  days = DEFAULT_LINK_DAYS,
): string {
  const exp = Math.floor(now.getTime() / 1000) + Math.round(days * 86_400);
  return signToken({ caseId: ref.caseId, academyId: ref.academyId, action, exp, nonce: newNonce() }, key);
}
