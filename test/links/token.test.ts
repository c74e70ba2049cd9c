import { describe, expect, it } from 'vitest';
import { LinkKeyError, mintToken, signToken, verifyToken, type TokenPayload } from '../../shared/links/token.js';

const KEY = 'k'.repeat(48);
const NOW = new Date('2026-11-24T07:30:00Z');
const nowSeconds = NOW.getTime() / 1000;
const payload: TokenPayload = { caseId: 'c-0123456789abcdef', academyId: 'northbrook', action: 'acknowledge', exp: nowSeconds + 3600, nonce: 'AAAAAAAAAAAAAAAA' };

/** Re-encodes a token's payload part without re-signing: what an attacker can do without the key. */
const withPayload = (token: string, change: (p: Record<string, unknown>) => void): string => {
  const [v, body, sig] = token.split('.');
  const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  change(decoded);
  return [v, Buffer.from(JSON.stringify(decoded)).toString('base64url'), sig].join('.');
};

describe('link tokens', () => {
  it('round-trips a payload signed with the same key', () => {
    expect(verifyToken(signToken(payload, KEY), KEY, NOW)).toEqual({ ok: true, payload });
  });

  it('gives every minted link its own nonce, so two links for the same action differ', () => {
    const a = mintToken({ caseId: 'c-1', academyId: 'northbrook' }, 'resolve', KEY, NOW);
    const b = mintToken({ caseId: 'c-1', academyId: 'northbrook' }, 'resolve', KEY, NOW);
    expect(a).not.toBe(b);
    expect(verifyToken(a, KEY, NOW)).toMatchObject({ ok: true, payload: { caseId: 'c-1', action: 'resolve', exp: nowSeconds + 30 * 86_400 } });
  });

  it.each<[string, (t: string) => string]>([
    ['the action is changed from acknowledge to resolve', (t) => withPayload(t, (p) => (p.action = 'resolve'))],
    ['the case id is changed', (t) => withPayload(t, (p) => (p.caseId = 'c-ffffffffffffffff'))],
    ['the expiry is pushed into the future', (t) => withPayload(t, (p) => (p.exp = (p.exp as number) + 86_400 * 365))],
    ['one character of the signature is changed', (t) => t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.at(-1)],
    ['the signature is cut short', (t) => t.slice(0, -5)],
    ['it was signed with another key', () => signToken(payload, 'x'.repeat(48))],
  ])('refuses a token when %s', (_what, tamper) => {
    expect(verifyToken(tamper(signToken(payload, KEY)), KEY, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['an empty string', ''],
    ['a random word', 'hello'],
    ['another version prefix', signToken(payload, KEY).replace(/^v1\./, 'v2.')],
    ['characters outside base64url', 'v1.abc$.def'],
    ['four parts', `${signToken(payload, KEY)}.extra`],
    ['a token whose signature was dropped', signToken(payload, KEY).split('.').slice(0, 2).join('.') + '.'],
    ['a token longer than any real one', `v1.${'A'.repeat(2000)}.AAAA`],
  ])('calls %s malformed', (_what, token) => {
    expect(verifyToken(token, KEY, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['a second after expiry', 1, false],
    ['exactly at expiry', 0, false],
    ['a second before expiry', -1, true],
  ])('is %s: valid %s', (_when, offsetSeconds, valid) => {
    const at = new Date((payload.exp + offsetSeconds) * 1000);
    const result = verifyToken(signToken(payload, KEY), KEY, at);
    expect(result.ok).toBe(valid);
    if (!valid) expect(result).toEqual({ ok: false, reason: 'expired', payload });
  });

  it('checks the signature before the expiry, so a forged old token is called forged, not expired', () => {
    const forged = withPayload(signToken(payload, KEY), (p) => (p.exp = 1));
    expect(verifyToken(forged, KEY, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['a payload with an unknown action', { ...payload, action: 'delete' }],
    ['a payload with an extra field', { ...payload, admin: true }],
    ['a payload with a short nonce', { ...payload, nonce: 'abc' }],
  ])('will not sign %s', (_what, bad) => {
    expect(() => signToken(bad as TokenPayload, KEY)).toThrow();
  });

  it('accepts links signed with an earlier key while it is still listed, so rotating the key breaks no link', () => {
    const old = 'o'.repeat(48);
    const token = signToken(payload, old);
    expect(verifyToken(token, [KEY, old], NOW)).toEqual({ ok: true, payload });
    expect(verifyToken(token, [KEY], NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signing key shorter than 32 bytes, saying how to make one', () => {
    expect(() => signToken(payload, 'short')).toThrow(LinkKeyError);
    expect(() => verifyToken('v1.a.b', 'short', NOW)).toThrow(/openssl rand -base64 48/);
  });
});
