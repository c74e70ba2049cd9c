import { cueNear, hasCue, quote, type Analysis, type RuleFamily } from '../analysis.js';
import { isGivenName } from '../lexicon.js';
import { wordKey, type Token } from '../normalise.js';

/** Word lists compared with token keys, so written the way the keys are ("street" -> "stret"). */
const keySet = (words: string[]): ReadonlySet<string> => new Set(words.map(wordKey));

/**
 * Entity cues for `exposure`: a child's personal data made public. A given name next to a year
 * group or class, a phone number, a street address or a photo of a pupil. Each cue alone is
 * common and harmless (a school's office number, "Year 6 trip"); together they identify a child.
 */

// UK mobiles and landlines as people write them: 07700 900412, +44 7700 900412, 01234 567 890.
const PHONE = /(?:\+44\s?|\b0)(?:7\d{3}|1\d{2,3}|2\d)[\s-]?\d{3}[\s-]?\d{3,4}\b/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/g;
// "St" and "Dr" are left out: far more often Saint and Doctor ("St Aidan's", "Dr Brennan") than street and drive.
const STREET = keySet(['road', 'rd', 'street', 'close', 'avenue', 'ave', 'lane', 'ln', 'drive', 'way', 'crescent', 'grove', 'gardens', 'terrace', 'mews', 'place', 'estate', 'walk']);
const TITLES = keySet(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'lady', 'lord', 'prof', 'rev', 'coach', 'cllr']);
// Capitalised words that follow a name without being a surname.
// Capitalised words before a street word that name a product, not a street ("Google Drive").
const NOT_STREET_NAME = keySet(['google', 'one', 'hard', 'usb', 'flash', 'test', 'school']);
const NOT_SURNAME = keySet(['year', 'yr', 'and', 'from', 'in', 'at', 'is', 'was', 'has', 'the', 'for', 'of', 'on', 'to', 'with', 'who', 'said', 'says']);

// A constant, not a literal in the loops below: the Lambda bundler compiles a \p{...} literal into a new RegExp per call.
const ONLY_LETTERS = /^\p{L}+$/u;

const isYearOrClass = (t: Token, raw: string): boolean =>
  /^(y|yr)\d{1,2}s?$/.test(t.key) || /^\d{1,2}[A-Z]{1,2}$/.test(raw) || /^\d{1,2}[a-oq-z]$/.test(t.key);

function yearPositions(a: Analysis): number[] {
  const out: number[] = [];
  a.tokens.forEach((t, i) => {
    const c = t.key.charCodeAt(0);
    // Only words starting with a digit or "y" can be a year group or class: skip the rest cheaply.
    if (!(c >= 48 && c <= 57) && c !== 121) return;
    const raw = a.text.slice(t.start, t.end);
    const next = a.tokens[i + 1];
    if (isYearOrClass(t, raw)) out.push(i);
    else if ((t.key === 'year' || t.key === 'yr') && next && /^\d{1,2}s?$/.test(next.key)) out.push(i);
    else if (/^\d{1,2}$/.test(t.key) && next && /^(year|yr|yo)$/.test(next.key)) out.push(i);
  });
  return out;
}

interface NameSpan {
  from: number;
  to: number;
  full: boolean;
}

function names(a: Analysis, years: number[]): NameSpan[] {
  const out: NameSpan[] = [];
  a.tokens.forEach((t, i) => {
    if (a.masked[i] || !isGivenName(a.text, t)) return;
    const prev = a.tokens[i - 1];
    if (prev && TITLES.has(prev.key)) return;
    const next = a.tokens[i + 1];
    const full = !!next && next.capitalised && t.capitalised && !NOT_SURNAME.has(next.key) && !TITLES.has(next.key) && !STREET.has(next.key) && ONLY_LETTERS.test(next.key);
    // Lower-case given names ("amelia in 9p") count only when a year group or class follows at once.
    const yearFollows = years.some((y) => y > i && y <= i + 3);
    if (t.capitalised || yearFollows) out.push({ from: i, to: full ? i + 2 : i + 1, full });
  });
  return out;
}

function streetAddresses(a: Analysis): number[] {
  const out: number[] = [];
  a.tokens.forEach((t, i) => {
    const prev = a.tokens[i - 1];
    if (STREET.has(t.key) && prev && prev.capitalised && !a.masked[i] && ONLY_LETTERS.test(prev.key) && !TITLES.has(prev.key) && !NOT_SURNAME.has(prev.key) && !NOT_STREET_NAME.has(prev.key)) out.push(i - 1);
  });
  return out;
}

export const exposureFamily: RuleFamily = {
  name: 'exposure',
  apply(a: Analysis) {
    const years = yearPositions(a);
    const people = names(a, years);
    const streets = streetAddresses(a);
    const phones = /\d{3}/.test(a.text) ? [...a.text.matchAll(PHONE)].map((m) => m[0]) : [];
    const postcodes = /[A-Z]\d/.test(a.text) ? [...a.text.matchAll(POSTCODE)].map((m) => m[0]) : [];
    const child = hasCue(a, 'child') || years.length > 0 || people.length > 0;
    const add = (severity: number, rule: string, match: string, from = -1, to = -1): void => {
      a.hits.push({ category: 'exposure', severity, rule: `exposure:${rule}`, match: match.slice(0, 120), from, to, phrase: rule });
    };

    const contact = phones.length > 0 || streets.length > 0 || postcodes.length > 0;
    if (contact && child) {
      const what = phones[0] ?? postcodes[0] ?? quote(a, streets[0], streets[0] + 2);
      add(people.length > 0 ? 4 : 3, people.length > 0 ? 'name_with_contact' : 'child_contact_details', what);
    }
    // "Year 6 production of Oliver!": in a play or book a lone given name is a character.
    const fiction = hasCue(a, 'frame_fiction');
    for (const person of people) {
      if (fiction && !person.full) continue;
      // A full name anywhere in a short post with a year group identifies a child; a lone given name must sit beside it.
      const reach = person.full ? 12 : 6;
      const nearYear = years.some((y) => y >= person.from - reach && y <= person.to + reach);
      const nearAge = cueNear(a, 'child', person.from, person.to, 3);
      if (nearYear || (person.full && nearAge)) {
        // A lone given name with a year group ("Grace in Year 4") is praise as often as exposure: low
        // unless something else in the post is a concern (see rules/escalation.ts).
        add(person.full ? 2 : 1, person.full ? 'name_with_year_group' : 'given_name_with_year_group', quote(a, person.from, person.to), person.from, person.to);
      } else if (person.full && (a.context.hasImage || a.context.hasVideo)) {
        add(2, 'named_in_photo', quote(a, person.from, person.to), person.from, person.to);
      }
    }
    if (people.filter((p) => p.full).length >= 3 && child) {
      add(2, 'list_of_names', people.map((p) => quote(a, p.from, p.to)).join(', '));
    }
  },
};
