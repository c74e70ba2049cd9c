import { isCategory, isSafeguarding, REPUTATIONAL_CATEGORIES, SAFEGUARDING_CATEGORIES } from './categories.js';
import { wordKey, type Token } from './normalise.js';
import type { Category } from './types.js';
import abuse from './lexicons/abuse.json' with { type: 'json' };
import allegation from './lexicons/allegation.json' with { type: 'json' };
import bullying from './lexicons/bullying.json' with { type: 'json' };
import complaint from './lexicons/complaint.json' with { type: 'json' };
import cues from './lexicons/cues.json' with { type: 'json' };
import dataBreach from './lexicons/data_breach.json' with { type: 'json' };
import exposure from './lexicons/exposure.json' with { type: 'json' };
import givenNames from './lexicons/given-names.json' with { type: 'json' };
import grooming from './lexicons/grooming.json' with { type: 'json' };
import hostility from './lexicons/hostility.json' with { type: 'json' };
import idioms from './lexicons/idioms.json' with { type: 'json' };
import impersonation from './lexicons/impersonation.json' with { type: 'json' };
import inspection from './lexicons/inspection.json' with { type: 'json' };
import legal from './lexicons/legal.json' with { type: 'json' };
import media from './lexicons/media.json' with { type: 'json' };
import missing from './lexicons/missing.json' with { type: 'json' };
import radicalisation from './lexicons/radicalisation.json' with { type: 'json' };
import selfHarm from './lexicons/self_harm.json' with { type: 'json' };
import sexual from './lexicons/sexual.json' with { type: 'json' };
import substances from './lexicons/substances.json' with { type: 'json' };
import violence from './lexicons/violence.json' with { type: 'json' };

/**
 * The lexicons are data: one JSON file per category in ./lexicons, checked here when the scorer
 * is built so a bad edit fails loudly at start-up, not silently at 3am. The checks are plain code
 * rather than a schema library to keep the Lambda bundle small.
 */

export const CUE_NAMES = ['youth', 'child', 'person', 'carer', 'adult_stranger', 'drug', 'group', 'staff', 'first_person', 'frame_awareness', 'frame_fiction', 'frame_elsewhere', 'negation'] as const;
export type CueName = (typeof CUE_NAMES)[number];

export interface LexiconRule {
  /** Named in every reason this rule gives, e.g. "lexicon:self_harm.slang". */
  rule: string;
  severity: number;
  phrases: string[];
  /** A topic word ("suicide", "knife crime") is how awareness events and lessons talk: dropped inside such a frame. */
  topic?: boolean;
  /**
   * An ambiguous word ("plug", "fight", "bored") counts only when corroborated: see rules/corroboration.ts.
   * `"phrase"`: only another phrase of the category will do, not a child named nearby ("lads got smashed").
   */
  weak?: boolean | 'phrase';
  /** One of these cues must appear somewhere in the post. */
  requires?: CueName | CueName[];
  /** One of these cues must appear within `within` words of the match (default 6). */
  near?: CueName | CueName[];
  within?: number;
}

export interface LexiconFile {
  category: Category;
  axis: 'safeguarding' | 'reputational';
  about: string;
  rules: LexiconRule[];
}

class LexiconError extends Error {
  constructor(file: string, where: string, problem: string) {
    super(`The scorer lexicon ${file} is invalid at "${where}": ${problem}. Fix the file and run the tests again.`);
    this.name = 'LexiconError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPhraseList = (v: unknown): v is string[] => Array.isArray(v) && v.every((p) => typeof p === 'string' && p.trim().length > 0);
const isCueList = (v: unknown): boolean =>
  (typeof v === 'string' && (CUE_NAMES as readonly string[]).includes(v)) || (Array.isArray(v) && v.length > 0 && v.every((c) => (CUE_NAMES as readonly string[]).includes(c)));

export function checkLexiconFile(json: unknown, file: string): LexiconFile {
  if (!isObject(json)) throw new LexiconError(file, '', 'expected an object with category, axis, about and rules');
  if (!isCategory(json.category)) throw new LexiconError(file, 'category', `"${String(json.category)}" is not a category`);
  const axis = isSafeguarding(json.category) ? 'safeguarding' : 'reputational';
  if (json.axis !== axis) throw new LexiconError(file, 'axis', `${json.category} belongs to the ${axis} axis`);
  if (typeof json.about !== 'string') throw new LexiconError(file, 'about', 'say in one line what the category covers');
  if (!Array.isArray(json.rules) || json.rules.length === 0) throw new LexiconError(file, 'rules', 'list at least one rule');
  json.rules.forEach((rule: unknown, i: number) => {
    const at = (field: string): string => `rules.${i}.${field}`;
    if (!isObject(rule)) throw new LexiconError(file, `rules.${i}`, 'each rule is an object');
    if (typeof rule.rule !== 'string' || !/^[a-z_]+$/.test(rule.rule)) throw new LexiconError(file, at('rule'), 'name rules with lower-case letters and _');
    if (!Number.isInteger(rule.severity) || (rule.severity as number) < 1 || (rule.severity as number) > 4) throw new LexiconError(file, at('severity'), 'severity is a whole number 1 to 4');
    if (!isPhraseList(rule.phrases) || rule.phrases.length === 0) throw new LexiconError(file, at('phrases'), 'list at least one non-empty phrase');
    if (rule.topic !== undefined && typeof rule.topic !== 'boolean') throw new LexiconError(file, at('topic'), 'use true or false');
    if (rule.weak !== undefined && typeof rule.weak !== 'boolean' && rule.weak !== 'phrase') throw new LexiconError(file, at('weak'), 'use true, false or "phrase"');
    for (const cue of ['requires', 'near'] as const) if (rule[cue] !== undefined && !isCueList(rule[cue])) throw new LexiconError(file, at(cue), `use one of ${CUE_NAMES.join(', ')}`);
    if (rule.within !== undefined && (!Number.isInteger(rule.within) || (rule.within as number) < 1 || (rule.within as number) > 20)) throw new LexiconError(file, at('within'), 'within is 1 to 20 words');
  });
  return json as unknown as LexiconFile;
}

function checkCues(json: unknown): Partial<Record<CueName, string[]>> {
  if (!isObject(json) || !isObject(json.cues)) throw new LexiconError('cues.json', 'cues', 'expected { "cues": { name: [phrases] } }');
  for (const [name, phrases] of Object.entries(json.cues)) {
    if (!(CUE_NAMES as readonly string[]).includes(name)) throw new LexiconError('cues.json', `cues.${name}`, `unknown cue; add it to CUE_NAMES in lexicon.ts first`);
    if (!isPhraseList(phrases)) throw new LexiconError('cues.json', `cues.${name}`, 'list non-empty phrases');
  }
  return json.cues as Partial<Record<CueName, string[]>>;
}

function checkList(json: unknown, field: 'phrases' | 'names', file: string): string[] {
  if (!isObject(json) || !isPhraseList(json[field])) throw new LexiconError(file, field, 'list non-empty strings');
  return json[field] as string[];
}

export const categoryLexicons: LexiconFile[] = [
  [selfHarm, 'self_harm.json'], [abuse, 'abuse.json'], [sexual, 'sexual.json'], [grooming, 'grooming.json'],
  [bullying, 'bullying.json'], [violence, 'violence.json'], [radicalisation, 'radicalisation.json'],
  [substances, 'substances.json'], [exposure, 'exposure.json'], [missing, 'missing.json'],
  [allegation, 'allegation.json'], [complaint, 'complaint.json'], [hostility, 'hostility.json'],
  [dataBreach, 'data_breach.json'], [inspection, 'inspection.json'], [legal, 'legal.json'], [media, 'media.json'],
  [impersonation, 'impersonation.json'],
].map(([json, file]) => checkLexiconFile(json, file as string));

export const cuePhrases = checkCues(cues);
export const idiomPhrases = checkList(idioms, 'phrases', 'idioms.json');
const givenNameList = checkList(givenNames, 'names', 'given-names.json');
/** Given names as written, lower-case: the check that "been" is not "Ben" after letters are squeezed. */
const givenNameSet: ReadonlySet<string> = new Set(givenNameList);
/** The same names as token keys (de-leeted, stretched letters squeezed), the fast first test on each word. */
const givenNameKeys: ReadonlySet<string> = new Set(givenNameList.map(wordKey));

/** True when the word is a given name as written ("Ellie", "Ben"), not a look-alike after normalisation ("been"). */
export const isGivenName = (text: string, token: Token): boolean =>
  givenNameKeys.has(token.key) && givenNameSet.has(text.slice(token.start, token.end).toLowerCase());

/** The keys a trust may use under `lexicon:` in its config: a category, or `idioms` for phrases to ignore. */
export const EXTRA_LEXICON_KEYS: readonly string[] = [...SAFEGUARDING_CATEGORIES, ...REPUTATIONAL_CATEGORIES, 'idioms'];
export type ExtraLexicon = Record<string, string[]>;

/** Checks the trust's extra phrases; the message names the config path and what to write instead. */
export function checkExtraLexicon(value: unknown): ExtraLexicon {
  if (!isObject(value)) throw new Error('The trust config\'s "lexicon" must map a category to a list of phrases, e.g. lexicon: { substances: ["local slang"] }.');
  for (const [key, phrases] of Object.entries(value)) {
    if (!EXTRA_LEXICON_KEYS.includes(key)) {
      throw new Error(`The trust config's "lexicon.${key}" is not a scorer category; use one of: ${EXTRA_LEXICON_KEYS.join(', ')}.`);
    }
    if (!isPhraseList(phrases) || phrases.some((p) => p.length > 200)) {
      throw new Error(`The trust config's "lexicon.${key}" must be a list of phrases of 1 to 200 characters.`);
    }
  }
  return value as ExtraLexicon;
}

/**
 * Extra phrases from the trust config (`lexicon:` in the YAML), keyed by category. A trust
 * phrase is a plain, strong signal: severity 3 for safeguarding, 2 for reputational.
 */
export function trustRules(extra: ExtraLexicon): LexiconFile[] {
  return Object.entries(extra)
    .filter(([key, phrases]) => key !== 'idioms' && phrases.length > 0)
    .map(([key, phrases]) => {
      const category = key as Category;
      const safeguarding = isSafeguarding(category);
      return {
        category,
        axis: safeguarding ? 'safeguarding' : 'reputational',
        about: 'from the trust config',
        rules: [{ rule: 'trust_lexicon', severity: safeguarding ? 3 : 2, phrases }],
      };
    });
}
