import { hasCue, type Analysis, type Hit, type RuleFamily } from '../analysis.js';
import { SAFEGUARDING_CATEGORIES } from '../categories.js';

/** Rules across categories: what one category's evidence implies for another. */

const NEWS_PLATFORMS = new Set(['news', 'rss', 'google_news', 'google_alerts']);
const PUPIL_DATA = /\b(safeguarding records|medical|pupils?|students?|child|children|childrens|kids|class list|records|reports?|sen|sims|birthdays)\b/i;
const SAFEGUARDING = new Set<string>(SAFEGUARDING_CATEGORIES);
const live = (a: Analysis, category: string): Hit[] => a.hits.filter((h) => !h.dropped && h.category === category);

export const escalationFamily: RuleFamily = {
  name: 'escalation',
  apply(a: Analysis) {
    // A child found safe ends the appeal: keep it visible, at low.
    const found = live(a, 'missing').filter((h) => h.rule.endsWith('.found_safe'));
    if (found.length) for (const h of live(a, 'missing')) if (!found.includes(h)) h.dropped = 'child found safe';

    // A pupil picked out by first name and year group is exposed when the post is also a concern about them.
    const otherConcern = a.hits.some((h) => !h.dropped && h.category !== 'exposure' && h.severity >= 2 && SAFEGUARDING.has(h.category));
    if (otherConcern) for (const h of live(a, 'exposure')) if (h.rule === 'exposure:given_name_with_year_group') h.severity = 2;

    // A breach of pupil records puts children's personal data in the open; a breach only worth a glance does not say so.
    const breach = live(a, 'data_breach').filter((h) => h.severity >= 2);
    const pupilData = breach.length ? PUPIL_DATA.exec(a.text) : null;
    if (pupilData) {
      const sensitive = /safeguarding|medical/i.test(pupilData[0]) ? 3 : 2;
      a.hits.push({ category: 'exposure', severity: sensitive, rule: 'escalation:pupil_data_in_breach', match: pupilData[0], from: -1, to: -1, phrase: 'pupil_data_in_breach' });
    }

    // Sexual images of an identifiable pupil are also that child's exposure.
    const images = live(a, 'sexual').find((h) => h.rule.endsWith('.indecent_images'));
    if (images && hasCue(a, 'child')) {
      a.hits.push({ category: 'exposure', severity: 3, rule: 'escalation:images_of_a_pupil', match: images.match, from: -1, to: -1, phrase: 'images_of_a_pupil' });
    }

    // A news item about a reputational problem is press coverage.
    const platform = a.context.platform?.toLowerCase();
    if (platform && NEWS_PLATFORMS.has(platform)) {
      const serious = a.hits.some((h) => !h.dropped && h.severity >= 2 && h.category !== 'media' && ['allegation', 'complaint', 'data_breach', 'inspection', 'legal', 'hostility', 'impersonation'].includes(h.category));
      if (serious) a.hits.push({ category: 'media', severity: 2, rule: 'escalation:news_report', match: platform, from: -1, to: -1, phrase: 'news_report' });
    }
  },
};
