/**
 * Text normalisation against evasion. Posts arrive hostile: leetspeak ("su1c1de"), spacing
 * ("k i l l"), stretched letters ("diiie"), look-alike letters from other scripts, accents and
 * zalgo marks, zero-width characters and emoji used as words (🔪 💊 🍆). Everything downstream
 * works on the token stream built here, so a lexicon phrase is written once in plain English.
 */

import { CONTROL_CHARS } from '../control-chars.js';
import { isKnownWord } from './model/features.js';

/** Only the head of a post is analysed: long enough for a news article, short enough to bound time. */
export const MAX_ANALYSED_CHARS = 5000;

export interface Token {
  /** Canonical form: lower-case, de-leeted, look-alikes folded, stretched letters squeezed. */
  key: string;
  /** The first three letters of `key` (or ''), the index of word-prefix phrases such as "suicid*". */
  head: string;
  /** Offsets into `AnalysedText.text`, for quoting the matched words back in a reason. */
  start: number;
  end: number;
  emoji: boolean;
  /** Began with a capital letter as written (names, places). */
  capitalised: boolean;
  /**
   * The word may be a lexicon word with a double letter written once, so it may match one by its
   * squeezed form: it was stretched and squeezed ("kiiiill" -> "kil"), or it is no English word and
   * so likely a slip ("kil", "bulied"). A word such as "nose" or "wed" is neither: it is not "noose" or "weed".
   */
  loose: boolean;
  /** Part of a link ("https://t.co/Ab12", "bit.ly/x"): the rules still read it, the classifier does not (rules/model.ts). */
  link?: true;
}

export interface AnalysedText {
  /** The analysed head of the input, control characters removed, NFKC-normalised; reasons quote it. */
  text: string;
  tokens: Token[];
}

// Cyrillic and Greek letters that render like Latin ones, the usual homoglyph evasion.
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ı: 'i', ʟ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
};
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };

// Invisible characters used to split words without a visible gap.
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g;
const COMBINING = /\p{M}+/gu;
const SKIN_TONE = /[\u{1f3fb}-\u{1f3ff}]/gu;
// Every expression with a \p{...} class is a constant here, not a literal inside a function: the Lambda
// bundler compiles such a literal into a new RegExp on each call, which cost both cold start and speed.
const REPEATED_LETTER = /(\p{L})\1+/gu;
const STRETCHED = /(\p{L})\1\1/u;
const NOT_LETTER = /[^\p{L}]/gu;
const LETTER = /\p{L}/u;
const CAPITAL_FIRST = /^\p{Lu}/u;
const EMOJI = /^(\p{Extended_Pictographic}|\p{Regional_Indicator}{2})$/u;
const COMPOUND_PART = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu;
const CAMEL_CASE = /\p{Ll}\p{Lu}/u;

/**
 * One token per word, emoji or handle part. Words may carry leet symbols inside them
 * (k1ll, $uicide, b1tch), apostrophes are dropped (don't -> dont). Sticky: `analyse` tries it only
 * where ASCII alone cannot tell where a word ends.
 */
const TOKEN = /\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[\p{L}\p{M}\p{N}@$!|'’]+/uy;

/** Tokens that look like leet but are ordinary: years, times, ages, class names, year groups. */
const NOT_LEET = /^(\d+(st|nd|rd|th|am|pm|yo|yr|yrs|s|k|m|x|v|p|pc|mph|kg|km|cm|mm|gb|mb|ml|hr|hrs|min|mins|ish)?|(y|yr|ks|a|b|m|p)\d{1,2}s?|\d{1,2}[a-z]{1,2}|\d+[a-z]\d+)$/;

/** Every run of a repeated letter as one letter: the form of a stretched word ("kiiiill" -> "kil"). */
export const squeezeAll = (s: string): string => s.replace(REPEATED_LETTER, '$1');
/**
 * Squeezes only stretched words (a letter three or more times in a row). Ordinary double letters
 * stay, so "feel" is not "fell" and "off" is not "of"; the phrase trie also reaches each word with
 * double letters by its squeezed form, so a stretched word still finds "kill".
 */
const squeeze = (s: string): string => (STRETCHED.test(s) ? squeezeAll(s) : s);

function foldLetters(word: string): string {
  let out = '';
  for (const ch of word) out += HOMOGLYPHS[ch] ?? ch;
  return out;
}

function deLeet(word: string): string {
  if (!/[0-9@$!|]/.test(word) || NOT_LEET.test(word)) return word;
  const letters = word.replace(NOT_LETTER, '').length;
  if (letters < 2) return word;
  let out = '';
  for (const ch of word) out += LEET[ch] ?? ch;
  return out;
}

const ASCII_WORD = /^[a-z]+$/;
const NON_ASCII = /[^\x00-\x7f]/;
// Words repeat across posts, so keys are cached; the bound keeps a long-lived Lambda's memory flat.
const KEY_CACHE = new Map<string, string>();
const KEY_CACHE_MAX = 50_000;

/** A lower-case word de-leeted and folded, before stretched letters are squeezed. */
function unsqueezed(lower: string): string {
  if (ASCII_WORD.test(lower)) return lower;
  const folded = NON_ASCII.test(lower) ? foldLetters(lower.normalize('NFD').replace(COMBINING, '')) : lower;
  return deLeet(folded.replace(/['’]/g, '')).replace(/[@$!|]/g, '');
}

/** The canonical key of one word as the lexicon sees it. */
export function wordKey(raw: string): string {
  const cached = KEY_CACHE.get(raw);
  if (cached !== undefined) return cached;
  const key = squeeze(unsqueezed(raw.toLowerCase()));
  if (KEY_CACHE.size >= KEY_CACHE_MAX) KEY_CACHE.clear();
  KEY_CACHE.set(raw, key);
  return key;
}

const isEmoji = (s: string): boolean => s.charCodeAt(0) > 0x2000 && EMOJI.test(s);
const isCapital = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c > 127 && CAPITAL_FIRST.test(s));
};
const isSingleLetter = (t: Token): boolean => !t.emoji && t.key.length === 1 && LETTER.test(t.key);

/** Cleans the text without changing what it says: safe to quote back to a person. */
export function cleanText(input: string): string {
  const head = input.length > MAX_ANALYSED_CHARS * 2 ? input.slice(0, MAX_ANALYSED_CHARS * 2) : input;
  // Invisible characters and skin tones are all outside ASCII: plain text needs only the control pass.
  if (!NON_ASCII.test(head)) return head.replace(CONTROL_CHARS, ' ').slice(0, MAX_ANALYSED_CHARS);
  return head.normalize('NFKC').replace(INVISIBLE, '').replace(SKIN_TONE, '').replace(CONTROL_CHARS, ' ').slice(0, MAX_ANALYSED_CHARS);
}

/** Splits camelCase hashtags and handles (#ProudToBeNorthbrook -> proud to be northbrook). */
function splitCompound(word: string, start: number, out: Token[]): void {
  const parts = word.match(COMPOUND_PART);
  if (!parts || parts.length < 2) {
    out.push(makeToken(word, start, start + word.length));
    return;
  }
  let offset = 0;
  for (const part of parts) {
    const at = word.indexOf(part, offset);
    out.push(makeToken(part, start + at, start + at + part.length));
    offset = at + part.length;
  }
}

const HEADS = new Map<string, string>();
const headOf = (key: string): string => {
  if (key.length < 3) return '';
  let head = HEADS.get(key);
  if (head === undefined) {
    if (HEADS.size >= KEY_CACHE_MAX) HEADS.clear();
    HEADS.set(key, (head = key.slice(0, 3)));
  }
  return head;
};

// Everything about a token but its place depends on the word as written alone, so it is cached per
// word: one lookup per token instead of one per property.
type WordInfo = Pick<Token, 'key' | 'head' | 'emoji' | 'capitalised' | 'loose'>;
const WORDS = new Map<string, WordInfo>();

function makeToken(raw: string, start: number, end: number): Token {
  let w = WORDS.get(raw);
  if (w === undefined) {
    const emoji = isEmoji(raw);
    const key = emoji ? raw : wordKey(raw);
    w = { key, head: emoji ? '' : headOf(key), emoji, capitalised: !emoji && isCapital(raw), loose: !emoji && (STRETCHED.test(unsqueezed(raw.toLowerCase())) || isSlip(key)) };
    if (WORDS.size >= KEY_CACHE_MAX) WORDS.clear();
    WORDS.set(raw, w);
  }
  return { key: w.key, head: w.head, start, end, emoji: w.emoji, capitalised: w.capitalised, loose: w.loose };
}

/** A word of three letters or more that English does not know: maybe a misspelling of one it does. */
const isSlip = (key: string): boolean => key.length >= 3 && ASCII_WORD.test(key) && !isKnownWord(key);

/**
 * Joins runs of three or more single letters into one word ("k i l l", "s.u.i.c.i.d.e"), the
 * spacing evasion. "a" and "i" alone are ordinary words, so a run must hold another letter.
 */
function joinSpelledOut(tokens: Token[]): Token[] {
  // Compacts in place (a joined word only ever replaces the letters before it): no second array per post.
  let kept = 0;
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && isSingleLetter(tokens[j])) j++;
    if (j - i >= 3 && tokens.slice(i, j).some((t) => t.key !== 'a' && t.key !== 'i')) {
      const joined = tokens.slice(i, j).map((t) => t.key).join('');
      const key = squeezeAll(joined);
      // Squeezed like a stretched word, so "k i l l" may stand for "kill"; "n o s e" is still "nose".
      tokens[kept++] = { key, head: headOf(key), start: tokens[i].start, end: tokens[j - 1].end, emoji: false, capitalised: false, loose: key !== joined || isSlip(key) };
      i = j;
    } else {
      tokens[kept++] = tokens[i];
      i++;
    }
  }
  tokens.length = kept;
  return tokens;
}

const HASH = 35;
const AT = 64;
const DOLLAR = 36;
const BANG = 33;
const BAR = 124;
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
const isLeading = (c: number): boolean => c === AT || c === APOSTROPHE || c === RIGHT_QUOTE;
const isTrailing = (c: number): boolean => c === BANG || c === BAR || c === APOSTROPHE || c === RIGHT_QUOTE;
/** The characters of TOKEN within ASCII, where most words lie, tested without a regular expression. */
const isAsciiWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === AT || c === DOLLAR || c === BANG || c === BAR || c === APOSTROPHE;

/** Adds the word found at text[from, to) as one token or, for a camel-case hashtag or handle, several. */
function addWord(text: string, from: number, to: number, tokens: Token[]): void {
  // A leading @ marks a handle and trailing ! is punctuation, not a leet letter ("@handle", "help!").
  let start = from;
  while (start < to && isLeading(text.charCodeAt(start))) start++;
  let end = to;
  while (end > start && isTrailing(text.charCodeAt(end - 1))) end--;
  if (start === end) return;
  const raw = text.slice(start, end);
  const prev = start > 0 ? text.charCodeAt(start - 1) : -1;
  if ((prev === HASH || prev === AT || start > from) && CAMEL_CASE.test(raw)) {
    splitCompound(raw, start, tokens);
  } else {
    const t = makeToken(raw, start, end);
    if (t.key) tokens.push(t);
  }
}

export function analyse(input: string): AnalysedText {
  const text = cleanText(input);
  const tokens: Token[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (!isAsciiWordChar(c)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && isAsciiWordChar(text.charCodeAt(j))) j++;
      if (j === n || text.charCodeAt(j) < 128) {
        addWord(text, i, j, tokens);
        i = j;
        continue;
      }
    }
    // Past ASCII (or where an ASCII word runs on into it) the Unicode classes of TOKEN decide.
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (m) {
      addWord(text, i, i + m[0].length, tokens);
      i += m[0].length;
    } else {
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
  }
  const joined = joinSpelledOut(tokens);
  markLinks(text, joined);
  return { text, tokens: joined };
}

/** A link: a scheme or "www.", or a dotted host with a path ("t.co/x", "bit.ly/x"), up to the next space. */
const LINK = /(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\/\S*/giu;
const WWW = /www\./i;

function markLinks(text: string, tokens: Token[]): void {
  // Most posts have no link; only those with a slash or "www" pay for the expression.
  if (!text.includes('/') && !WWW.test(text)) return;
  LINK.lastIndex = 0;
  let t = 0;
  for (let m = LINK.exec(text); m; m = LINK.exec(text)) {
    const end = m.index + m[0].length;
    while (t < tokens.length && tokens[t].end <= m.index) t++;
    for (; t < tokens.length && tokens[t].start < end; t++) tokens[t].link = true;
  }
}

/**
 * The words of a post as a reader counts them: a hashtag or handle split at its capitals
 * ("#ProudToBeNorthbrook") is one, and links, emoji and bare numbers ("3:45") are none.
 */
export function wordCount(a: AnalysedText): number {
  let words = 0;
  for (let k = 0; k < a.tokens.length; k++) {
    const t = a.tokens[k];
    if (t.emoji || t.link || (k > 0 && a.tokens[k - 1].end === t.start)) continue;
    for (let i = t.start; i < t.end; i++) {
      const c = a.text.charCodeAt(i) | 0x20;
      if ((c >= 0x61 && c <= 0x7a) || c >= 0x80) {
        words++;
        break;
      }
    }
  }
  return words;
}
