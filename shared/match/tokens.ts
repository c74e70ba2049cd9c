/**
 * Turns post text into folded word tokens, so "St Aidan’s", "st aidans" and "Saint Aidan's" all
 * read the same to the matcher. Phrases from the config go through the same folding, which is what
 * makes the comparison fair.
 *
 * A hand-written scanner rather than one big regex: it runs for every post, and reading character
 * codes once is about three times faster than a Unicode regex with alternatives, with no backtracking
 * on hostile input (every character is looked at a bounded number of times).
 */

/** How a token was written: a plain word, or a word found inside an @handle or #hashtag. */
export type Via = 'word' | 'handle' | 'hashtag';

export interface Tokens {
  /** The text the offsets point into. */
  text: string;
  /** Folded form: accents removed, lower-case, apostrophes dropped, "saint" read as "st". */
  form: string[];
  /** The form without a possessive "'s" ("northbrook's" -> "northbrook"); equal to form otherwise. */
  alt: string[];
  /** Phrases never span two segments: sentence ends, brackets, URLs and each handle or hashtag split them. */
  seg: number[];
  /** Offsets of the written token in `text` (for a word inside a handle: the whole handle). */
  start: number[];
  end: number[];
  /** Offsets of the word itself, for checking how it was written. */
  wordStart: number[];
  wordEnd: number[];
  via: Via[];
  /** For words inside a handle or hashtag: the lower-case whole handle ("@northbrookacad"), else "". */
  tag: string[];
  length: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const APOSTROPHES = /['’ʼ‘`]/g;
const MARKS = /\p{M}+/gu;
const HAS_LOWER = /\p{Ll}/u;
const HAS_LETTER = /\p{L}/u;
// camelCase, digits and separators split a handle body: "ProudToBeNorthbrook", "northbrook_confessions".
const HANDLE_PARTS = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|\p{L}+/gu;
// A full stop after these is an abbreviation ("St. Aidan's", "Mr. Okafor"), not the end of a sentence.
const ABBREVIATIONS = new Set(['st', 'mr', 'mrs', 'ms', 'dr', 'rev', 'prof', 'no', 'nr', 'vs', 'cllr']);
const MAX_EMAIL_LOCAL = 64;
const DOMAIN_END = /\.(com|org|net|uk|io|co|gov|edu|sch|ac|info|me|ly|us|app|dev)$/i;
/** Longer than any platform allows (Instagram 30, TikTok 24, X 15): a longer run is not a username. */
const MAX_USERNAME = 64;

const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019 || c === 0x2bc || c === 0x2018 || c === 96;
// . ! ? ; : ( ) [ ] { } " | newline, and curly quotes, bullet, ellipsis.
const isBreak = (c: number): boolean =>
  c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 40 || c === 41 || c === 91 || c === 93 ||
  c === 123 || c === 125 || c === 34 || c === 124 || c === 10 || c === 13 || c === 0x201c || c === 0x201d ||
  c === 0x2022 || c === 0x2026;

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return WORD_CHAR.test(text[i]) || (c >= 0xd800 && c <= 0xdbff && WORD_CHAR.test(text.slice(i, i + 2)));
}

/** Width of the word character at i (2 for a surrogate pair). */
const width = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? 2 : 1;
};

/** Folds one written word to the form the matcher compares. */
export function foldWord(word: string): string {
  let folded = word;
  for (let i = 0; i < folded.length; i++) {
    if (folded.charCodeAt(i) >= 128) {
      folded = folded.normalize('NFKD').replace(MARKS, '').replace(APOSTROPHES, '');
      break;
    }
  }
  folded = folded.toLowerCase();
  if (folded.includes("'") || folded.includes('`')) folded = folded.replace(APOSTROPHES, '');
  if (folded === 'saint') return 'st';
  return folded;
}

/** True when the written word has letters and none of them lower-case ("NBA", not "nba" or "Nat"). */
export function writtenInCapitals(t: Tokens, i: number): boolean {
  // "NAT's" is NAT in capitals: the possessive does not count.
  const word = t.text.slice(t.wordStart[i], t.wordEnd[i] - (t.alt[i] !== t.form[i] ? 2 : 0));
  return HAS_LETTER.test(word) && !HAS_LOWER.test(word);
}

function emptyTokens(text: string): Tokens {
  return { text, form: [], alt: [], seg: [], start: [], end: [], wordStart: [], wordEnd: [], via: [], tag: [], length: 0 };
}

/**
 * `plain`: the scanner saw only ASCII letters and digits, so lower-casing is the whole fold;
 * `lower`: and none of them upper-case, so the written word is already folded.
 */
function push(t: Tokens, ws: number, we: number, seg: number, start: number, end: number, via: Via, tag: string, plain = false, lower = false): void {
  const written = t.text.slice(ws, we);
  let form = lower ? written : plain ? written.toLowerCase() : foldWord(written);
  if (plain && form === 'saint') form = 'st';
  const possessive = we - ws > 2 && isApostrophe(t.text.charCodeAt(we - 2)) && (t.text.charCodeAt(we - 1) | 32) === 115;
  t.form.push(form);
  t.alt.push(possessive ? form.slice(0, -1) : form);
  t.seg.push(seg);
  t.start.push(start);
  t.end.push(end);
  t.wordStart.push(ws);
  t.wordEnd.push(we);
  t.via.push(via);
  t.tag.push(tag);
  t.length++;
}

/**
 * Pushes the words of a handle or hashtag whose body is text[from, to) and which starts at `start`
 * ("@ProudToBeNorthbrook" -> "proud", "to", "be", "northbrook"), as a segment of their own tagged with
 * the whole tag in lower case. Returns the segment number to go on with.
 */
function pushTag(t: Tokens, from: number, to: number, seg: number, start: number, via: Via): number {
  const tag = t.text.slice(start, to).toLowerCase();
  for (const part of t.text.slice(from, to).matchAll(HANDLE_PARTS)) {
    const ws = from + part.index;
    push(t, ws, ws + part[0].length, seg + 1, start, to, via, tag);
  }
  return seg + 2;
}

/** Index just past the run of non-space characters from i: a URL is skipped whole. */
function skipNonSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && text.charCodeAt(j) > 32 && text.charCodeAt(j) !== 0xa0) j++;
  return j;
}

/** If an e-mail address starts at i, the index just past it; else -1. Looks at most 64 characters ahead. */
function emailEnd(text: string, i: number): number {
  let j = i;
  const limit = Math.min(text.length, i + MAX_EMAIL_LOCAL);
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c === 64) break;
    if (!(isWordChar(text, j) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45)) return -1;
    j++;
  }
  if (j >= limit || text.charCodeAt(j) !== 64 || j + 1 >= text.length || !isWordChar(text, j + 1)) return -1;
  j++;
  while (j < text.length && (isWordChar(text, j) || text.charCodeAt(j) === 46 || text.charCodeAt(j) === 45)) j++;
  return j;
}

/** Index just past the run of letters, digits, underscores and inner dots from i ("northbrook.staff_x"). */
function runEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 46 ? !(j + 1 < text.length && isWordChar(text, j + 1)) : c !== 95 && !isWordChar(text, j)) break;
    j += width(text, j);
  }
  return j;
}

/**
 * If a username written without its @ runs from i to `end` ("northbrookacad_official",
 * "northbrook.staff.exposed"), `end` less any trailing underscores; else -1. It has an underscore,
 * or two dots, or one dot between lower-case words: "Northbrook.Next" is a missing space, "8.45" a
 * time, "bit.ly" and "northbrook.example.org" links (a domain name is not a mention).
 */
function usernameEnd(text: string, i: number, end: number): number {
  let j = end;
  while (j > i && text.charCodeAt(j - 1) === 95) j--;
  if (j - i > MAX_USERNAME) return -1;
  const name = text.slice(i, j);
  if (DOMAIN_END.test(name)) return -1;
  const dots = name.split('.').length - 1;
  const named = name.includes('_') || dots >= 2 || (dots === 1 && name === name.toLowerCase());
  return named && name.replace(/[^\p{L}]/gu, '').length >= 6 ? j : -1;
}

/** Longest domain name there is: a longer run of letters, digits, dots and hyphens is not a link. */
const MAX_DOMAIN = 253;
/**
 * A link written without its scheme: a domain whose last part is a common web ending, in lower case, then a
 * path ("bit.ly/nbk-news", "cambridge-news.co.uk/story"). "trip.Northbrook/Millfield" and "Mr.Okafor/" are words.
 */
const BARE_LINK = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:com|org|net|uk|io|co|gov|edu|sch|ac|info|me|ly|us|app|dev|tv|gg|be|ie|eu|ai|to|news|link|page)\/$/;
const isDomainChar = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 45 || c === 46;

/**
 * If a schemeless link starts at i, the index just past its run of non-space characters; else -1. Only a run's
 * first word is tried, and the scan stops at MAX_DOMAIN, so each character is looked at a bounded number of times.
 */
function bareLinkEnd(text: string, i: number): number {
  if (i > 0 && isDomainChar(text.charCodeAt(i - 1))) return -1;
  let j = i;
  while (j < text.length && j - i <= MAX_DOMAIN && isDomainChar(text.charCodeAt(j))) j++;
  return text.charCodeAt(j) === 47 && BARE_LINK.test(text.slice(i, j + 1)) ? skipNonSpace(text, i) : -1;
}

const startsUrl = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i) | 32;
  if (c === 104) return text.startsWith('http://', i) || text.startsWith('https://', i) || text.startsWith('HTTP', i);
  if (c === 119) return text.startsWith('www.', i) || text.startsWith('WWW.', i);
  return false;
};

/**
 * Splits text into folded tokens. URLs and e-mail addresses are skipped (a domain name is not a
 * mention). Handles and hashtags become their own segment of words ("@northbrook_confessions" ->
 * "northbrook", "confessions") tagged with the whole handle, so a configured handle matches exactly
 * and a name inside an unknown handle still counts.
 */
export function tokenise(text: string): Tokens {
  const t = emptyTokens(text);
  let seg = 0;
  let i = 0;
  const n = text.length;
  // Whether the character before i is a letter or digit: "a@b" is not a handle, "xhttp://" not a URL.
  let afterWord = false;
  // End of the run of word characters, underscores and dots the scanner is in, for usernames.
  let run = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      // Spaces are most of what is not a word: skip them before any other test.
      i++;
      afterWord = false;
    } else if (!afterWord && startsUrl(text, i)) {
      i = skipNonSpace(text, i);
      afterWord = isWordChar(text, i - 1);
      seg++;
    } else if ((c === 64 || c === 35) && !afterWord && i + 1 < n && (isWordChar(text, i + 1) || text.charCodeAt(i + 1) === 95)) {
      let j = i + 1;
      while (j < n && (isWordChar(text, j) || text.charCodeAt(j) === 95 || text.charCodeAt(j) === 46)) j += width(text, j);
      while (text.charCodeAt(j - 1) === 46) j--;
      seg = pushTag(t, i + 1, j, seg, i, c === 64 ? 'handle' : 'hashtag');
      i = j;
      afterWord = isWordChar(text, j - 1);
    } else if (isWordChar(text, i)) {
      let j = i;
      let plain = true;
      let lower = true;
      for (;;) {
        for (;;) {
          const d = j < n ? text.charCodeAt(j) : 0;
          if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57)) j++;
          else if (d >= 65 && d <= 90) {
            lower = false;
            j++;
          } else if (d >= 128 && isWordChar(text, j)) {
            plain = false;
            j += width(text, j);
          } else break;
        }
        if (j + 1 < n && isApostrophe(text.charCodeAt(j)) && isWordChar(text, j + 1)) {
          plain = false;
          j++;
        } else break;
      }
      const next = j < n ? text.charCodeAt(j) : 0;
      // Only a word followed by . or - can start a domain.
      const link = next === 46 || next === 45 ? bareLinkEnd(text, i) : -1;
      if (link > 0) {
        i = link;
        afterWord = isWordChar(text, i - 1);
        seg++;
        continue;
      }
      // Only a word followed by @ . _ + - % can start an e-mail address.
      if (next === 64 || next === 46 || next === 95 || next === 43 || next === 45 || next === 37) {
        const email = emailEnd(text, i);
        if (email > 0) {
          seg++;
          i = email;
          afterWord = isWordChar(text, i - 1);
          continue;
        }
        // Worked out once per run, so "a_a_a_..." is read once, not once per word in it.
        if (i >= run) run = runEnd(text, i);
        const name = usernameEnd(text, i, run);
        if (name > 0) {
          // "an account called northbrookacad_official": a username quoted without its @ reads as a handle.
          seg = pushTag(t, i, name, seg, i, 'handle');
          i = name;
          afterWord = isWordChar(text, i - 1);
          continue;
        }
      }
      push(t, i, j, seg, i, j, 'word', '', plain, plain && lower);
      i = j;
      afterWord = true;
    } else {
      if (isBreak(c)) {
        const abbreviation = c === 46 && t.length > 0 && t.end[t.length - 1] === i && ABBREVIATIONS.has(t.form[t.length - 1]);
        if (!abbreviation) seg++;
      }
      i++;
      afterWord = false;
    }
  }
  return t;
}

/** The folded words of a config phrase ("St Aidan's CofE Academy" -> ["st", "aidans", "cofe", "academy"]). */
export function phraseForms(phrase: string): string[] {
  return tokenise(phrase).form;
}
