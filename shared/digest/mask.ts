import { GIVEN_NAMES, WORD_LIKE_NAMES } from './given-names.js';

/**
 * Masks a child's personal data in the excerpt of an `exposure` case ("J**** S****, Year 8",
 * "07*** ***412"), so the digest itself does not spread what the post leaked. The full text stays one
 * audited evidence link away. Masking keeps every character position (one '*' per character), which lets
 * highlights found in the unmasked text mark the masked copy.
 *
 * This is a heuristic over short posts, tuned to over-mask rather than under-mask: the year group, class
 * and school stay visible because the reader needs them to act.
 */

export type MaskedKind = 'name' | 'phone' | 'email' | 'handle' | 'address' | 'postcode' | 'date';

export interface MaskResult {
  text: string;
  /** What was masked, each kind once, in the order first found. */
  masked: MaskedKind[];
}

export interface MaskOptions {
  /** Names of the trust, its academies, official handles and places: never masked. */
  keep?: string[];
}

interface Span {
  start: number;
  end: number;
  kind: MaskedKind;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'lady', 'lord', 'rev', 'revd', 'father', 'prof']);
/** Capitalised words that follow a first name without being a surname. */
const NOT_SURNAMES = new Set([
  'year', 'yr', 'class', 'form', 'set', 'group', 'school', 'academy', 'primary', 'junior', 'juniors', 'infant', 'infants',
  'secondary', 'college', 'high', 'trust', 'church', 'cofe', 'team', 'house', 'is', 'and', 'the', 'from', 'in', 'at',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'i', 'we', 'you', 'she', 'he', 'they',
]);
const STREET = 'Close|Road|Rd|Street|Avenue|Ave|Lane|Drive|Way|Crescent|Gardens|Place|Court|Grove|Terrace|Rise|Mews|Walk|Row|Square|Hill|View|Green|Parade|Park|Estate';

const PHONE = /(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)(?:\d[\s-]?){8,9}\d(?!\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const HANDLE = /(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/gi;
const DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g;
const ADDRESS = new RegExp(`(?:\\b\\d{1,4}[A-Za-z]?,?\\s)?(?:\\p{Lu}[\\p{Ll}'’-]+\\s){1,3}(?:${STREET})\\b`, 'gu');
const ADDRESS_IN_CONTEXT = new RegExp(
  `\\b(?:lives|living|address(?:\\s+is)?)\\s+(?:on|at|in)?\\s*((?:\\d{1,4}\\s)?(?:[\\p{L}'’-]+\\s){1,2}(?:${STREET}))\\b`,
  'giud',
);
/** Two capitalised words followed by a year group or class: a child's full name whether or not we know the first name. */
const NAME_BEFORE_YEAR = /(\p{Lu}[\p{Ll}'’-]+)\s(\p{Lu}[\p{Ll}'’-]+)(?=,?\s(?:in\s)?(?:[Yy]ear\s?\d|[Yy]r\s?\d|Y\d|\d{1,2}[A-Z]\b))/gu;
const WORD = /\p{L}[\p{L}'’-]*/gu;

const possessive = (word: string) => word.replace(/['’]s$/i, '');

function collectSpans(text: string, keepWords: Set<string>, keepPhrases: string[]): Span[] {
  const spans: Span[] = [];
  const add = (start: number, end: number, kind: MaskedKind) => {
    const value = text.slice(start, end).toLowerCase();
    if (keepPhrases.some((k) => k === value || (kind === 'address' && value.endsWith(k)))) return;
    spans.push({ start, end, kind });
  };
  for (const m of text.matchAll(PHONE)) add(m.index, m.index + m[0].length, 'phone');
  for (const m of text.matchAll(EMAIL)) add(m.index, m.index + m[0].length, 'email');
  for (const m of text.matchAll(HANDLE)) add(m.index, m.index + m[0].length, 'handle');
  for (const m of text.matchAll(POSTCODE)) if (/\d/.test(m[0]) && /[a-z]/i.test(m[0])) add(m.index, m.index + m[0].length, 'postcode');
  for (const m of text.matchAll(DATE)) add(m.index, m.index + m[0].length, 'date');
  for (const m of text.matchAll(ADDRESS)) add(m.index, m.index + m[0].length, 'address');
  for (const m of text.matchAll(ADDRESS_IN_CONTEXT)) {
    const [start, end] = m.indices![1]!;
    add(start, end, 'address');
  }
  for (const m of text.matchAll(NAME_BEFORE_YEAR)) {
    const words = [m[1], m[2]].map((w) => possessive(w).toLowerCase());
    if (words.some((w) => NOT_SURNAMES.has(w) || TITLES.has(w) || keepWords.has(w))) continue;
    const before = text.slice(0, m.index).match(/(\p{L}+)\.?\s$/u)?.[1]?.toLowerCase();
    if (before && TITLES.has(before)) continue;
    add(m.index, m.index + m[0].length, 'name');
  }

  const words = [...text.matchAll(WORD)];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const bare = possessive(word[0]);
    const lower = bare.toLowerCase();
    const capitalised = /^\p{Lu}/u.test(bare);
    if (!GIVEN_NAMES.has(lower) || keepWords.has(lower)) continue;
    if (WORD_LIKE_NAMES.has(lower) && !capitalised) continue;
    const previous = words[i - 1];
    if (previous && TITLES.has(previous[0].toLowerCase()) && /^\.?\s$/.test(text.slice(previous.index + previous[0].length, word.index))) continue;
    let end = word.index + word[0].length;
    const next = words[i + 1];
    if (next && /^\s$/.test(text.slice(end, next.index)) && isSurname(next[0], text.slice(next.index + next[0].length), keepWords)) {
      end = next.index + next[0].length;
      i++;
    }
    add(word.index, end, 'name');
  }
  return spans;
}

function isSurname(word: string, after: string, keepWords: Set<string>): boolean {
  const lower = possessive(word).toLowerCase();
  if (NOT_SURNAMES.has(lower) || TITLES.has(lower) || keepWords.has(lower)) return false;
  // Capitalised and not an acronym: "Hughes", "O'Neill", "McDonald".
  if (/^\p{Lu}[\p{L}'’-]+$/u.test(word) && /\p{Ll}/u.test(word)) return true;
  // A lower-case surname counts only when a year group follows: "lucy bennett year 10".
  return /^\p{Ll}[\p{Ll}'’-]+$/u.test(word) && /^,?\s(?:year|yr|y)\s?\d/i.test(after);
}

/** One '*' per UTF-16 unit, so positions hold; `keepFirst` keeps the first letter of each word. */
function starWords(value: string, keepFirst: boolean): string {
  return value.replace(/[\p{L}\p{N}]+/gu, (w) => {
    const first = keepFirst && /^\p{L}/u.test(w) ? String.fromCodePoint(w.codePointAt(0)!) : '';
    return first + '*'.repeat(w.length - first.length);
  });
}

function maskSpan(value: string, kind: MaskedKind): string {
  switch (kind) {
    case 'phone': {
      // Keep the network prefix ("07", "+44 7") and the last three digits, as staff quote numbers.
      const digits = value.replace(/\D/g, '').length;
      const lead = value.startsWith('+') ? 3 : 2;
      let seen = 0;
      return value.replace(/\d/g, (d) => (seen++ < lead || seen > digits - 3 ? d : '*'));
    }
    case 'email': {
      const at = value.indexOf('@');
      return value[0] + '*'.repeat(at - 1) + value.slice(at);
    }
    case 'handle':
      return value.slice(0, 2) + '*'.repeat(value.length - 2);
    case 'postcode':
      return value[0] + value.slice(1).replace(/[A-Za-z0-9]/g, '*');
    case 'date':
      return value.replace(/\d/g, '*');
    case 'name':
    case 'address':
      return starWords(value, true);
  }
}

const wordsOf = (terms: string[]) =>
  new Set(terms.flatMap((t) => t.toLowerCase().split(/[^\p{L}\p{N}'’]+/u)).map(possessive).filter((w) => w.length > 1));

export function maskPersonalData(text: string, options: MaskOptions = {}): MaskResult {
  const keep = options.keep ?? [];
  const spans = collectSpans(text, wordsOf(keep), keep.map((k) => k.toLowerCase()));
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const masked: MaskedKind[] = [];
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + maskSpan(text.slice(span.start, span.end), span.kind);
    at = span.end;
    if (!masked.includes(span.kind)) masked.push(span.kind);
  }
  out += text.slice(at);
  return { text: out, masked };
}
