import { cueNear, hasCue, sentenceBreak, type Analysis, type Hit, type RuleFamily, type Span } from '../analysis.js';
import { isSafeguarding } from '../categories.js';
import { wordKey } from '../normalise.js';

/**
 * Context rules: the same words mean different things in an assembly, a novel or a threat.
 * These drop or lower hits the lexicon family found; dropped hits give no reason.
 */

const drop = (hit: Hit, why: string): void => {
  hit.dropped ??= why;
};

/** A shorter match inside a longer one of the same category is the same evidence ("knife" in "knife crime"). */
function subsumed(hits: Hit[]): void {
  for (const h of hits) {
    if (h.from < 0) continue;
    for (const other of hits) {
      if (other === h || other.category !== h.category || other.from < 0) continue;
      // A pattern's span runs from its first class to its last, so it is not a longer phrase: a more
      // severe hit inside it ("deleted all my accounts" as a final act inside a farewell) is kept.
      const wider = other.phrase.startsWith('pattern:') && h.severity > other.severity;
      const inside = other.from <= h.from && other.to >= h.to && other.to - other.from > h.to - h.from && !wider;
      if (inside) {
        // The longer phrase carries the evidence; it is only as ambiguous as both were.
        other.weak = other.weak && h.weak ? other.weak : false;
        drop(h, 'inside a longer phrase');
      }
    }
  }
}

// Compared with token keys, so written through wordKey.
const SELF_WORDS = new Set(['im', 'am', 'feel', 'myself'].map(wordKey));
/** "i'm a ...", "i am such a ...", "i feel ...": the insult right after is the writer's own. */
function aboutTheWriter(a: Analysis, from: number): boolean {
  for (let i = from - 1; i >= Math.max(0, from - 3); i--) if (SELF_WORDS.has(a.tokens[i].key)) return true;
  return false;
}

const OF = wordKey('of');
const PERSON_AFTER_OF = new Set(['him', 'her', 'me', 'them', 'my', 'his', 'our', 'mine'].map(wordKey));
/** "a fake account of him": an account copying a person (a matter for bullying, if anything), not the school. */
function copiesAPerson(a: Analysis, to: number): boolean {
  return a.tokens[to]?.key === OF && PERSON_AFTER_OF.has(a.tokens[to + 1]?.key ?? '');
}

// Compared with token keys, so written through wordKey.
const PASSIVE = new Set(['get', 'gets', 'got', 'getting', 'been', 'being', 'was', 'were', 'is', 'are'].map(wordKey));
const BY = wordKey('by');
/** Acts whose passive subject is the one harmed: "the teacher got hit", "my son was punched". */
const HARMED = new Set(
  ['hit', 'hits', 'slapped', 'smacked', 'punched', 'pushed', 'shoved', 'kicked', 'dragged', 'grabbed', 'assaulted', 'abused', 'manhandled'].map(wordKey),
);
/**
 * "my son was punched on the field", "a PE teacher gets hit by a football": the harm was done to
 * someone, so a staff word nearby makes no accusation, unless the post says who did it ("was
 * restrained by two members of staff"). One word may sit between ("being repeatedly pushed").
 */
function harmDoneTo(a: Analysis, hit: Hit): boolean {
  if (hit.to - hit.from !== 1 || !HARMED.has(a.tokens[hit.from].key)) return false;
  const passive = PASSIVE.has(a.tokens[hit.from - 1]?.key ?? '') || PASSIVE.has(a.tokens[hit.from - 2]?.key ?? '');
  if (!passive) return false;
  let by = -1;
  for (let i = hit.to; i <= hit.to + 3 && i < a.tokens.length && by < 0; i++) if (a.tokens[i].key === BY) by = i;
  return by < 0 || !(a.cues.get('staff') ?? []).some((p) => p > by && p <= by + 4);
}

const IF = wordKey('if');
/** How many words an "if" clause may run before the threat it conditions ("if i have to sit through one more double maths i'm going to die"). */
const IF_CLAUSE_WORDS = 12;

/** Whether two token spans overlap or share a sentence. */
function sameSentence(a: Analysis, x: Span, y: Span): boolean {
  const [first, second] = x.from <= y.from ? [x, y] : [y, x];
  return first.to >= second.from || !sentenceBreak(a, first.to - 1, second.from);
}

/** The words then "if" ("kms if ..."), or an "if" earlier in the same sentence ("if ... i'll kms"). */
function conditional(a: Analysis, h: Hit): boolean {
  if (a.tokens[h.to]?.key === IF || a.tokens[h.to + 1]?.key === IF) return true;
  for (let i = h.from - 1; i >= Math.max(0, h.from - IF_CLAUSE_WORDS); i--) {
    if (sentenceBreak(a, i, i + 1)) return false;
    if (a.tokens[i].key === IF) return true;
  }
  return false;
}

/** A laugh (word classes `joking`, `laughed_off`) in the same sentence as the hit. */
function laughedAt(a: Analysis, h: Hit): boolean {
  const laughs = [...(a.classes.get('joking') ?? []), ...(a.classes.get('laughed_off') ?? [])];
  return laughs.some((s) => sameSentence(a, h, s));
}

/**
 * "kms if mr jones sets another essay 😂", "k1ll myself if i see 1 more quadratic lol": a threat to oneself
 * over a trifle, laughed off in the same breath, is how young people grumble; the labelling guide calls it
 * low at most. It stays a case (medium: in the digest, with evidence) but alerts no one at once. Every
 * self-harm finding must have a condition attached and a laugh in its sentence. Anything that says it is
 * meant or names a stake that is no trifle (`serious`: "not even joking", "fr", "i swear", "if anyone finds
 * out", "if he comes near me again"), that nobody would care (`would_care`), a time ("tonight", `sh_when`), a plan
 * or method (a finding at critical), a parent or carer ("if my dad sees this"), or another safeguarding concern
 * keeps the full severity.
 * 😭 is not a laugh here: it is distress as often as laughter.
 */
function laughedOffThreatToSelf(a: Analysis): Hit[] {
  const selfHarm = a.hits.filter((h) => !h.dropped && h.category === 'self_harm');
  if (!selfHarm.length || a.classes.has('serious') || a.classes.has('would_care') || a.classes.has('sh_when') || hasCue(a, 'carer')) return [];
  if (!selfHarm.every((h) => h.from >= 0 && h.severity < 4 && conditional(a, h) && laughedAt(a, h))) return [];
  // "gonna kill" inside "gonna kill myself" is the same words read as a threat to another: part of the grumble.
  const inside = a.hits.filter((h) => !h.dropped && h.category !== 'self_harm' && isSafeguarding(h.category) && selfHarm.some((s) => h.from >= s.from && h.to <= s.to));
  if (a.hits.some((h) => !h.dropped && h.severity >= 2 && h.category !== 'self_harm' && isSafeguarding(h.category) && !inside.includes(h))) return [];
  return [...selfHarm, ...inside];
}

/** Categories a report about another town describes without making them the trust's concern. */
const ELSEWHERE_NEWS = new Set(['violence', 'legal', 'media']);

export const contextFamily: RuleFamily = {
  name: 'context',
  apply(a: Analysis) {
    subsumed(a.hits);
    const awareness = hasCue(a, 'frame_awareness');
    const fiction = hasCue(a, 'frame_fiction');
    // "a stabbing in Birmingham": news from somewhere else names the place; the trust's own town is not listed.
    const elsewhere = hasCue(a, 'frame_elsewhere');
    for (const hit of a.hits) {
      if (hit.dropped || hit.from < 0) continue;
      // Awareness weeks, assemblies, training and charity runs talk about topics, they do not disclose them.
      if (hit.topic && (awareness || fiction)) drop(hit, 'awareness, training or lesson');
      // An ambiguous word in a campaign or lesson ("anti-vape detectors cut vaping") is the campaign talking.
      else if (hit.weak && awareness && isSafeguarding(hit.category)) drop(hit, 'ambiguous word in an awareness frame');
      // Stories, plays, history and games describe violence and death; a first-person threat still counts.
      else if (fiction && (hit.category === 'violence' || hit.category === 'self_harm') && !cueNear(a, 'first_person', hit.from, hit.to, 3)) {
        drop(hit, 'fiction, drama or history');
      }
      else if (elsewhere && ELSEWHERE_NEWS.has(hit.category) && !cueNear(a, 'first_person', hit.from, hit.to, 3)) {
        drop(hit, 'news about somewhere else');
      }
      else if (hit.category === 'impersonation' && copiesAPerson(a, hit.to)) drop(hit, 'copies a person, not the school');
      else if (hit.category === 'allegation' && harmDoneTo(a, hit)) drop(hit, 'harm done to someone, not by staff');
      // "i'm a waste of space" is about the writer, not the school: a concern for self_harm, if anything.
      else if (hit.category === 'hostility' && aboutTheWriter(a, hit.from)) drop(hit, 'said of the writer');
      // "not suicidal", "no knives": the word is there but negated; keep it visible at lower severity.
      else if (a.cues.get('negation')?.includes(hit.from - 1)) {
        if (hit.topic) drop(hit, 'negated');
        else hit.severity = Math.max(1, hit.severity - 1);
      }
    }
    for (const hit of laughedOffThreatToSelf(a)) hit.severity = Math.min(hit.severity, 2);
  },
};
