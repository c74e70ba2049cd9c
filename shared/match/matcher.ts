import { entities, type Entity, type TrustConfig } from '../config/schema.js';
import { phraseForms, tokenise, writtenInCapitals, type Tokens } from './tokens.js';
import type { Matcher, MatchReason, MatchResult } from './types.js';
import {
  FAMILY_WORDS, HONORIFICS, LEET, LOCATIVES, OTHER_ORGANISATION_WORDS, RESIDENT_WORDS, SCHOOL_TYPE_WORDS, SCHOOL_WORDS, SHARED_FACILITY_WORDS,
  YEAR_GROUPS, YEAR_WORDS,
} from './vocabulary.js';

/**
 * Which academies (and whether the trust) a post is about. The rules, in the order they apply:
 *
 * 1. Terms are compared as whole folded words (case, accents, apostrophes, curly quotes, hyphens and
 *    "Saint"/"St" do not matter; "Northbrook's" counts as "Northbrook"). Leetspeak ("n0rthbr00k") and
 *    one slip in a long name word ("northbrok", "st aidens") read as the name. A staff alias with a
 *    title ("Dr Brennan") also matches any other title or the bare surname ("mr brennan", "okafor").
 *    Where phrases overlap the longest wins, so "Northbrook Academies Trust" is the trust, not
 *    Northbrook Academy, and the exclusion "Millfield School" beats the alias "Millfield". URLs (with
 *    or without a scheme: "bit.ly/nbk-news") and e-mail addresses are skipped.
 * 2. Configured handles and hashtags match exactly (any case); names inside other handles and
 *    hashtags count too ("@northbrook_confessions", "#ProudToBeNorthbrook", "#riversidejunior",
 *    "@staidans.confessions", "#northbrookdrama"), unless the rest is a place ("#millfieldestate").
 * 3. An ambiguous term (one word, a place name, or part of an exclusion phrase) is dropped when the
 *    post names one of the entity's namesakes anywhere ("Somerset"), or when the words after it make
 *    it another organisation or place ("Riverside Stadium", "Northbrook Rotary Club", "St Aidan's
 *    School" when ours is an academy, a town starting a proper name: "Northbrook Youth Theatre").
 *    Once a post has used the name that way, a bare repeat without school words means the same body.
 *    Unambiguous terms ("Millfield Primary") survive a namesake elsewhere in the same post.
 * 4. A context alias ("NBA", "NAT", "Riverside") counts only with a school word, one of the entity's
 *    places or another of our names nearby in the same sentence, or after "at"/"from" ("at Riverside")
 *    in a post that talks about school. An acronym written in capitals ("NAT") also counts in any post
 *    that talks about school, unless a model number follows ("NBA 2K27"): its namesakes' posts rarely
 *    talk about school, and name their own words ("firewall", "NBA finals"), which the config lists as
 *    exclusions. So does a hashtag that is the acronym alone, in capitals ("... Disgrace. #NAT"). An
 *    all-capitals term written in lower case ("saca", "nba") needs the same context
 *    (for a plain alias, school talk anywhere in the post will do); written Title Case ("Nat") it is a
 *    name. A word alias written Title Case ("Riverside") also counts in any post that talks about school,
 *    like a capitalised acronym. A lower-case word alias after "the" is the ordinary noun ("by the riverside").
 * 5. A town name used as a place does not count when the post names another academy or the trust: it
 *    says where that school is ("at Northbrook" is not a place: things happen at a school, in a town).
 *    Said after "in", "near" and the like, or in a post that names the county, it is the town even
 *    alone ("a tutor near Northbrook", "Cambridgeshire Police ... a girl from Northbrook", "a 13-year-old boy
 *    from Northbrook", "Tyler, 11, from Northbrook"), and so is
 *    every bare repeat in that post. Otherwise, said alone, it counts ("nobody will miss me at northbrook").
 *
 * The trust is matched only by its own terms ("the trust" is one, by config): a post about one
 * academy is not about the trust.
 */

/** Text past this is not read: a Mention's text is capped at 100,000 characters, so nothing real is lost. */
export const MAX_MATCH_CHARS = 100_000;
const MAX_REASONS = 50;
const ACRONYM_WINDOW = 5;
const WORD_WINDOW = 3;
/** How far a school word may be from a word context alias ("Riverside ... made her feel so welcome in Y3"). */
const ALIAS_WINDOW = 8;
const ACRONYM_FAMILY_WINDOW = 2;
/** Shortest name word read despite one slip: shorter words have too many real neighbours. */
const MIN_FUZZY = 6;
/** Distinct words remembered between posts, so the memory a long-running matcher holds stays bounded. */
const MEMO_LIMIT = 20_000;
/** Shortest name found at the start of a run-together hashtag ("#northbrookdrama"). */
const MIN_PREFIX = 8;
const ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);
/** How far a "sentence" reaches either side, in words: bounds the work on text with no punctuation. */
const SENTENCE_REACH = 25;
/** Capitalised words allowed between a name and the word that makes it another body: "Northbrook Rotary Club". */
const PROPER_NOUN_CHAIN = 2;

type Rule = MatchReason['rule'];

interface Phrase {
  forms: string[];
  entity: number;
  kind: 'term' | 'exclude';
  /** As written in the config, for explanations. */
  text: string;
  rule: Rule;
  /** Could name something else: subject to namesake rules (3) and, when a place, rule 5. */
  ambiguous: boolean;
  place: boolean;
  needsContext: boolean;
  /** All capitals in the config ("NBA"): must be written in capitals to count. */
  acronym: boolean;
}

interface CompiledEntity {
  id: string;
  /** Every folded word of the entity's own names: "primary" is Millfield Primary's, not another school's. */
  ownWords: Set<string>;
  placeWords: Set<string>;
  /** The trust runs schools: "NAT primaries", "the trust's secondary" are its own, not another body. */
  runsSchools: boolean;
}

interface Occurrence {
  phrase: Phrase;
  start: number;
  /** Exclusive token index. */
  end: number;
  /** Set when the whole handle or hashtag was configured. */
  tagRule?: 'handle' | 'hashtag';
}

const SPACES_ONLY = /^ +$/;
const ACRONYM = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;

/** A config term the matcher cannot use. The message says which term and what to change. */
export class MatchConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchConfigError';
  }
}

const containsRun = (haystack: string[], needle: string[]): boolean => {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    let all = true;
    for (let k = 0; k < needle.length && all; k++) all = haystack[i + k] === needle[k];
    if (all) return true;
  }
  return false;
};

function compile(config: TrustConfig) {
  const list = entities(config);
  const allPlaces = list.flatMap((e) => e.places.map((p) => phraseForms(p).join(' ')));
  const index = new Map<string, Phrase[]>();
  const tags = new Map<string, { entity: number; text: string; rule: 'handle' | 'hashtag' }>();
  const compact = new Map<string, Phrase>();
  const compiled: CompiledEntity[] = [];
  const seen = new Set<string>();

  const forms = (entity: Entity, field: string, value: string): string[] => {
    const f = phraseForms(value);
    if (f.length === 0) {
      throw new MatchConfigError(
        `"${entity.id}" ${field} "${value}" has no letters or digits, so it can never match: remove it or write the name out in the trust config.`,
      );
    }
    return f;
  };

  list.forEach((entity, e) => {
    const exclusions = entity.exclude.map((x) => forms(entity, 'exclude', x));
    const ownWords = new Set<string>();
    const add = (value: string, kind: Phrase['kind'], rule: Rule, needsContext: boolean, field: string): void => {
      const f = forms(entity, field, value);
      const key = `${e}|${kind}|${f.join(' ')}`;
      if (seen.has(key)) return;
      seen.add(key);
      const acronym = ACRONYM.test(value) && value.replace(/[^\p{L}]/gu, '').length <= 6;
      const place = allPlaces.includes(f.join(' '));
      const phrase: Phrase = {
        forms: f,
        entity: e,
        kind,
        text: value,
        rule,
        ambiguous: kind === 'term' && (needsContext || f.length === 1 || place || exclusions.some((x) => containsRun(x, f))),
        place,
        needsContext,
        acronym,
      };
      if (kind === 'term') f.forEach((w) => ownWords.add(w));
      const bucket = index.get(f[0]) ?? [];
      bucket.push(phrase);
      index.set(f[0], bucket);
      if (kind === 'term' && !needsContext && f.length > 1 && !compact.has(f.join(''))) compact.set(f.join(''), phrase);
    };
    add(entity.name, 'term', 'name', false, 'name');
    entity.aliases.forEach((a) => add(a, 'term', 'alias', false, 'alias'));
    // People get a staff member's title wrong ("Mr Brennan" for Dr Brennan) or drop it ("okafor out"):
    // any title, or none, before a configured staff surname names the same person.
    for (const a of entity.aliases) {
      const words = a.trim().split(/\s+/);
      if (words.length !== 2 || !HONORIFICS.includes(phraseForms(words[0])[0] ?? '')) continue;
      for (const title of HONORIFICS) add(`${title} ${words[1]}`, 'term', 'alias', false, 'alias');
      add(words[1], 'term', 'alias', false, 'alias');
    }
    entity.contextAliases.forEach((a) => add(a, 'term', 'context_alias', true, 'contextAlias'));
    // An exclusion is never reported as a reason, so its rule is only a placeholder.
    entity.exclude.forEach((x) => add(x, 'exclude', 'alias', false, 'exclude'));
    for (const handle of entity.handles) tags.set(handle.toLowerCase(), { entity: e, text: handle, rule: 'handle' });
    for (const hashtag of entity.hashtags) tags.set(hashtag.toLowerCase(), { entity: e, text: hashtag, rule: 'hashtag' });
    const placeWords = new Set(entity.places.flatMap((p) => phraseForms(p)));
    compiled.push({ id: entity.id, ownWords, placeWords, runsSchools: entity === config.trust });
  });
  // Longest first, exclusions before terms of the same length: the more specific reading wins.
  for (const bucket of index.values()) {
    bucket.sort((a, b) => b.forms.length - a.forms.length || (a.kind === 'exclude' ? -1 : 0) - (b.kind === 'exclude' ? -1 : 0));
  }
  // Name words long enough that one slip ("northbrok", "st aidens") cannot be another word. Common
  // school and place vocabulary ("academy", "primary") is left out: a typo there proves nothing.
  const fuzzy: string[] = [];
  const prefixes: string[] = [];
  for (const bucket of index.values()) {
    for (const p of bucket) {
      if (p.kind !== 'term' || p.acronym) continue;
      for (const w of p.forms) {
        if (w.length >= MIN_FUZZY && !SCHOOL_WORDS.has(w) && !OTHER_ORGANISATION_WORDS.has(w) && !fuzzy.includes(w)) fuzzy.push(w);
      }
      if (p.forms.length === 1 && !p.needsContext && p.forms[0].length >= MIN_PREFIX && !prefixes.includes(p.forms[0])) prefixes.push(p.forms[0]);
    }
  }
  const compactFuzzy = [...compact.keys()].filter((k) => k.length > MIN_FUZZY);
  return { index, tags, compact, compiled, fuzzy, compactFuzzy, prefixes, wordMemo: new Map<string, string>(), tagMemo: new Map<string, string>() };
}

/** Whether a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  const shorter = la < lb ? la : lb;
  let head = 0;
  while (head < shorter && a.charCodeAt(head) === b.charCodeAt(head)) head++;
  if (head === shorter) return true;
  let tail = 0;
  while (tail < shorter - head && a.charCodeAt(la - 1 - tail) === b.charCodeAt(lb - 1 - tail)) tail++;
  // What is left between the common start and end: one character at most, or two swapped.
  const restA = la - head - tail;
  const restB = lb - head - tail;
  if (restA <= 1 && restB <= 1) return true;
  return restA === 2 && restB === 2 && a[head] === b[head + 1] && a[head + 1] === b[head];
}

/** A name word one slip from `word`. Slips rarely hit the first two letters both, so that check goes first. */
const nearest = (word: string, vocabulary: string[]): string | undefined => {
  const c0 = word.charCodeAt(0);
  const c1 = word.charCodeAt(1);
  for (const v of vocabulary) {
    if ((v.charCodeAt(0) === c0 || v.charCodeAt(1) === c1) && withinOneEdit(word, v)) return v;
  }
  return undefined;
};

const hasDigit = (w: string): boolean => {
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};

/**
 * Reads misspelt and disguised names as the name: leetspeak ("n0rthbr00k", "N4T"), one slip in a
 * long name word ("northbrok", "st aidens", "milfield"), and in handles and hashtags a name run into
 * other words ("#northbrookdrama", "@staidans.confessions", "#stidans"). Rewrites the token's
 * folded form in place: the tokens belong to this one match.
 */
function normalise(t: Tokens, c: ReturnType<typeof compile>): void {
  for (let i = 0; i < t.length; i++) {
    const f = t.form[i];
    const inTag = t.via[i] !== 'word';
    if ((!inTag && f.length < MIN_FUZZY && !hasDigit(f)) || c.index.has(f)) continue;
    // Most words are short, plain and seen before: answer those without building anything.
    const memo = inTag ? c.tagMemo : c.wordMemo;
    let read = memo.get(f);
    if (read === undefined) {
      read = readAs(f, inTag, c);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(f, read);
    }
    if (read !== '') t.form[i] = t.alt[i] = read;
    else if (t.alt[i] !== f && !c.index.has(t.alt[i])) {
      // "northbrok's": the slip may sit in front of a possessive.
      const near = t.alt[i].length >= MIN_FUZZY ? nearest(t.alt[i], c.fuzzy) : undefined;
      if (near) t.form[i] = t.alt[i] = near;
    }
  }
}

/** The name word a written form stands for, or '' when it is just a word. */
function readAs(form: string, inTag: boolean, c: ReturnType<typeof compile>): string {
  let f = form;
  if (hasDigit(f) && /[a-z]/.test(f)) {
    f = f.replace(/[0-9]/g, (d) => LEET[d] ?? d);
    if (c.index.has(f)) return f;
  }
  if (inTag) {
    // "Saint" folds to "st" only as a word of its own: "#saintaidans".
    if (f.startsWith('saint')) f = `st${f.slice(5)}`;
    if (c.compact.has(f)) return f;
    // "#millfieldestate" is a place, not the school: the rest of the word decides.
    const joined = c.prefixes.find((p) => f.startsWith(p) && !OTHER_ORGANISATION_WORDS.has(f.slice(p.length))) ??
      (f.length > MIN_FUZZY ? nearest(f, c.compactFuzzy) : undefined);
    if (joined) return joined;
  }
  // "St Aidan of Lindisfarne" is the saint: a slip is read only in a word as long as the name's own.
  if (f.length < MIN_FUZZY) return '';
  return nearest(f, c.fuzzy) ?? '';
}

function matchesAt(t: Tokens, phrase: Phrase, i: number): boolean {
  const n = phrase.forms.length;
  if (i + n > t.length) return false;
  const seg = t.seg[i];
  for (let k = 0; k < n; k++) {
    const at = i + k;
    if (t.seg[at] !== seg) return false;
    const f = phrase.forms[k];
    // A possessive counts only at the end of a phrase: "Northbrook's", "Riverside Junior's".
    if (t.form[at] !== f && !(k === n - 1 && t.alt[at] === f)) return false;
    // "Nat" is a name; "NAT", "nat" and "sacA" may be the acronym (lower case then needs school context).
    if (phrase.acronym && titleCase(t, at)) return false;
  }
  return true;
}

const CONJUNCTIONS: ReadonlySet<string> = new Set(['and', 'or', 'vs', 'v', 'versus', 'with', 'nor']);

/** "year 9", "yr 11": a year group named at token k. */
const yearGroupAt = (t: Tokens, k: number): boolean => YEAR_WORDS.has(t.form[k]) && k + 1 < t.length && YEAR_GROUPS.has(t.form[k + 1]);

/**
 * Whether the words around an occurrence make it about a school: a school word (or, for a word that is
 * not an acronym, a family word like "kids") or the entity's place within `window` words in the same
 * sentence. `named` marks tokens already matched to a name: "NAT ... Millfield" is about schools
 * when anywhere in the sentence (`namedReach: 'sentence'`), "Northbrook and St Aidan's" only when
 * joined to the name (`'joined'`).
 */
function hasContext(
  t: Tokens,
  o: Occurrence,
  entity: CompiledEntity,
  named: Uint8Array,
  window: number,
  namedReach: 'sentence' | 'joined',
): boolean {
  // A town beside its county ("Northbrook, Cambridgeshire") is place talk, not school talk.
  const placesCount = namedReach === 'sentence';
  const seg = t.seg[o.start];
  const allowFamily = !o.phrase.acronym;
  let from = o.start;
  while (from > 0 && o.start - from < SENTENCE_REACH && t.seg[from - 1] === seg) from--;
  let to = o.end;
  while (to < t.length && to - o.end < SENTENCE_REACH && t.seg[to] === seg) to++;
  for (let j = from; j < to; j++) {
    if (j >= o.start && j < o.end) continue;
    if (named[j] === 1) {
      if (namedReach === 'sentence') return true;
      // "Northbrook, St Aidan's and Millfield" lists schools; "Millfield Primary, Northbrook" says where one is.
      const before = j < o.start;
      const gap = before ? o.start - j - 1 : j - o.end;
      if ((gap === 0 && !before) || (gap === 1 && CONJUNCTIONS.has(t.form[before ? j + 1 : o.end]))) return true;
      // The "Academy" of "Millfield Primary Academy" is that school's name, not school talk about this one.
      continue;
    }
    if (j < o.start - window || j >= o.end + window) continue;
    const f = t.form[j];
    const a = t.alt[j];
    if (SCHOOL_WORDS.has(f) || SCHOOL_WORDS.has(a)) return true;
    if (placesCount && (entity.placeWords.has(f) || entity.placeWords.has(a))) return true;
    // "my son at RJA": a family word right beside an acronym is enough, further off it is not ("NBA dads").
    const familyReach = allowFamily ? Math.min(window, WORD_WINDOW) : ACRONYM_FAMILY_WINDOW;
    if ((FAMILY_WORDS.has(f) || FAMILY_WORDS.has(a)) && j >= o.start - familyReach && j < o.end + familyReach) return true;
    if (yearGroupAt(t, j)) return true;
  }
  return false;
}

/**
 * Finds every configured phrase in the tokens, then keeps the longest where they overlap. Returns
 * the kept occurrences and the exclusion phrases that swallowed one of their own entity's terms.
 */
function resolve(t: Tokens, compiledIndex: ReturnType<typeof compile>): { kept: Occurrence[]; swallowed: Phrase[] } {
  const { index, tags, compact } = compiledIndex;
  const found: Occurrence[] = [];
  normalise(t, compiledIndex);
  for (let i = 0; i < t.length; i++) {
    if (t.via[i] !== 'word') {
      // One part of a handle or hashtag written as a run-together name: "@staidans.confessions".
      const joined = compact.get(t.form[i]);
      if (joined) found.push({ phrase: joined, start: i, end: i + 1 });
    }
    // Whole handles and hashtags first: a configured one is the strongest evidence there is.
    if (t.tag[i] !== '' && (i === 0 || t.tag[i - 1] !== t.tag[i] || t.seg[i - 1] !== t.seg[i])) {
      let end = i + 1;
      while (end < t.length && t.seg[end] === t.seg[i]) end++;
      const configured = tags.get(t.tag[i]);
      if (configured) {
        const phrase: Phrase = {
          forms: [], entity: configured.entity, kind: 'term', text: configured.text, rule: configured.rule,
          ambiguous: false, place: false, needsContext: false, acronym: false,
        };
        found.push({ phrase, start: i, end, tagRule: configured.rule });
      } else {
        const body = t.tag[i].slice(1).replace(/[_.]/g, '');
        const phrase = compact.get(body);
        if (phrase) found.push({ phrase, start: i, end, tagRule: t.via[i] === 'handle' ? 'handle' : 'hashtag' });
      }
    }
    const candidates = index.get(t.form[i]);
    if (candidates) for (const p of candidates) if (matchesAt(t, p, i)) found.push({ phrase: p, start: i, end: i + p.forms.length });
    if (t.alt[i] !== t.form[i]) {
      const possessive = index.get(t.alt[i]);
      if (possessive) for (const p of possessive) if (p.forms.length === 1 && matchesAt(t, p, i)) found.push({ phrase: p, start: i, end: i + 1 });
    }
  }
  if (found.length < 2) return { kept: found, swallowed: [] };
  const priority = (o: Occurrence): number => (o.tagRule ? 1_000_000 : 0) + (o.end - o.start) * 2 + (o.phrase.kind === 'exclude' ? 1 : 0);
  found.sort((a, b) => priority(b) - priority(a) || a.start - b.start);
  // taken[j] is 1 + the index in `kept` of the occurrence holding token j.
  const taken = new Int32Array(t.length);
  const kept: Occurrence[] = [];
  const swallowed: Phrase[] = [];
  for (const o of found) {
    let holder = 0;
    for (let j = o.start; j < o.end && holder === 0; j++) holder = taken[j];
    if (holder !== 0) {
      const winner = kept[holder - 1].phrase;
      if (winner.kind === 'exclude' && o.phrase.kind === 'term' && winner.entity === o.phrase.entity) swallowed.push(winner);
      continue;
    }
    kept.push(o);
    for (let j = o.start; j < o.end; j++) taken[j] = kept.length;
  }
  return { kept: kept.sort((a, b) => a.start - b.start), swallowed };
}

type Excluded = MatchResult['excluded'][number];

/** What the whole post says, each worked out at most once: a post repeating a name must not rescan itself. */
interface PostFacts {
  /** postTalk's bits, -1 until needed. */
  talk: number;
  county: Map<Phrase, boolean> | undefined;
}

function postContext(t: Tokens, facts: PostFacts, family: boolean): boolean {
  if (facts.talk < 0) facts.talk = postTalk(t);
  return (facts.talk & (family ? 3 : 1)) !== 0;
}

/** Whether the post names another of the entity's places than this phrase: the county beside the town. */
function namesCounty(t: Tokens, facts: PostFacts, entity: CompiledEntity, p: Phrase): boolean {
  facts.county ??= new Map();
  let seen = facts.county.get(p);
  if (seen === undefined) {
    seen = false;
    for (let j = 0; j < t.length && !seen; j++) seen = entity.placeWords.has(t.form[j]) && !p.forms.includes(t.form[j]);
    facts.county.set(p, seen);
  }
  return seen;
}

/** Bit 1: the post has a school word or year group anywhere; bit 2: a family word. */
function postTalk(t: Tokens): number {
  let bits = 0;
  for (let j = 0; j < t.length && bits !== 3; j++) {
    const f = t.form[j];
    if (SCHOOL_WORDS.has(f) || SCHOOL_WORDS.has(t.alt[j]) || yearGroupAt(t, j)) bits |= 1;
    if (FAMILY_WORDS.has(f) || FAMILY_WORDS.has(t.alt[j])) bits |= 2;
  }
  return bits;
}

/** The word just before token i in the same sentence, or '' ("at" in "at Riverside"). */
const wordBefore = (t: Tokens, i: number): string => (i > 0 && t.seg[i - 1] === t.seg[i] ? t.form[i - 1] : '');

const ATTENDANCE: ReadonlySet<string> = new Set(['at', 'from']);
/** "at Riverside", "home from Riverside": how people name the school a child goes to. */
const afterAttendance = (t: Tokens, i: number): boolean => ATTENDANCE.has(wordBefore(t, i));

/** "the toilets at Northbrook": a school is where things happen "at"; a town is "in". */
const afterAt = (t: Tokens, i: number): boolean => wordBefore(t, i) === 'at';

const afterLocative = (t: Tokens, i: number): boolean => LOCATIVES.has(wordBefore(t, i));

/** Whether the sentence around token i talks about school: a school word or a year group. */
function schoolTalkInSentence(t: Tokens, i: number): boolean {
  const seg = t.seg[i];
  let from = i;
  while (from > 0 && i - from < SENTENCE_REACH && t.seg[from - 1] === seg) from--;
  let to = i + 1;
  while (to < t.length && to - i < SENTENCE_REACH && t.seg[to] === seg) to++;
  for (let j = from; j < to; j++) if (SCHOOL_WORDS.has(t.form[j]) || SCHOOL_WORDS.has(t.alt[j]) || yearGroupAt(t, j)) return true;
  return false;
}

const AGE_WORDS: ReadonlySet<string> = new Set(['old', 'yo', 'teenage', 'aged']);

/**
 * "a 13-year-old girl from Northbrook", "a teenage boy from Northbrook", "Tyler, 11, from Northbrook": how a
 * police appeal or a report says where someone lives. Only with an age, and only in a sentence with no school
 * talk: "a girl from northbrook is getting bullied and teachers do nothing" and "that year 10 girl from
 * northbrook" name a school.
 */
function residentFrom(t: Tokens, i: number): boolean {
  if (wordBefore(t, i) !== 'from') return false;
  const j = i - 2;
  if (j < 1 || t.seg[j] !== t.seg[i] || schoolTalkInSentence(t, i)) return false;
  if (/^\d{1,2}$/.test(t.form[j])) {
    // "Tyler, 11, from": the age set off by commas after a name, not "2 from northbrook got excluded".
    return t.text.slice(t.end[j - 1], t.start[j]).includes(',') && t.text.slice(t.end[j], t.start[j + 1]).includes(',');
  }
  if (!RESIDENT_WORDS.has(t.form[j])) return false;
  let aged = false;
  for (let k = j - 1; k >= Math.max(0, j - 5) && t.seg[k] === t.seg[i]; k--) {
    if (AGE_WORDS.has(t.form[k]) || /^\d{1,2}$/.test(t.form[k])) aged = true;
    if (t.form[k] === 'a' || t.form[k] === 'an') return aged;
  }
  return false;
}

/** "NBA 2K27": an acronym followed at once by a model number names a product, whatever else the post says. */
const productName = (t: Tokens, o: Occurrence): boolean =>
  o.end < t.length && t.seg[o.end] === t.seg[o.start] && /\d/.test(t.form[o.end]) && /[a-z]/.test(t.form[o.end]);

function addExcluded(list: Excluded[], entityId: string, phrase: string, rule: NonNullable<Excluded['rule']>): void {
  const lower = phrase.toLowerCase();
  if (list.length >= MAX_REASONS || list.some((x) => x.entityId === entityId && x.phrase.toLowerCase() === lower)) return;
  list.push({ entityId, phrase, rule });
}

/** Tokens inside a name that needs no context: "NAT" beside "Millfield Primary" is about schools. */
function namedTokens(occurrences: Occurrence[], length: number): Uint8Array {
  const named = new Uint8Array(length);
  for (const o of occurrences) {
    if (o.phrase.kind === 'term' && !o.phrase.needsContext) for (let j = o.start; j < o.end; j++) named[j] = 1;
  }
  return named;
}

/**
 * "walking by the riverside": a word alias in lower case after an article is the ordinary noun,
 * unless a school or family word follows at once ("the riverside teachers").
 */
function commonNoun(t: Tokens, o: Occurrence): boolean {
  if (o.phrase.acronym || o.start === 0 || !ARTICLES.has(t.form[o.start - 1]) || t.seg[o.start - 1] !== t.seg[o.start]) return false;
  const written = t.text.slice(t.wordStart[o.start], t.wordEnd[o.end - 1]);
  if (written !== written.toLowerCase()) return false;
  const next = o.end < t.length && t.seg[o.end] === t.seg[o.start] ? t.form[o.end] : '';
  return !(SCHOOL_WORDS.has(next) || FAMILY_WORDS.has(next));
}

/** Title Case, not ALL CAPS: a shouted post is not a chain of proper nouns. */
function titleCase(t: Tokens, j: number): boolean {
  const first = t.text[t.wordStart[j]];
  return first !== first.toLowerCase() && !writtenInCapitals(t, j);
}

/**
 * The index of a word that makes a name another organisation or place ("Riverside Stadium",
 * "Northbrook Rotary Club", "St Aidan's School" when ours is an academy), or -1. Words of the entity's own names and school words end the search:
 * "Northbrook Sixth Form Centre" is ours.
 */
function otherOrganisationWord(t: Tokens, o: Occurrence, entity: CompiledEntity): number {
  const seg = t.seg[o.start];
  for (let j = o.end; j < t.length && j <= o.end + PROPER_NOUN_CHAIN && t.seg[j] === seg; j++) {
    const f = t.form[j];
    if (entity.ownWords.has(f) || (entity.runsSchools && SCHOOL_TYPE_WORDS.has(f))) return -1;
    if (OTHER_ORGANISATION_WORDS.has(f) && (!SHARED_FACILITY_WORDS.has(f) || titleCase(t, j))) return j;
    // A town's name starts many proper names ("Northbrook Youth Theatre", "Northbrook Gazette").
    if (o.phrase.place && j === o.end && t.via[j] === 'word' && SPACES_ONLY.test(t.text.slice(t.wordEnd[j - 1], t.wordStart[j])) &&
      titleCase(t, j) && !SCHOOL_WORDS.has(f) && !YEAR_WORDS.has(f) && !HONORIFICS.includes(f)) return j;
    // "Millfield School" as a proper name is another school when ours is not called a school;
    // "millfield school gates" is a parent talking about ours.
    if (f === 'school' && titleCase(t, j)) return j;
    if (SCHOOL_WORDS.has(f) || !titleCase(t, j)) return -1;
  }
  return -1;
}

/** Applies rules 3 to 5 to the occurrences the longest-match pass kept, and explains the outcome. */
function decide(t: Tokens, occurrences: Occurrence[], swallowed: Phrase[], entities: CompiledEntity[]): MatchResult {
  const excluded: Excluded[] = [];
  for (const p of swallowed) addExcluded(excluded, entities[p.entity].id, p.text, 'exclude');
  const namesakes: (string[] | undefined)[] = new Array(entities.length);
  for (const o of occurrences) if (o.phrase.kind === 'exclude') (namesakes[o.phrase.entity] ??= []).push(o.phrase.text);

  let named: Uint8Array | undefined;
  const facts: PostFacts = { talk: -1, county: undefined };
  const reasons: MatchReason[] = [];
  const reasonEntity: number[] = [];
  const asPlace: boolean[] = [];
  const townOnly: boolean[] = [];
  const others: number[] = [];
  // A post that has used a name for another body ("the Millfield area of Peterborough") means that body
  // again when it repeats the name bare ("Millfield residents"); a school word beside it says otherwise.
  const otherBody: Phrase[] = [];
  for (const o of occurrences) {
    const other = o.phrase.kind === 'term' && o.phrase.ambiguous && !o.tagRule ? otherOrganisationWord(t, o, entities[o.phrase.entity]) : -1;
    others.push(other);
    if (other >= 0) otherBody.push(o.phrase);
  }
  for (let k = 0; k < occurrences.length; k++) {
    const o = occurrences[k];
    const p = o.phrase;
    if (p.kind === 'exclude') continue;
    const entity = entities[p.entity];
    const via = t.via[o.start];
    if (p.ambiguous && !o.tagRule) {
      const seen = namesakes[p.entity];
      if (seen) {
        for (const phrase of seen) addExcluded(excluded, entity.id, phrase, 'exclude');
        continue;
      }
      const other = others[k];
      if (other >= 0) {
        addExcluded(excluded, entity.id, t.text.slice(t.start[o.start], t.end[other]), 'other_organisation');
        continue;
      }
      if (otherBody.includes(p) && !hasContext(t, o, entity, (named ??= namedTokens(occurrences, t.length)), WORD_WINDOW, 'joined')) continue;
    }
    // "saca", "rja": an acronym in lower case is as likely a word or a typo, so it needs context too.
    const lowered = p.acronym && via === 'word' && !writtenInCapitals(t, o.start);
    if (p.needsContext || lowered) {
      // "#NAT" in capitals as the whole tag is chosen on purpose: read like the acronym written as a word.
      const taggedAcronym = via === 'hashtag' && p.acronym && o.end - o.start === 1 && t.tag[o.start] === `#${t.form[o.start]}` && writtenInCapitals(t, o.start);
      if ((via !== 'word' && !taggedAcronym) || commonNoun(t, o)) continue;
      named ??= namedTokens(occurrences, t.length);
      if (!hasContext(t, o, entity, named, p.acronym ? ACRONYM_WINDOW : ALIAS_WINDOW, 'sentence')) {
        // "my grandson loves it at Riverside. The teachers ...": a school attended, with school talk elsewhere in the post.
        const attended = afterAttendance(t, o.start) && (p.acronym || postContext(t, facts, false));
        // An acronym configured as a plain alias ("rja") has no common namesake: school talk anywhere will do.
        const ownAcronym = lowered && !p.needsContext && postContext(t, facts, true);
        const capitals = p.acronym && !lowered && !productName(t, o) && postContext(t, facts, false);
        // "Riverside is a joke." in a review about teachers and the head: a word alias written as a name, in a post
        // about school; not when another name follows it ("Riverside Tesco").
        const nextNamed = o.end < t.length && t.seg[o.end] === t.seg[o.start] && t.via[o.end] === 'word' && titleCase(t, o.end);
        const titled = !p.acronym && titleCase(t, o.start) && !nextNamed && postContext(t, facts, false);
        if (!attended && !ownAcronym && !capitals && !titled) continue;
      }
    }
    const rule: Rule = o.tagRule ?? (via === 'word' ? p.rule : via);
    reasons.push({ entityId: entity.id, term: p.text, rule, match: t.text.slice(t.start[o.start], t.end[o.end - 1]) });
    reasonEntity.push(p.entity);
    // "outside Northbrook gates" is at the school, "outside Northbrook" is not.
    // "to Northbrook" is as often the school run as the town; "outside Northbrook gates" is at the school.
    const locative = (residentFrom(t, o.start) || (afterLocative(t, o.start) && t.form[o.start - 1] !== 'to')) &&
      !(o.end < t.length && t.seg[o.end] === t.seg[o.start] && SCHOOL_WORDS.has(t.form[o.end]));
    asPlace.push(p.place && !o.tagRule && !afterAt(t, o.start) && (locative || !hasContext(t, o, entity, (named ??= namedTokens(occurrences, t.length)), WORD_WINDOW, 'joined')));
    // A town said as a place ("near Northbrook") or beside its county ("Cambridgeshire Police are
    // appealing ... a girl from Northbrook") is the town, even when nothing else is named.
    townOnly.push(asPlace[asPlace.length - 1] && (locative || namesCounty(t, facts, entity, p)));
  }

  // Rule 5: a town said as a place counts only when nothing else is named.
  // state: 0 not matched, 1 named outright, 2 matched only by its town said as a place.
  const state = new Uint8Array(entities.length);
  let namedCount = 0;
  for (let r = 0; r < reasons.length; r++) {
    if (!asPlace[r] && state[reasonEntity[r]] === 0) {
      state[reasonEntity[r]] = 1;
      namedCount++;
    }
  }
  // A post that says the town as a place once means the town when it repeats the name without school talk.
  const town = new Uint8Array(entities.length);
  for (let r = 0; r < reasons.length; r++) if (townOnly[r]) town[reasonEntity[r]] = 1;
  for (let r = 0; r < reasons.length; r++) {
    const e = reasonEntity[r];
    if (town[e] === 1 && asPlace[r]) townOnly[r] = true;
    if (!asPlace[r] || state[e] === 1) continue;
    if (namedCount > 0 || townOnly[r]) addExcluded(excluded, entities[e].id, reasons[r].match, 'place');
    else state[e] = 2;
  }

  const entityIds: string[] = [];
  const explained: MatchReason[] = [];
  for (let e = 0; e < entities.length; e++) {
    if (state[e] === 0) continue;
    entityIds.push(entities[e].id);
    for (let r = 0; r < reasons.length && explained.length < MAX_REASONS; r++) {
      const reason = reasons[r];
      // An entity named outright is explained by its names, not by its town said as a place.
      if (reasonEntity[r] !== e || (asPlace[r] && state[e] === 1)) continue;
      const lower = reason.match.toLowerCase();
      if (!explained.some((x) => x.entityId === reason.entityId && x.term === reason.term && x.rule === reason.rule && x.match.toLowerCase() === lower)) {
        explained.push(reason);
      }
    }
  }
  return { entityIds, reasons: explained, excluded };
}

/**
 * Builds the matcher once per config: phrases are folded and indexed by their first word, so each
 * `match` is one pass over the post's words with a map look-up per word.
 */
export function createMatcher(config: TrustConfig): Matcher {
  const compiled = compile(config);
  return {
    match(text: string): MatchResult {
      const t = tokenise(text.length > MAX_MATCH_CHARS ? text.slice(0, MAX_MATCH_CHARS) : text);
      const { kept, swallowed } = resolve(t, compiled);
      if (kept.length === 0) return { entityIds: [], reasons: [], excluded: [] };
      return decide(t, kept, swallowed, compiled.compiled);
    },
  };
}
