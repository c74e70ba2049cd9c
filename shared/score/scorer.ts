import type { Analysis, Hit, RuleFamily } from './analysis.js';
import { isSafeguarding } from './categories.js';
import { categoryLexicons, checkExtraLexicon, cuePhrases, idiomPhrases, isGivenName, trustRules, type CueName } from './lexicon.js';
import { analyse, wordKey, type Token } from './normalise.js';
import { PhraseSet } from './phrases.js';
import { ruleFamilies } from './rules/index.js';
import { REPUTATIONAL_CATEGORIES, SAFEGUARDING_CATEGORIES } from './categories.js';
import type { Category, Reason, Score, ScoreContext, Scorer, Severity } from './types.js';

export interface ScorerOptions {
  /** The trust config's `lexicon:`: extra phrases per category, and `idioms` to ignore. */
  extraLexicon?: Record<string, string[]>;
}

/** Reasons shown per mention: enough to explain, few enough to read in a digest. */
const MAX_REASONS = 12;


/**
 * Builds the scorer once (lexicons compiled into phrase indexes, tens of milliseconds); `score` then
 * runs per mention in microseconds, with no network and no model download.
 */
export function createScorer(options: ScorerOptions = {}): Scorer {
  const extra = checkExtraLexicon(options.extraLexicon ?? {});

  // Idioms and cues share one index, so a post is walked once for both; `null` marks an idiom.
  const context = new PhraseSet<CueName | null>(false);
  for (const phrase of [...idiomPhrases, ...(extra.idioms ?? [])]) context.add(phrase, null);
  for (const [name, phrases] of Object.entries(cuePhrases)) for (const phrase of phrases ?? []) context.add(phrase, name as CueName);
  const families: RuleFamily[] = ruleFamilies([...categoryLexicons, ...trustRules(extra)]);

  return {
    score(text: string, scoreContext: ScoreContext = {}): Score {
      const analysed = analyse(typeof text === 'string' ? text : '');
      const masked = new Uint8Array(analysed.tokens.length);
      const found = context.find(analysed.tokens);
      for (const m of found) if (m.phrase.value === null) masked.fill(1, m.from, m.to);
      const cuePositions = new Map<CueName, number[]>();
      for (const m of found) {
        const cue = m.phrase.value;
        // A cue inside an idiom is part of the idiom ("killing it" holds no cue).
        if (cue === null || masked.subarray(m.from, m.to).includes(1)) continue;
        const list = cuePositions.get(cue);
        if (list) list.push(m.from);
        else cuePositions.set(cue, [m.from]);
      }
      markPeople(analysed.text, analysed.tokens, cuePositions);
      const analysis: Analysis = { ...analysed, context: scoreContext, masked, cues: cuePositions, hits: [] };
      for (const family of families) family.apply(analysis);
      return aggregate(analysis.hits.filter((h) => !h.dropped));
    },
  };
}

// Compared with token keys, where letters are squeezed ("miss" -> "mis").
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'prof', 'rev', 'coach', 'cllr'].map(wordKey));

/** The `person` cue: a capitalised given name not after a title ("Tyler, 11", not "Mr David Okafor"). */
function markPeople(text: string, tokens: Token[], cues: Map<CueName, number[]>): void {
  const people: number[] = [];
  tokens.forEach((t, i) => {
    if (t.capitalised && isGivenName(text, t) && !(i > 0 && TITLES.has(tokens[i - 1].key))) people.push(i);
  });
  if (people.length) cues.set('person', people);
}

const clamp = (n: number): Severity => Math.max(0, Math.min(4, Math.round(n))) as Severity;

function aggregate(hits: Hit[]): Score {
  const byCategory = new Map<Category, number>();
  for (const h of hits) byCategory.set(h.category, Math.max(byCategory.get(h.category) ?? 0, h.severity));
  const axis = <C extends Category>(order: readonly C[]) => {
    const categories = order.filter((c) => (byCategory.get(c) ?? 0) > 0);
    return { severity: clamp(Math.max(0, ...categories.map((c) => byCategory.get(c) ?? 0))), categories };
  };

  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const h of [...hits].sort((x, y) => y.severity - x.severity || Number(isSafeguarding(y.category)) - Number(isSafeguarding(x.category)))) {
    const key = `${h.category}\u0000${h.rule}\u0000${h.match}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reasons.push({ category: h.category, rule: h.rule, match: h.match });
    if (reasons.length >= MAX_REASONS) break;
  }
  return { safeguarding: axis(SAFEGUARDING_CATEGORIES), reputational: axis(REPUTATIONAL_CATEGORIES), reasons };
}
