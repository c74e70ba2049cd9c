import type { Token } from '../normalise.js';
import { hashString, pairHash } from './hash.js';
import { loadWordClusters, type WordClusters, type WordClustersFile } from './word-clusters.js';
import clusters from './word-clusters.json' with { type: 'json' };

/**
 * The words the classifier sees: word stems, each stem's word cluster, and pairs of neighbouring
 * stems, taken from the same normalised tokens the rules use (so leet, spacing and look-alike
 * letters are already undone). Stems let "cutting", "cuts" and "cut" share one weight; clusters let
 * a word no training post used weigh like its kind ("narcotics" like "cocaine", word-clusters.ts);
 * pairs keep the bit of word order that separates "killing it" from "kill him". Each feature is a
 * 32-bit hash, not a string: no string is built per word pair, which keeps the classifier within
 * the scorer's speed budget.
 */

/** The distinct features of one post, with the token range each was first seen at (quoted back as evidence). */
export interface Features {
  ids: number[];
  from: number[];
  to: number[];
}

/** Only the head of a long post is read: the classifier's cost stays flat on a 5,000-character article. */
export const MAX_FEATURE_TOKENS = 400;

/**
 * Features are binary, so a post's vector has length sqrt(distinct features); dividing by it keeps a
 * long article from outweighing a short post. Counted over all of the post's features, known or
 * not, so the classifier can compute it without the training vocabulary.
 */
export const featureNorm = (distinct: number): number => 1 / Math.sqrt(Math.max(1, distinct));

/** Words ending in "s" that are not plurals and mean something else without it ("news" is not "new"). */
const NOT_PLURAL = new Set(['news', 'always', 'perhaps', 'series', 'species', 'gas', 'lens']);

/**
 * A light suffix stripper, not a full Porter stemmer: it only has to map a word's common forms to
 * one key, and must stay cheap.
 */
export function stem(key: string): string {
  if (key.length <= 3) return key;
  let s = key;
  if ((s.endsWith('ies') || s.endsWith('ied')) && s.length > 4) s = s.slice(0, -3) + 'y';
  else if (s.endsWith('ing') && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith('ed') && s.length > 4) s = s.slice(0, -2);
  else if (s.endsWith('ly') && s.length > 4) s = s.slice(0, -2);
  else if (s.endsWith('es') && s.length > 4 && /(ss|sh|ch|x)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && s.length > 3 && !NOT_PLURAL.has(s)) s = s.slice(0, -1);
  // "cutt" (from cutting) and "cut" are one word.
  if (s.length > 3 && s[s.length - 1] === s[s.length - 2] && !/[lsz]/.test(s[s.length - 1])) s = s.slice(0, -1);
  return s;
}

/** A number stands for its shape, not its value: "07700 900123" and "07911 123456" are one feature. */
export const wordFeature = (key: string): string => (/^\d+$/.test(key) ? `#${Math.min(key.length, 6)}` : stem(key));

/**
 * Words that carry grammar, not topic. Alone they only teach the classifier who tends to write in
 * the first person (teenagers, about everything); in a pair ("want to", "better off") they still count.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  ('a an the i im ive id ill me my mine myself you your youre u ur he him his she her hers it its we us our they them their ' +
    'this that these those is are was were be been being am do does did doing have has had having will would shall should ' +
    'can could may might must to of in on at by for with from into onto about as than then so too very just and or but if ' +
    'because cos coz not no yes all any some what when where who why how there here up down out off over again still even ' +
    'really literally honestly tbh ngl lol fr rn').split(' '),
);

// Loaded on first use, not at import: a damaged file then fails the scoring that needs it with its own
// message, and leaves `mention-monitor clusters`, which rebuilds it, able to start.
let loaded: WordClusters | undefined;
const wordClusters = (): WordClusters => (loaded ??= loadWordClusters(clusters as WordClustersFile));

// Words repeat across posts, so each key's features are worked out once: its stem's hash, negated
// for a function word so one lookup answers both, and its cluster's feature id (0 for none). The
// bound keeps a long-lived Lambda's memory flat.
const WORDS = new Map<string, [signed: number, cluster: number]>();
const CACHE_MAX = 50_000;
function wordFeatures(key: string): [number, number] {
  let w = WORDS.get(key);
  if (w === undefined) {
    if (WORDS.size >= CACHE_MAX) WORDS.clear();
    // Judged on the word as written: stemming turns some ("this", "really") into other keys.
    const word = hashString(wordFeature(key));
    const functionWord = FUNCTION_WORDS.has(key);
    WORDS.set(key, (w = [functionWord ? -word : word, functionWord ? 0 : (wordClusters().get(word) ?? 0)]));
  }
  return w;
}

/**
 * Whether English uses the word: a grammar word, or one whose stem is among the clustered vocabulary
 * (the 30,000 most frequent words), unless it is a short word's -ing or -ed form written with one
 * consonant where English doubles it ("cuting", "stabed": their stems "cut" and "stab" are known).
 * The phrase matcher reads a word English does not use as a possible misspelling.
 */
export function isKnownWord(key: string): boolean {
  if (FUNCTION_WORDS.has(key)) return true;
  // A cluster's feature id is never 0 (hashString), so 0 means the stem has none.
  return !UNDOUBLED.test(key) && wordFeatures(key)[1] !== 0;
}

/** One syllable ending consonant-vowel-consonant, then -ing or -ed: English writes "cutting", "stabbed". */
const UNDOUBLED = /^[^aeiouy]*[aeiou][bdfgklmnprtvz](ing|ed)$/;

// A post has at most 3 * MAX_FEATURE_TOKENS features; a table at least twice that size (so probing
// always ends), cleared by bumping a stamp rather than by allocating, tells repeats apart without a Set per post.
const SEEN_SIZE = 1 << Math.ceil(Math.log2(6 * MAX_FEATURE_TOKENS));
const seenKey = new Uint32Array(SEEN_SIZE);
const seenStamp = new Uint32Array(SEEN_SIZE);
let stamp = 0;

export function featuresOf(tokens: readonly Token[]): Features {
  const n = Math.min(tokens.length, MAX_FEATURE_TOKENS);
  const ids: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    seenStamp.fill(0);
    stamp = 1;
  }
  const add = (id: number, start: number, end: number): void => {
    let s = id & (SEEN_SIZE - 1);
    for (; seenStamp[s] === stamp; s = (s + 1) & (SEEN_SIZE - 1)) if (seenKey[s] === id) return;
    seenStamp[s] = stamp;
    seenKey[s] = id;
    ids.push(id);
    from.push(start);
    to.push(end);
  };
  // A link's pieces ("t", "co", "Xk3LmN9pQr") say nothing about the post, and no pair reaches across one.
  let previous = 0;
  for (let i = 0; i < n; i++) {
    if (tokens[i].link) {
      previous = 0;
      continue;
    }
    const [signed, cluster] = wordFeatures(tokens[i].key);
    const word = signed < 0 ? -signed : signed;
    if (signed > 0) add(word, i, i + 1);
    if (cluster) add(cluster, i, i + 1);
    if (previous !== 0) add(pairHash(previous, word), i - 1, i + 1);
    previous = word;
  }
  return { ids, from, to };
}
