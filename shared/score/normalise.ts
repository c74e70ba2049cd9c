/**
 * Text normalisation against evasion. Posts arrive hostile: leetspeak ("su1c1de"), spacing
 * ("k i l l"), stretched letters ("diiie"), look-alike letters from other scripts, accents and
 * zalgo marks, zero-width characters and emoji used as words (🔪 💊 🍆). Everything downstream
 * works on the token stream built here, so a lexicon phrase is written once in plain English.
 */

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
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const COMBINING = /\p{M}+/gu;
const SKIN_TONE = /[\u{1f3fb}-\u{1f3ff}]/gu;

/**
 * One token per word, emoji or handle part. Words may carry leet symbols inside them
 * (k1ll, $uicide, b1tch), apostrophes are dropped (don't -> dont).
 */
const TOKEN = /\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[\p{L}\p{M}\p{N}@$!|'’]+/gu;

const LEADING = new Set(['@', "'", '’']);
const TRAILING = new Set(['!', '|', "'", '’']);
const ASCII_TOKEN = /[A-Za-z0-9@$!|']+/g;

/** Tokens that look like leet but are ordinary: years, times, ages, class names, year groups. */
const NOT_LEET = /^(\d+(st|nd|rd|th|am|pm|yo|yr|yrs|s|k|m|x|v|p|pc|mph|kg|km|cm|mm|gb|mb|ml|hr|hrs|min|mins|ish)?|(y|yr|ks|a|b|m|p)\d{1,2}s?|\d{1,2}[a-z]{1,2}|\d+[a-z]\d+)$/;

/** Every run of a repeated letter as one letter: the form of a stretched word ("kiiiill" -> "kil"). */
export const squeezeAll = (s: string): string => s.replace(/(\p{L})\1+/gu, '$1');
/**
 * Squeezes only stretched words (a letter three or more times in a row). Ordinary double letters
 * stay, so "feel" is not "fell" and "off" is not "of"; the phrase trie also reaches each word with
 * double letters by its squeezed form, so a stretched word still finds "kill".
 */
const squeeze = (s: string): string => (/(\p{L})\1\1/u.test(s) ? squeezeAll(s) : s);

function foldLetters(word: string): string {
  let out = '';
  for (const ch of word) out += HOMOGLYPHS[ch] ?? ch;
  return out;
}

function deLeet(word: string): string {
  if (!/[0-9@$!|]/.test(word) || NOT_LEET.test(word)) return word;
  const letters = word.replace(/[^\p{L}]/gu, '').length;
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

/** The canonical key of one word as the lexicon sees it. */
export function wordKey(raw: string): string {
  const cached = KEY_CACHE.get(raw);
  if (cached !== undefined) return cached;
  let key: string;
  const lower = raw.toLowerCase();
  if (ASCII_WORD.test(lower)) key = squeeze(lower);
  else {
    const folded = NON_ASCII.test(lower) ? foldLetters(lower.normalize('NFD').replace(COMBINING, '')) : lower;
    key = squeeze(deLeet(folded.replace(/['’]/g, '')).replace(/[@$!|]/g, ''));
  }
  if (KEY_CACHE.size >= KEY_CACHE_MAX) KEY_CACHE.clear();
  KEY_CACHE.set(raw, key);
  return key;
}

const isEmoji = (s: string): boolean => s.charCodeAt(0) > 0x2000 && /^(\p{Extended_Pictographic}|\p{Regional_Indicator}{2})$/u.test(s);
const isCapital = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c > 127 && /^\p{Lu}/u.test(s));
};
const isSingleLetter = (t: Token): boolean => !t.emoji && t.key.length === 1 && /\p{L}/u.test(t.key);

/** Cleans the text without changing what it says: safe to quote back to a person. */
export function cleanText(input: string): string {
  const head = input.length > MAX_ANALYSED_CHARS * 2 ? input.slice(0, MAX_ANALYSED_CHARS * 2) : input;
  return (NON_ASCII.test(head) ? head.normalize('NFKC') : head)
    .replace(INVISIBLE, '')
    .replace(SKIN_TONE, '')
    .replace(CONTROL, ' ')
    .slice(0, MAX_ANALYSED_CHARS);
}

/** Splits camelCase hashtags and handles (#ProudToBeNorthbrook -> proud to be northbrook). */
function splitCompound(word: string, start: number, out: Token[]): void {
  const parts = word.match(/\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{N}+/gu);
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

function makeToken(raw: string, start: number, end: number): Token {
  const emoji = isEmoji(raw);
  const key = emoji ? raw : wordKey(raw);
  return { key, head: emoji ? '' : headOf(key), start, end, emoji, capitalised: !emoji && isCapital(raw) };
}

/**
 * Joins runs of three or more single letters into one word ("k i l l", "s.u.i.c.i.d.e"), the
 * spacing evasion. "a" and "i" alone are ordinary words, so a run must hold another letter.
 */
function joinSpelledOut(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && isSingleLetter(tokens[j])) j++;
    if (j - i >= 3 && tokens.slice(i, j).some((t) => t.key !== 'a' && t.key !== 'i')) {
      const key = squeezeAll(tokens.slice(i, j).map((t) => t.key).join(''));
      out.push({ key, head: headOf(key), start: tokens[i].start, end: tokens[j - 1].end, emoji: false, capitalised: false });
      i = j;
    } else {
      out.push(tokens[i]);
      i++;
    }
  }
  return out;
}

export function analyse(input: string): AnalysedText {
  const text = cleanText(input);
  const tokens: Token[] = [];
  for (const m of text.matchAll(NON_ASCII.test(text) ? TOKEN : ASCII_TOKEN)) {
    let raw = m[0];
    let start = m.index;
    // A leading @ marks a handle and trailing ! is punctuation, not a leet letter ("@handle", "help!").
    let lead = 0;
    while (lead < raw.length && LEADING.has(raw[lead])) lead++;
    let trail = 0;
    while (trail < raw.length - lead && TRAILING.has(raw[raw.length - 1 - trail])) trail++;
    if (lead || trail) {
      raw = raw.slice(lead, raw.length - trail);
      start += lead;
    }
    if (!raw) continue;
    const prev = start > 0 ? text[start - 1] : '';
    if ((prev === '#' || prev === '@' || lead > 0) && /\p{Ll}\p{Lu}/u.test(raw)) {
      splitCompound(raw, start, tokens);
    } else {
      const t = makeToken(raw, start, start + raw.length);
      if (t.key) tokens.push(t);
    }
  }
  return { text, tokens: joinSpelledOut(tokens) };
}
