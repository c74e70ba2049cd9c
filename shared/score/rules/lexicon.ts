import { cueNear, hasCue, quote, type Analysis, type RuleFamily } from '../analysis.js';
import type { CueName, LexiconFile, LexiconRule } from '../lexicon.js';
import { PhraseSet } from '../phrases.js';
import type { Category } from '../types.js';

const anyOf = (cues: CueName | CueName[]): CueName[] => (Array.isArray(cues) ? cues : [cues]);

interface Entry {
  category: Category;
  rule: LexiconRule;
  /** "lexicon:category.rule", built once rather than per hit. */
  name: string;
}

/** Phrase rules from the lexicon files (and the trust's own phrases): the bulk of the scorer. */
export function lexiconFamily(lexicons: LexiconFile[]): RuleFamily {
  const phrases = new PhraseSet<Entry>();
  for (const lexicon of lexicons) {
    for (const rule of lexicon.rules) {
      const entry: Entry = { category: lexicon.category, rule, name: `lexicon:${lexicon.category}.${rule.rule}` };
      for (const phrase of rule.phrases) phrases.add(phrase, entry);
    }
  }
  return {
    name: 'lexicon',
    apply(a: Analysis) {
      for (const m of phrases.find(a.tokens, a.masked)) {
        const { category, rule, name } = m.phrase.value;
        if (rule.requires && !anyOf(rule.requires).some((cue) => hasCue(a, cue))) continue;
        if (rule.near && !anyOf(rule.near).some((cue) => cueNear(a, cue, m.from, m.to, rule.within ?? 6))) continue;
        a.hits.push({
          category,
          severity: rule.severity,
          rule: name,
          match: quote(a, m.from, m.to),
          from: m.from,
          to: m.to,
          phrase: m.phrase.source,
          topic: rule.topic,
          weak: rule.weak,
        });
      }
    },
  };
}
