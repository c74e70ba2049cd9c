import type { Analysis, RuleFamily, Span } from '../analysis.js';
import { isCategory } from '../categories.js';
import { CUE_NAMES, type CueName } from '../lexicon.js';
import patterns from '../lexicons/patterns.json' with { type: 'json' };
import { wordCount } from '../normalise.js';
import type { Category } from '../types.js';

/**
 * Pattern rules: word classes in sequence ("i'm gonna" + "stab" + "him") rather than fixed phrases.
 * A phrase list catches the wordings someone thought of; a class sequence catches the many ways
 * one intent is said (pronoun, tense, slang and word-order variants). The classes and patterns are
 * data in lexicons/patterns.json; this file only matches them. Hits go through the same context
 * rules as lexicon hits (awareness, fiction, negation, corroboration).
 */

export interface PatternRule {
  category: Category;
  rule: string;
  severity: number;
  /** Class or cue names that must follow one another, each starting within `gap` words of the last. */
  sequence: string[];
  gap?: number;
  /** Each inner list: one of these class or cue names must be in the post (within `within` words if set). */
  with?: string[][];
  within?: number;
  /** None of these class or cue names may be within `within` (default 4) words of the match. */
  unless?: string[];
  /**
   * How near an `unless` name must be, if not `within`: 0 means overlapping the match itself, so "dad is
   * drunk" stops a drunk-child rule on its own "drunk" but not on "my mum found me drunk".
   */
  unlessWithin?: number;
  /**
   * None of these class or cue names may be anywhere in the post: a frame that turns the whole post
   * around, such as counter-speech ("saying women are stupid is sexist").
   */
  unlessInPost?: string[];
  /** If one of these class or cue names is in the post, `unlessInPost` does not apply: "my son keeps saying women should know their place" is a concern however it is reported. */
  keepIfInPost?: string[];
  /**
   * A cluster rather than a sequence: at least this many different phrases of the one class in
   * `sequence` ("blades", "nobody knows", "my funeral"); the match runs from the first to the last.
   */
  count?: number;
  /** The post has at most this many words (as `wordCount` counts them): "sorry for everything x" as the whole post. */
  maxWords?: number;
  topic?: boolean;
  weak?: boolean | 'phrase';
}

export interface PatternFile {
  about: string;
  classes: Record<string, string[]>;
  patterns: PatternRule[];
}

class PatternError extends Error {
  constructor(where: string, problem: string) {
    super(`The scorer lexicon patterns.json is invalid at "${where}": ${problem}. Fix the file and run the tests again.`);
    this.name = 'PatternError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');

/** Checks patterns.json when the scorer is built: every name used must be a class or a cue. */
export function checkPatternFile(json: unknown): PatternFile {
  if (!isObject(json) || typeof json.about !== 'string' || !isObject(json.classes) || !Array.isArray(json.patterns)) {
    throw new PatternError('', 'expected { "about", "classes": { name: [phrases] }, "patterns": [...] }');
  }
  const classes = json.classes;
  for (const [name, phrases] of Object.entries(classes)) {
    if ((CUE_NAMES as readonly string[]).includes(name)) throw new PatternError(`classes.${name}`, 'a class may not share a cue\'s name');
    if (!isNameList(phrases) || phrases.some((p) => !p.trim())) throw new PatternError(`classes.${name}`, 'list non-empty phrases');
  }
  const known = (n: string): boolean => n in classes || (CUE_NAMES as readonly string[]).includes(n);
  json.patterns.forEach((p: unknown, i: number) => {
    const at = (field: string): string => `patterns.${i}.${field}`;
    if (!isObject(p)) throw new PatternError(`patterns.${i}`, 'each pattern is an object');
    if (!isCategory(p.category)) throw new PatternError(at('category'), `"${String(p.category)}" is not a category`);
    if (typeof p.rule !== 'string' || !/^[a-z_]+$/.test(p.rule)) throw new PatternError(at('rule'), 'name rules with lower-case letters and _');
    if (!Number.isInteger(p.severity) || (p.severity as number) < 1 || (p.severity as number) > 4) throw new PatternError(at('severity'), 'severity is a whole number 1 to 4');
    if (!isNameList(p.sequence)) throw new PatternError(at('sequence'), 'list at least one class or cue name');
    for (const n of p.sequence) if (!known(n)) throw new PatternError(at('sequence'), `"${n}" is neither a class nor a cue`);
    if (p.with !== undefined && !(Array.isArray(p.with) && p.with.every((alt) => isNameList(alt) && alt.every(known)))) {
      throw new PatternError(at('with'), 'list lists of class or cue names');
    }
    for (const f of ['unless', 'unlessInPost', 'keepIfInPost'] as const) {
      if (p[f] !== undefined && !(isNameList(p[f]) && p[f].every(known))) throw new PatternError(at(f), 'list class or cue names');
    }
    if (p.keepIfInPost !== undefined && p.unlessInPost === undefined) throw new PatternError(at('keepIfInPost'), 'keepIfInPost only lifts an unlessInPost: add one or remove it');
    if (p.count !== undefined && (!Number.isInteger(p.count) || (p.count as number) < 2 || (p.count as number) > 10 || p.sequence.length !== 1 || !(p.sequence[0] in classes))) {
      throw new PatternError(at('count'), 'count is 2 to 10 and needs a sequence of one class');
    }
    if (p.maxWords !== undefined && (!Number.isInteger(p.maxWords) || (p.maxWords as number) < 1 || (p.maxWords as number) > 20)) throw new PatternError(at('maxWords'), 'maxWords is 1 to 20 words');
    for (const f of ['gap', 'within', 'unlessWithin'] as const) {
      if (p[f] !== undefined && (!Number.isInteger(p[f]) || (p[f] as number) < 0 || (p[f] as number) > 20)) throw new PatternError(at(f), `${f} is 0 to 20 words`);
    }
  });
  return json as unknown as PatternFile;
}

/** The built-in classes and patterns, checked once at import. */
export const builtInPatterns: PatternFile = checkPatternFile(patterns);

/**
 * Sequences over the class spans. The scorer finds the classes in the same pass as idioms and cues
 * (see scorer.ts), so a post is walked once for all three.
 */
export function patternFamily(file: PatternFile): RuleFamily {
  const cueNames = new Set<string>(CUE_NAMES);
  const isClass = (name: string): boolean => !cueNames.has(name);
  const compiled = file.patterns.map((rule) => ({
    rule,
    classes: rule.sequence.filter(isClass),
    // `with` lists made only of classes: one of each must be in the post, a cheap test before matching.
    classGroups: (rule.with ?? []).filter((alt) => alt.every(isClass)),
    name: `pattern:${rule.category}.${rule.rule}`,
    phrase: `pattern:${rule.rule}`,
  }));
  // A pattern is looked at only when a class it needs is in the post: its first class, or else one
  // class of a `with` list; a pattern of cues alone is looked at always.
  const byTrigger = new Map<string, number[]>();
  const always: number[] = [];
  compiled.forEach(({ classes, classGroups }, i) => {
    const triggers = classes.length ? [classes[0]] : (classGroups[0] ?? []);
    if (!triggers.length) always.push(i);
    for (const name of triggers) byTrigger.set(name, [...(byTrigger.get(name) ?? []), i]);
  });

  // One table for every post rather than one each: `apply` runs a post to the end before the next.
  const candidate = new Uint8Array(compiled.length);

  return {
    name: 'patterns',
    apply(a: Analysis) {
      const spans = a.classes;
      const cueSpans = new Map<string, Span[]>();
      const of = (name: string): Span[] => {
        if (!cueNames.has(name)) return spans.get(name) ?? [];
        let list = cueSpans.get(name);
        if (!list) cueSpans.set(name, (list = (a.cues.get(name as CueName) ?? []).map((p) => ({ from: p, to: p + 1 })).sort((x, y) => x.from - y.from)));
        return list;
      };

      const inPost = (name: string): boolean => of(name).length > 0;
      let words: number | undefined;

      candidate.fill(0);
      for (const i of always) candidate[i] = 1;
      for (const name of spans.keys()) for (const i of byTrigger.get(name) ?? []) candidate[i] = 1;

      for (let i = 0; i < compiled.length; i++) {
        if (!candidate[i]) continue;
        const { rule, classes, classGroups, name, phrase } = compiled[i];
        if (!hasAll(spans, classes) || !classGroups.every((alt) => hasAny(spans, alt))) continue;
        // Post-wide, so looked at before any matching.
        if (rule.unlessInPost?.some(inPost) && !rule.keepIfInPost?.some(inPost)) continue;
        if (rule.maxWords !== undefined && (words ??= wordCount(a)) > rule.maxWords) continue;
        const match = rule.count ? findCluster(of(rule.sequence[0]), rule.count) : findSequence(rule.sequence, rule.gap ?? 2, of);
        if (!match) continue;
        const within = rule.within;
        const nearMatch = (s: Span, reach: number): boolean => s.from < match.to + reach && s.to > match.from - reach;
        if (rule.with && !rule.with.every((alt) => alt.some((n) => of(n).some((s) => within === undefined || nearMatch(s, within))))) continue;
        if (rule.unless?.some((n) => of(n).some((s) => nearMatch(s, rule.unlessWithin ?? within ?? 4)))) continue;
        a.hits.push({
          category: rule.category,
          severity: rule.severity,
          rule: name,
          match: a.text.slice(a.tokens[match.from].start, a.tokens[match.to - 1].end).slice(0, 120),
          from: match.from,
          to: match.to,
          phrase,
          topic: rule.topic,
          weak: rule.weak,
        });
      }
    },
  };
}

function hasAll(spans: Map<string, Span[]>, names: string[]): boolean {
  for (const name of names) if (!spans.has(name)) return false;
  return true;
}

function hasAny(spans: Map<string, Span[]>, names: string[]): boolean {
  for (const name of names) if (spans.has(name)) return true;
  return false;
}

/**
 * The first place the names occur in order, each starting within `gap` words after the previous one
 * ends. Spans are in token order, so each step is a binary search and a short window: bounded time
 * however often a word repeats in a hostile post.
 */
function findSequence(names: string[], gap: number, of: (name: string) => Span[]): Span | null {
  const step = (i: number, after: Span | null, from: number): Span | null => {
    if (i === names.length) return after && { from, to: after.to };
    const spans = of(names[i]);
    for (let k = after ? firstAtOrAfter(spans, after.to) : 0; k < spans.length; k++) {
      const s = spans[k];
      if (after && s.from > after.to + gap) break;
      const end = step(i + 1, s, after ? from : s.from);
      if (end) return end;
    }
    return null;
  };
  return step(0, null, 0);
}

/** The span from the first to the last of `count` different phrases that do not overlap, or null. */
function findCluster(spans: Span[], count: number): Span | null {
  const seen = new Set<unknown>();
  let lastTo = -1;
  let from = -1;
  for (const s of spans) {
    if (s.from < lastTo || seen.has(s.phrase)) continue;
    seen.add(s.phrase);
    lastTo = s.to;
    if (from < 0) from = s.from;
    if (seen.size >= count) return { from, to: s.to };
  }
  return null;
}

function firstAtOrAfter(spans: Span[], position: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].from < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
