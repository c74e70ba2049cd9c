import { describe, expect, it } from 'vitest';
import { renderAlert, renderAlertEmail } from '../../shared/digest/alert.js';
import type { Entity } from '../../shared/config/schema.js';
import { verifyToken } from '../../shared/links/token.js';
import { fakeLinks, makeCase, NOW } from './cases.js';

const entity = {
  id: 'northbrook', name: 'Northbrook Academy', aliases: ['Northbrook'], contextAliases: ['NBA'], handles: ['@NorthbrookAcad'], hashtags: [],
  exclude: [], places: ['Cambridgeshire'], monitor: 'monitor@northbrook.example.sch.uk', dsl: 'tom.reeve@northbrook.example.sch.uk',
  head: 'head@northbrook.example.sch.uk', alertHead: true, sources: [],
} satisfies Entity;

describe('the instant alert email', () => {
  it('names the severity, category and academy in the subject, and no post text', () => {
    const { subject } = renderAlert(makeCase(), fakeLinks(makeCase()), { academyName: 'Northbrook Academy', now: NOW });
    expect(subject).toBe('Safeguarding alert (high): Self-harm or suicide, Northbrook Academy');
  });

  it('tells the DSL to call 999 when a child may be at immediate risk', () => {
    const c = makeCase({ safeguarding: { severity: 4, categories: ['self_harm'] }, severity: 4, text: 'tonight it ends, northbrook was the worst' });
    const { subject, text, html } = renderAlert(c, fakeLinks(c), { academyName: 'Northbrook Academy', now: NOW });
    expect(subject).toContain('(critical)');
    expect(text).toContain('A child may be at immediate risk. If a child is in danger now, call 999.');
    expect(html).toContain('If a child is in danger now, call 999.');
  });

  it('escapes the post, highlights the match and carries the four links', () => {
    const c = makeCase({ text: 'kms <script>x</script>' });
    const links = fakeLinks(c);
    const { html, text } = renderAlert(c, links, { academyName: 'Northbrook Academy', now: NOW });
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/<mark class="hit"[^>]*>kms<\/mark> &lt;script&gt;/);
    for (const url of [links.view, links.acknowledge, links.report, links.resolve]) expect(text).toContain(url);
  });

  it('masks a child\'s details in an exposure alert', () => {
    const c = makeCase({
      text: "her name's Chloe Ward and her number is 07700 900412", safeguarding: { severity: 3, categories: ['exposure'] },
      reasons: [{ category: 'exposure', rule: 'phone', match: '07700 900412' }],
    });
    const { html, text } = renderAlert(c, fakeLinks(c), { academyName: 'Northbrook Academy', now: NOW });
    for (const part of [html, text]) {
      expect(part).not.toContain('Chloe');
      expect(part).not.toContain('900412');
    }
    expect(text).toContain("\"her name's C**** W*** and her number is *07*** ***412*\"");
  });

  it('signs links the evidence endpoint accepts, valid for 30 days', async () => {
    const c = makeCase();
    const key = 'k'.repeat(48);
    const { text } = await renderAlertEmail(c, entity, { baseUrl: 'https://links.example.org.uk/l', key }, NOW);
    const tokens = [...text.matchAll(/https:\/\/links\.example\.org\.uk\/l\?t=(\S+)/g)].map((m) => m[1]);
    expect(tokens).toHaveLength(4);
    const actions = tokens.map((t) => {
      const r = verifyToken(t, key, new Date(NOW.getTime() + 29 * 86_400_000));
      return r.ok ? r.payload.action : r.reason;
    });
    expect(actions).toEqual(['view', 'acknowledge', 'report', 'resolve']);
    expect(verifyToken(tokens[0], key, new Date(NOW.getTime() + 31 * 86_400_000))).toMatchObject({ ok: false, reason: 'expired' });
  });
});
