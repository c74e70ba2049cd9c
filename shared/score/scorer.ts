import type { Analysis, Hit, RuleFamily, Span } from './analysis.js';
import { isSafeguarding } from './categories.js';
import { categoryLexicons, checkExtraLexicon, cuePhrases, idiomPhrases, isGivenName, trustRules, type CueName } from './lexicon.js';
import { analyse, wordKey, type Token } from './normalise.js';
import { PhraseSet } from './phrases.js';
import { ruleFamilies } from './rules/index.js';
import { builtInPatterns } from './rules/patterns.js';
import { REPUTATIONAL_CATEGORIES, SAFEGUARDING_CATEGORIES } from './categories.js';
import type { AxisScore, Category, Reason, Score, ScoreContext, Scorer, Severity } from './types.js';

export interface ScorerOptions {
  /** The trust config's `lexicon:`: extra phrases per category, and `idioms` to ignore. */
  extraLexicon?: Record<string, string[]>;
  /**
   * The trained-classifier family (rules/model.ts) by default; another family in its place (training
   * puts a recorder there to read what the rules found), or null for the hand-written rules alone.
   */
  model?: RuleFamily | null;
}

/** What a phrase of the shared context index marks: an idiom to mask, a cue, or a pattern word class. */
type ContextWord = { cue?: CueName; wordClass?: string };
const IDIOM: ContextWord = {};

/** Reasons shown per mention: enough to explain, few enough to read in a digest. */
const MAX_REASONS = 12;


/**
 * Builds the scorer once (lexicons compiled into phrase indexes, tens of milliseconds); `score` then
 * runs per mention in microseconds, with no network and no model download.
 */
export function createScorer(options: ScorerOptions = {}): Scorer {
  const extra = checkExtraLexicon(options.extraLexicon ?? {});

  // Idioms, cues and pattern word classes share one index, so a post is walked once for all three.
  const context = new PhraseSet<ContextWord>(false);
  for (const phrase of [...idiomPhrases, ...(extra.idioms ?? [])]) context.add(phrase, IDIOM);
  for (const [name, phrases] of Object.entries(cuePhrases)) for (const phrase of phrases ?? []) context.add(phrase, { cue: name as CueName });
  for (const [name, phrases] of Object.entries(builtInPatterns.classes)) for (const phrase of phrases) context.add(phrase, { wordClass: name });
  const families: RuleFamily[] = ruleFamilies([...categoryLexicons, ...trustRules(extra)], options.model);

  return {
    score(text: string, scoreContext: ScoreContext = {}): Score {
      const analysed = analyse(typeof text === 'string' ? text : '');
      const masked = new Uint8Array(analysed.tokens.length);
      const found = context.find(analysed.tokens);
      let anyIdiom = false;
      for (const m of found) {
        if (m.phrase.value !== IDIOM) continue;
        masked.fill(1, m.from, m.to);
        anyIdiom = true;
      }
      const cuePositions = new Map<CueName, number[]>();
      const classes = new Map<string, Span[]>();
      for (const m of found) {
        const word = m.phrase.value;
        // A cue or class inside an idiom is part of the idiom ("killing it" holds no cue).
        if (word === IDIOM || (anyIdiom && isMasked(masked, m.from, m.to))) continue;
        if (word.cue) {
          const list = cuePositions.get(word.cue);
          if (list) list.push(m.from);
          else cuePositions.set(word.cue, [m.from]);
        } else if (word.wordClass) {
          const list = classes.get(word.wordClass);
          // The match is the span: no copy per word on the hot path.
          if (list) list.push(m);
          else classes.set(word.wordClass, [m]);
        }
      }
      markPeople(analysed.text, analysed.tokens, cuePositions);
      markAges(analysed.tokens, cuePositions);
      // Written out rather than spread: a spread copies property by property, a measurable share of a post's time.
      const analysis: Analysis = { text: analysed.text, tokens: analysed.tokens, context: scoreContext, masked, cues: cuePositions, classes, hits: [] };
      for (const family of families) family.apply(analysis);
      return aggregate(analysis.hits.filter((h) => !h.dropped));
    },
  };
}

function isMasked(masked: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (masked[i]) return true;
  return false;
}

// Compared with token keys, so written through wordKey.
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'prof', 'rev', 'coach', 'cllr'].map(wordKey));

/** The `person` cue: a capitalised given name not after a title ("Tyler, 11", not "Mr David Okafor"). */
function markPeople(text: string, tokens: Token[], cues: Map<CueName, number[]>): void {
  const people: number[] = [];
  tokens.forEach((t, i) => {
    if (t.capitalised && isGivenName(text, t) && !(i > 0 && TITLES.has(tokens[i - 1].key))) people.push(i);
  });
  if (people.length) cues.set('person', people);
}

// Words before a bare number that make it an age: "im 14", "hes 25", "she's only 12", "my daughter (12)".
const AGE_LEADS = new Set(['im', 'hes', 'shes', 'is', 'only', 'aged', 'age', 'turned', 'just', 'daughter', 'son', 'kid', 'girl', 'boy', 'sister', 'brother', 'child', 'were', 'was', 'am'].map(wordKey));
const AGE = /^(\d{1,2})(yo|yrs|yr)?$/;

/**
 * Ages written as bare numbers: "im 14" marks a child, "hes 25" an adult. The phrase cues only
 * see "14 year old"; teenagers mostly write the number alone. A number ending in "yo" ("15yo") is
 * an age wherever it stands.
 */
function markAges(tokens: Token[], cues: Map<CueName, number[]>): void {
  tokens.forEach((t, i) => {
    const first = t.key.charCodeAt(0);
    if (first < 48 || first > 57) return;
    const m = AGE.exec(t.key);
    if (!m || !(m[2] || (i > 0 && AGE_LEADS.has(tokens[i - 1].key)))) return;
    const age = Number(m[1]);
    const cue: CueName | null = age >= 4 && age <= 17 ? 'child' : age >= 18 && age <= 70 ? 'adult_stranger' : null;
    if (!cue) return;
    const list = cues.get(cue);
    if (list) list.push(i);
    else cues.set(cue, [i]);
  });
}

const clamp = (n: number): Severity => Math.max(0, Math.min(4, Math.round(n))) as Severity;

function aggregate(hits: Hit[]): Score {
  const byCategory = new Map<Category, number>();
  for (const h of hits) byCategory.set(h.category, Math.max(byCategory.get(h.category) ?? 0, h.severity));
  const level = (c: Category): number => byCategory.get(c) ?? 0;
  const axis = <C extends Category>(order: readonly C[]): AxisScore<C> => {
    // Array sort is stable, so equals keep the taxonomy's order.
    const categories = order.filter((c) => level(c) > 0).sort((x, y) => level(y) - level(x));
    return {
      severity: clamp(Math.max(0, ...categories.map(level))),
      categories,
      low: categories.filter((c) => level(c) < 2),
    };
  };

  const reasons: Reason[] = [];
  // `hits` is the caller's own filtered copy, so it is sorted in place; reasons are few, so a repeat is found by a scan.
  for (const h of hits.sort((x, y) => y.severity - x.severity || Number(isSafeguarding(y.category)) - Number(isSafeguarding(x.category)))) {
    if (reasons.some((r) => r.category === h.category && r.rule === h.rule && r.match === h.match)) continue;
    reasons.push({ category: h.category, rule: h.rule, match: h.match });
    if (reasons.length >= MAX_REASONS) break;
  }
  return { safeguarding: axis(SAFEGUARDING_CATEGORIES), reputational: axis(REPUTATIONAL_CATEGORIES), reasons };
}
