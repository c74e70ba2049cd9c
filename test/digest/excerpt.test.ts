import { describe, expect, it } from 'vitest';
import { buildExcerpt, cleanText, clip, findMatches } from '../../shared/digest/excerpt.js';

describe('cleaning post text', () => {
  it.each([
    ['a right-to-left override that reverses text on screen', 'pay \u202Egnp.exe\u202C now', 'pay gnp.exe now', 2],
    ['isolates and direction marks', '\u2067abc\u2069 \u200Fdef\u200E', 'abc def', 4],
    ['zero-width spaces hiding a word from filters', 'k\u200Bi\u200Cl\u2060l', 'kill', 3],
    ['a byte-order mark and soft hyphen', '\uFEFFsu\u00ADicide', 'suicide', 2],
    ['a stray zero-width joiner between letters', 'sel\u200Df harm', 'self harm', 1],
    ['invisible tag characters smuggling text', `hi${String.fromCodePoint(0xe0069, 0xe0067, 0xe006e)}`, 'hi', 3],
  ])('removes %s', (_what, raw, clean, removed) => {
    expect(cleanText(raw)).toEqual({ text: clean, hiddenRemoved: removed });
  });

  it.each([
    ['a family emoji joined with zero-width joiners', '👩\u200D👩\u200D👧'],
    ["England's flag, built from tag characters", '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'],
    ['Arabic text with its own direction', 'مرحبا بالمدرسة'],
  ])('keeps %s intact', (_what, text) => {
    expect(cleanText(text)).toEqual({ text, hiddenRemoved: 0 });
  });

  it('turns control characters and line breaks into single spaces', () => {
    expect(cleanText('one\r\n\r\ntwo\u0007three\tfour').text).toBe('one two three four');
  });
});

describe('finding and marking matches', () => {
  it('finds every occurrence case-insensitively and merges overlaps', () => {
    expect(findMatches('KMS then kms; nobody would notice', ['kms', 'nobody would', 'would notice'])).toEqual([
      { start: 0, end: 3 }, { start: 9, end: 12 }, { start: 14, end: 33 },
    ]);
  });

  it('treats a match as literal text, not a pattern', () => {
    expect(findMatches('a.b and axb', ['a.b'])).toEqual([{ start: 0, end: 3 }]);
  });

  it('keeps a short post whole with its matches as separate segments', () => {
    const text = 'honestly might just kms lol';
    expect(buildExcerpt(text, findMatches(text, ['kms'])).segments).toEqual([
      { text: 'honestly might just ', hit: false }, { text: 'kms', hit: true }, { text: ' lol', hit: false },
    ]);
  });

  it('cuts a long post to about 280 characters around the first match', () => {
    const text = `${'word '.repeat(200)}the knife is in my bag ${'more '.repeat(200)}`.trim();
    const excerpt = buildExcerpt(text, findMatches(text, ['knife']));
    const shown = excerpt.segments.map((s) => s.text).join('');
    expect(excerpt.truncated).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(280 + 4);
    expect(shown.startsWith('… ')).toBe(true);
    expect(shown.endsWith(' …')).toBe(true);
    expect(excerpt.segments.filter((s) => s.hit)).toEqual([{ text: 'knife', hit: true }]);
    expect(excerpt.plain).toContain('*knife*');
  });

  it('never splits an emoji in half at the edge of the excerpt', () => {
    const text = '😀'.repeat(300);
    const shown = buildExcerpt(text, []).segments.map((s) => s.text).join('');
    expect(shown.replace(/ …$/, '')).toMatch(/^(?:😀)+$/u);
  });

  it('shortens one-line values with an ellipsis and cleans them first', () => {
    expect(clip('@some\u202Eone_with_a_very_long_name', 12)).toBe('@someone_wi…');
  });
});
