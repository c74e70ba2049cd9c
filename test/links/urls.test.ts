import { describe, expect, it } from 'vitest';
import { verifyToken } from '../../shared/links/token.js';
import { caseLinks, evidenceLinkUrl } from '../../shared/links/urls.js';

const KEY = 'k'.repeat(48);
const NOW = new Date('2026-11-24T07:30:00Z');

describe('evidence and triage link addresses', () => {
  it('puts the token in the t parameter of the endpoint address', () => {
    expect(evidenceLinkUrl('https://links.example.org.uk/l', 'v1.abc.def')).toBe('https://links.example.org.uk/l?t=v1.abc.def');
  });

  it('makes four distinct links per case, each verifying to its own action', () => {
    const links = caseLinks('https://links.example.org.uk/l', { caseId: 'c-1', academyId: 'northbrook' }, KEY, NOW);
    const actions = (['view', 'acknowledge', 'report', 'resolve'] as const).map((a) => {
      const token = new URL(links[a]).searchParams.get('t')!;
      const result = verifyToken(token, KEY, NOW);
      return result.ok ? result.payload.action : result.reason;
    });
    expect(actions).toEqual(['view', 'acknowledge', 'report', 'resolve']);
    expect(links.expiresAt).toBe('2026-12-24T07:30:00.000Z');
  });

  it.each([
    ['plain http on a public host', 'http://links.example.org.uk/l', /must start with https/],
    ['a javascript: address', 'javascript:alert(1)', /must start with https/],
    ['not an address at all', 'links.example.org.uk', /not a web address/],
    ['an address with a query already', 'https://links.example.org.uk/l?x=1', /must not contain/],
  ])('refuses %s as the endpoint address', (_what, base, message) => {
    expect(() => evidenceLinkUrl(base, 'v1.a.b')).toThrow(message);
  });

  it('allows plain http only on this computer, for a local run', () => {
    expect(evidenceLinkUrl('http://127.0.0.1:8788/l', 't')).toBe('http://127.0.0.1:8788/l?t=t');
  });
});
