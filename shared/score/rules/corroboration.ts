import { cueNear, type Analysis, type RuleFamily } from '../analysis.js';
import { isSafeguarding } from '../categories.js';

/**
 * Ambiguous words ("plug", "fight", "bored", "dm me", "avoid") are marked weak in the lexicons:
 * they count only when something else in the post points the same way, another phrase of the
 * same category, or, for safeguarding, a child named close by ("pupils fighting") unless the rule
 * says `weak: "phrase"` ("the lads got smashed 40-0" is rugby, not drink). Backed only by a low
 * (severity 1) finding, the word is low as well.
 */
export const corroborationFamily: RuleFamily = {
  name: 'corroboration',
  apply(a: Analysis) {
    const live = a.hits.filter((h) => !h.dropped);
    for (const hit of live) {
      if (!hit.weak) continue;
      const others = live.filter((o) => o !== hit && o.category === hit.category && o.phrase !== hit.phrase && (o.from < 0 || o.from >= hit.to || o.to <= hit.from));
      const child = hit.weak === true && isSafeguarding(hit.category) && hit.from >= 0 && cueNear(a, 'child', hit.from, hit.to, 4);
      if (!others.length && !child) hit.dropped = 'uncorroborated ambiguous word';
      // Backed only by low findings, an ambiguous word is low too: "too much" beside a £22 logo jumper is a grumble.
      else if (!child && others.every((o) => o.severity < 2)) hit.severity = Math.min(hit.severity, 1);
    }
  },
};
