import { describe, expect, it } from 'vitest';
import { analyse, MAX_ANALYSED_CHARS, wordKey } from '../../shared/score/normalise.js';

const keys = (text: string): string[] => analyse(text).tokens.map((t) => t.key);

describe('text normalisation against evasion', () => {
  it.each([
    ['leetspeak digits', 'su1c1de', 'suicide'],
    ['leetspeak symbols', '$uicide', 'suicide'],
    ['an exclamation mark for an i', 'k!ll', 'kill'],
    ['stretched letters', 'kiiiiill', 'kil'],
    ['Cyrillic look-alike letters', 'ѕuісіdе', 'suicide'],
    ['full-width letters', 'ｋｍｓ', 'kms'],
    ['accents and zalgo marks', 'ṳ̈n̶a̷l̴i̵v̸e̵', 'unalive'],
    ['an apostrophe inside a word', "don't", 'dont'],
  ])('reads %s as the plain word', (_name, written, key) => {
    expect(keys(written)).toEqual([key]);
  });

  it.each([
    ['year groups', 'y10', 'y10'],
    ['times', '3pm', '3pm'],
    ['class names', '5B', '5b'],
    ['ages', '13yo', '13yo'],
  ])('leaves %s alone rather than de-leeting them', (_name, written, key) => {
    expect(wordKey(written)).toBe(key);
  });

  it.each([
    ['spaces', 'k i l l m y s e l f', 'kilmyself'],
    ['dots', 's.u.i.c.i.d.e', 'suicide'],
    ['dashes', 'k-m-s', 'kms'],
  ])('joins a word spelled out with %s', (_name, written, key) => {
    expect(keys(written)).toEqual([key]);
  });

  it('leaves two single letters apart, so "s/h" stays the abbreviation the lexicon knows', () => {
    expect(keys('s/h again')).toEqual(['s', 'h', 'again']);
  });

  it('does not join a run made only of the words "a" and "i"', () => {
    expect(keys('i a i')).toEqual(['i', 'a', 'i']);
  });

  it('removes zero-width characters used to split a word', () => {
    expect(keys('su\u200bici\u200dde')).toEqual(['suicide']);
  });

  it('keeps emoji as words of their own, without skin tones', () => {
    expect(keys('bringing it 🔪🔪 👍🏽')).toEqual(['bringing', 'it', '🔪', '🔪', '👍']);
  });

  it('splits camel-case hashtags and handles into words', () => {
    expect(keys('#ProudToBeNorthbrook @NorthbrookAcad')).toEqual(['proud', 'to', 'be', 'northbrook', 'northbrook', 'acad']);
  });

  it('quotes offsets that point back at the words as written', () => {
    const a = analyse('Hello K1LL there');
    const t = a.tokens[1];
    expect(a.text.slice(t.start, t.end)).toBe('K1LL');
  });

  it('caps the analysed text so a 1 MB post costs no more than a long article', () => {
    expect(analyse('word '.repeat(250_000)).text.length).toBe(MAX_ANALYSED_CHARS);
  });

  it.each([
    ['feel', 'fell'],
    ['off', 'of'],
    ['been', 'ben'],
  ])('keeps ordinary double letters, so "%s" is not read as "%s"', (written, other) => {
    expect(wordKey(written)).not.toBe(wordKey(other));
  });

  it('turns control characters into spaces', () => {
    expect(keys('kill\u0000my\u0007self')).toEqual(['kill', 'my', 'self']);
  });
});
