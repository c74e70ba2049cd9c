import { describe, expect, it } from 'vitest';
import { renderCard } from '../../shared/capture/card.js';

const base = {
  caseId: 'c-0123456789abcdef',
  platform: 'x',
  url: 'https://x.com/someone/status/1',
  text: 'plain text',
  author: '@someone',
  publishedAt: '2026-11-24T08:00:00Z',
  reason: 'the site sent the browser to a login page',
  capturedAt: '2026-11-24T09:00:00.000Z',
};

describe('renderCard', () => {
  it.each([
    ['text', { text: '<script>alert(1)</script>' }],
    ['author', { author: '"><img src=x onerror=alert(1)>' }],
    ['url', { url: 'https://x.com/"><script>alert(1)</script>' }],
    ['platform', { platform: '<b>x</b>' }],
    ['publishedAt', { publishedAt: '</td><script>1</script>' }],
    ['reason', { reason: '<iframe src=//evil>' }],
  ])('escapes hostile markup in the %s field', (_field, override) => {
    const html = renderCard({ ...base, ...override });
    expect(html).not.toMatch(/<script>|<img src=x|<iframe|<b>x<\/b>/);
    expect(html).toContain('&lt;');
  });

  it('forbids scripts and network fetches with a content security policy', () => {
    expect(renderCard(base)).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('shows each field the reader needs', () => {
    const html = renderCard(base);
    for (const value of [base.platform, base.author, base.publishedAt, base.url, base.caseId, base.text]) expect(html).toContain(value);
  });

  it('leaves out a field the platform did not give', () => {
    expect(renderCard({ ...base, author: undefined })).not.toContain('<th>Author</th>');
  });

  it('cuts a very long post and says where the rest is', () => {
    const html = renderCard({ ...base, text: 'a'.repeat(25_000) });
    expect(html).toContain('5000 more characters in raw.json');
    expect(html).not.toContain('a'.repeat(20_001));
  });
});
