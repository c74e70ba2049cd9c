import { quote, type Analysis, type Hit, type RuleFamily } from '../analysis.js';
import { isCategory, isSafeguarding } from '../categories.js';
import { AXIS_HEADS, createClassifier, HIGH_HEAD, type Classifier, type WeightsFile } from '../model/classifier.js';
import { hashString } from '../model/hash.js';
import { wordCount } from '../normalise.js';
import weights from '../model/weights.json' with { type: 'json' };

/**
 * The trained classifier as a rule family. It reads the post's words and what the rules before it
 * found, so it learns both what no phrase names ("giving my stuff away this week") and when a rule's
 * phrase is harmless in context ("Prevent training on spotting radicalisation"). It runs after the
 * context rules and before escalation, which applies to what it finds like anything else.
 *
 * - A category no rule found at case level is added when its head fires, the post is long enough for the classifier
 *   to read (ALONE_MIN_WORDS), and the words that weighed most cover at least two words of the post;
 *   they are the reason. It is a case (2) when the axis's "any concern" head fires too, and high (3)
 *   for safeguarding when the high head fires as well. Without the axis head it is low (1, "worth a
 *   glance"): the post reads like the category but not like a case, which is how the guide labels
 *   many complaints ("£18 for a jumper… not fair") and most unkind remarks. On validation this raised
 *   the recall of categories at any severity (complaint 51% to 58%, hostility 48% to 56%) without
 *   changing a figure at severity 2 and above. A case keeps these as noted, not as concerns (CaseAxis).
 *   A rule's low finding ("the staff just walked past") does not stop the classifier raising its category
 *   to a case: without this, each low rule blocked the cases the classifier found in the same posts.
 * - A category a rule found at case level stands unless the classifier is nearly sure it is harmless here. The bar
 *   is lower for safeguarding, where a missed post costs most: measured on fresh batches, dropping
 *   below these probabilities halved false alarms and lost two points of recall (docs/scoring.md).
 */
export const VETO_BELOW = { safeguarding: 0.1, reputational: 0.15 } as const;

/**
 * A self-harm finding is never dropped by the classifier: its context rules (idioms, awareness, fiction,
 * negation, jokes) are the only judges. The classifier learned from written posts that a post with other
 * concerns in it (abuse, violence) is seldom self-harm, so it dropped real disclosures that had them ("i am
 * going to kill myself this weekend ... i was raped as a kid"): on 1,787 public labelled tweets it dropped
 * self-harm findings in 60 posts labelled suicidal and in none labelled not (docs/scoring.md, eleventh pass).
 */
export const NEVER_VETOED = 'self_harm';

/** Why a rule's finding was dropped by the classifier. */
export const CLASSIFIER_DROP = 'the classifier reads it as harmless here';

/** Words of the post that the evidence for a category the classifier adds must cover (a word pair covers two). */
export const MIN_EVIDENCE = 2;

/**
 * The fewest words (as `wordCount` counts them) a post needs before the classifier alone may add a category to it.
 * On a few words it reads noise: on validation replies of five words or fewer it added 20 false
 * safeguarding categories for 2 true ones ("see you tomorrow" as self-harm), and on reputational ones
 * of eight words or fewer 13 false for 1 true. Short posts are left to the rules ("kms", "sir touched her").
 */
export const ALONE_MIN_WORDS = { safeguarding: 6, reputational: 9 } as const;

/** What the rules found, as classifier features: each rule that fired, each category, and its severity. */
export function ruleFeatures(a: Analysis): number[] {
  const ids = new Set<number>();
  for (const h of a.hits) {
    if (h.dropped) continue;
    const [rule, category, severities] = idsOf(h.rule, h.category);
    ids.add(rule);
    ids.add(category);
    ids.add(severities[Math.max(0, Math.min(4, Math.round(h.severity)))]);
  }
  return [...ids];
}

// Rule names and categories are a fixed set, so their feature ids are worked out once, not per post.
const IDS = new Map<string, Map<string, [number, number, number[]]>>();
function idsOf(rule: string, category: string): [number, number, number[]] {
  let byCategory = IDS.get(rule);
  if (!byCategory) IDS.set(rule, (byCategory = new Map()));
  let ids = byCategory.get(category);
  if (!ids) {
    ids = [hashString(`rule:${rule}`), hashString(`category:${category}`), [0, 1, 2, 3, 4].map((s) => hashString(`severity:${category}:${s}`))];
    byCategory.set(category, ids);
  }
  return ids;
}

export function modelFamily(classifier: Classifier = defaultClassifier()): RuleFamily {
  // Where the special heads sit is fixed by the weights file, so it is looked up once, not per post.
  const highHead = classifier.heads.indexOf(HIGH_HEAD);
  const axisHead = { safeguarding: classifier.heads.indexOf(AXIS_HEADS.safeguarding), reputational: classifier.heads.indexOf(AXIS_HEADS.reputational) };
  return {
    name: 'model',
    apply(a: Analysis) {
      const verdict = classifier.classify(a.tokens, ruleFeatures(a));
      // Counted only when the classifier would add a category: most posts never get that far.
      let words: number | undefined;
      const high = highHead >= 0 && verdict.fired(highHead);
      const axisConcern = (axis: 'safeguarding' | 'reputational'): boolean => axisHead[axis] < 0 || verdict.fired(axisHead[axis]);
      const live = new Map<string, Hit[]>();
      for (const h of a.hits) {
        if (h.dropped) continue;
        const list = live.get(h.category);
        if (list) list.push(h);
        else live.set(h.category, [h]);
      }
      classifier.heads.forEach((head, k) => {
        if (!isCategory(head)) return;
        const safeguarding = isSafeguarding(head);
        const axis = safeguarding ? 'safeguarding' : 'reputational';
        const found = live.get(head);
        if (found?.some((h) => h.severity >= 2)) {
          // Only case-level findings are judged: the training labels leave severity 1 ("worth a glance",
          // such as a child found safe) unknown, so the classifier has no view on it.
          if (head !== NEVER_VETOED && verdict.probability(k) < VETO_BELOW[axis]) {
            for (const h of found) if (h.severity >= 2) h.dropped = CLASSIFIER_DROP;
          }
          return;
        }
        if (!verdict.fired(k)) return;
        // A rule's low finding ("staff walked past") is raised to a case only on the classifier's axis concern.
        if (found && !axisConcern(axis)) return;
        if ((words ??= wordCount(a)) < ALONE_MIN_WORDS[axis]) return;
        // Most heads' priors lie above their thresholds, so a post with almost nothing to read (empty,
        // words never seen, a bare "Northbrook") could fire on the prior and one word. The classifier
        // alone raises a case only when its evidence covers two or more words of the post ("cuts
        // again", "sorry … everything"); single words are the rules' to catch ("kms", "unalive").
        const evidence = verdict.evidence(k);
        let covered = 0;
        for (const f of evidence) covered += f.to - f.from;
        if (covered < MIN_EVIDENCE) return;
        a.hits.push({
          category: head,
          severity: !axisConcern(axis) ? 1 : safeguarding && high ? 3 : 2,
          rule: `model:${head}`,
          match: evidence.map((f) => quote(a, f.from, f.to)).join(' … '),
          from: -1,
          to: -1,
          phrase: `model:${head}`,
        });
      });
    },
  };
}

let shared: Classifier | undefined;
const defaultClassifier = (): Classifier => (shared ??= createClassifier(weights as WeightsFile));
