import type { CueName } from './lexicon.js';
import type { AnalysedText } from './normalise.js';
import type { Category, ScoreContext } from './types.js';

/** One piece of evidence for a category. Rules add hits; context rules may drop or lower them. */
export interface Hit {
  category: Category;
  severity: number;
  /** `family.rule`, e.g. "lexicon:self_harm.slang" or "exposure:name_with_phone". */
  rule: string;
  /** The words as written in the post. */
  match: string;
  /** Token range, end exclusive; -1 for hits about the whole post (a phone number, the platform). */
  from: number;
  to: number;
  /** The phrase as written in the lexicon, so two matches of one phrase count once. */
  phrase: string;
  topic?: boolean;
  weak?: boolean | 'phrase';
  /** Set by a context rule; a dropped hit gives no reason and no score. */
  dropped?: string;
}

/** A token range, end exclusive. */
export interface Span {
  from: number;
  to: number;
  /** For a word-class span, the class phrase that matched (compared by identity), so repeats of one word count once. */
  phrase?: unknown;
}

/** Everything the rule families share about one post. */
export interface Analysis extends AnalysedText {
  context: ScoreContext;
  /** Tokens inside harmless idioms ("killing it", "Scunthorpe"): no rule may match them. */
  masked: Uint8Array;
  /** Token start positions of each context cue. */
  cues: Map<CueName, number[]>;
  /** Token spans of each word class of lexicons/patterns.json, in token order (see rules/patterns.ts). */
  classes: Map<string, Span[]>;
  hits: Hit[];
}

/** A family of rules: one file in ./rules, listed in rules/index.ts. Families run in list order. */
export interface RuleFamily {
  name: string;
  apply(analysis: Analysis): void;
}

export const hasCue = (a: Analysis, cue: CueName): boolean => (a.cues.get(cue)?.length ?? 0) > 0;

/** What ends a sentence, for rules that read a sentence at a time. */
export const SENTENCE_END = /[.!?\n]/;

/** Whether a sentence ends between tokens i and j (i < j). */
export const sentenceBreak = (a: Analysis, i: number, j: number): boolean => SENTENCE_END.test(a.text.slice(a.tokens[i].end, a.tokens[j].start));

/** True when the cue starts within `within` words of the token range [from, to). */
export function cueNear(a: Analysis, cue: CueName, from: number, to: number, within: number): boolean {
  const positions = a.cues.get(cue);
  if (!positions) return false;
  for (const p of positions) if (p >= from - within && p < to + within && (p < from || p >= to)) return true;
  return false;
}

export const quote = (a: Analysis, from: number, to: number): string =>
  a.text.slice(a.tokens[from].start, a.tokens[to - 1].end).slice(0, 120);
