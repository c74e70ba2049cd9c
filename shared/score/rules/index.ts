import type { RuleFamily } from '../analysis.js';
import type { LexiconFile } from '../lexicon.js';
import { contextFamily } from './context.js';
import { corroborationFamily } from './corroboration.js';
import { escalationFamily } from './escalation.js';
import { exposureFamily } from './exposure.js';
import { lexiconFamily } from './lexicon.js';
import { modelFamily } from './model.js';
import { builtInPatterns, patternFamily } from './patterns.js';

/**
 * The rule families in the order they run: finders first (lexicon, patterns, exposure), then the rules
 * that judge what was found (context, corroboration), then the trained classifier for what no rule
 * names, then cross-category escalation.
 * A new family is one file in this folder plus one line here.
 */
export const ruleFamilies = (lexicons: LexiconFile[], model: RuleFamily | null = modelFamily()): RuleFamily[] => [
  lexiconFamily(lexicons),
  patternFamily(builtInPatterns),
  exposureFamily,
  contextFamily,
  corroborationFamily,
  ...(model ? [model] : []),
  escalationFamily,
];
