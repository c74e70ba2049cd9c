import { hasCue, SENTENCE_END, sentenceBreak, type Analysis, type Hit, type RuleFamily } from '../analysis.js';
import { isSafeguarding, SAFEGUARDING_CATEGORIES } from '../categories.js';
import { wordKey } from '../normalise.js';
import { CLASSIFIER_DROP } from './model.js';

/**
 * The last rules to run, after the classifier: what one category's evidence implies for another, and the
 * readings that must also bound what the classifier added (a recovery milestone, "unalive" done to a thing,
 * a child's lost belongings).
 */

const NEWS_PLATFORMS = new Set(['news', 'rss', 'google_news', 'google_alerts']);
const PUPIL_DATA = /\b(safeguarding records|medical|pupils?|students?|child|children|childrens|kids|class list|records|reports?|sen|sims|birthdays)\b/i;
/** Where pupil data went that makes its breach the child's exposure: somewhere anyone can read it, or far and wide. */
const IN_THE_OPEN =
  /\b(public|publicly|website|online|posted|leaked|for sale|logged into|anyone can|anyone with|every parent|every family|all parents|parents were sent|whole (year|school|class)|group chat|mailing list|facebook|instagram|insta|twitter|tiktok|google drive|sharepoint|drive link|newsletter|bus stop|bins?|skip)\b/i;
/** Criminals holding a school's data: whatever pupil data the post names is in their hands. */
const IN_CRIMINAL_HANDS = /\b(hack(ed|ers?)?|cyber ?attack|ransomware|leak site|dark web)\b/i;
/** Pupil data that can lead someone to a child or harm one wherever it went. */
const DANGEROUS_DATA = /\b(home address(es)?|addresses|where (he|she|they) lives?|court orders?|cp flags?|child protection|safeguarding)\b/i;
const SAFEGUARDING = new Set<string>(SAFEGUARDING_CATEGORIES);
/** The rules that say staff were told or saw, and did not act. */
const NOT_ACTED_ON = new Set(['lexicon:complaint.inaction', 'pattern:complaint.staff_inaction']);
const live = (a: Analysis, category: string): Hit[] => a.hits.filter((h) => !h.dropped && h.category === category);

// Compared with token keys, so written through wordKey.
const NOT_YET_FOUND = new Set(
  ['not', 'never', 'no', 'hasnt', 'havent', 'hadnt', 'isnt', 'wasnt', 'yet', 'want', 'wants', 'hope', 'hoping', 'hopes', 'pray', 'praying', 'wish', 'until', 'till', 'bring', 'come', 'get', 'need', 'needs', 'be'].map(wordKey),
);
/**
 * "Found safe" ends an appeal only when it says so: "her family just want her home safe", "still not been
 * found" and "praying he's found safe and well" are the appeal itself, and dropping it would lose the most
 * urgent post there is.
 */
function saysFound(a: Analysis, h: Hit): boolean {
  if (h.from < 0) return true;
  for (let i = h.from - 1; i >= Math.max(0, h.from - 4); i--) if (NOT_YET_FOUND.has(a.tokens[i].key)) return false;
  return true;
}

/** The sentence of `text` around character `at`. */
function sentenceAround(text: string, at: number): string {
  let start = at;
  while (start > 0 && !SENTENCE_END.test(text[start - 1])) start--;
  let end = at;
  while (end < text.length && !SENTENCE_END.test(text[end])) end++;
  return text.slice(start, end);
}

const SEEN = wordKey('seen');
/** What children lose at school and their parents ask after: not a phone or a bike, which go where the child goes. */
const BELONGINGS = new Set(
  ['bottle', 'water', 'coat', 'jacket', 'bag', 'schoolbag', 'backpack', 'rucksack', 'jumper', 'cardigan', 'blazer', 'hoodie', 'pe', 'kit',
    'shoe', 'shoes', 'trainers', 'plimsolls', 'wellies', 'boots', 'lunchbox', 'lunch', 'book', 'books', 'reading', 'hat', 'gloves', 'scarf',
    'glasses', 'lanyard', 'pencil', 'calculator', 'uniform', 'tie', 'sock', 'socks', 'teddy', 'toy', 'football', 'ball', 'swimming', 'sweatshirt',
    'fleece', 'raincoat', 'umbrella', 'library', 'homework', 'folder', 'planner', 'purse', 'wallet', 'keys', 'key', 'badge', 'medal', 'costume'].map(wordKey),
);
/** Words that make a question about belongings part of an appeal after all ("has anyone seen my son's coat? he's been gone since 4"). */
const STILL_AN_APPEAL = /\b(police|gone|since|missing|answer(ing|ed)?|not (come |been )?home|hasn'?t (come|been)|last seen|worried|panic\w*|scared|ran off|run away)\b/i;

/**
 * "Has anyone seen my daughter's water bottle?": the child owns what is lost, the child is not lost. A
 * request to have seen a child's coat, bag or PE kit is the cloakroom, not an appeal, unless the post says
 * more ("police", "gone since 4", "not answering").
 */
function asksAfterBelongings(a: Analysis, h: Hit): boolean {
  if (h.from < 0 || !a.tokens.slice(h.from, h.to).some((t) => t.key === SEEN) || STILL_AN_APPEAL.test(a.text)) return false;
  const owner = (a.cues.get('child') ?? []).find((p) => p >= h.to && p <= h.to + 2);
  if (owner === undefined) return false;
  const written = a.text.slice(a.tokens[owner].start, a.tokens[owner].end);
  const thing = a.tokens.slice(owner + 1, owner + 4).some((t) => BELONGINGS.has(t.key));
  return /['’]s$/i.test(written) && thing && !sentenceBreak(a, owner, owner + 1);
}

/**
 * "3 weeks clean from self harm today 💚 small wins", "100 days of not hurting myself 🦋 proud of me": a
 * milestone in recovery is how the labelling guide's writers mark a post worth a glance (low), not a case. Any
 * sign that it is not over keeps the full severity: a relapse, an urge, "again", "but", "still", "instead",
 * "tonight is hard", secrecy, food (a "clean" that is starving), a time, any self-harm finding outside the
 * milestone's own words, or another safeguarding concern. It runs after the classifier, whose own reading
 * of the same words ("… clean … blade … proud") is capped with the rules'.
 */
function recoveryMilestone(a: Analysis): Hit[] {
  const milestones = a.classes.get('sh_recovered');
  if (!milestones || a.classes.has('sh_relapse') || a.classes.has('sh_when')) return [];
  const selfHarm = live(a, 'self_harm');
  // Only the milestone's own words ("clean from self harm", "not hurting myself"): any other self-harm
  // finding ("2 weeks clean from sh. still want to die") is something else the post says.
  const inMilestone = (h: Hit): boolean => h.from < 0 || milestones.some((m) => h.from < m.to && h.to > m.from);
  if (!selfHarm.every(inMilestone) || selfHarm.some((h) => h.severity >= 4)) return [];
  if (a.hits.some((h) => !h.dropped && h.severity >= 2 && h.category !== 'self_harm' && isSafeguarding(h.category))) return [];
  return selfHarm;
}

const UNALIVE = new Set(['unalive', 'unaliving', 'unalived', 'unalives'].map(wordKey));
const DETERMINERS = new Set(['my', 'the', 'this', 'that', 'your', 'ur', 'his', 'her', 'their', 'our', 'these', 'those'].map(wordKey));
/** Objects that are the writer after all: "unalive my self", "unalive my brain", "unalive my whole body". */
const SELF = new Set(['self', 'selves', 'brain', 'mind', 'body', 'head', 'heart', 'soul', 'life', 'whole', 'thoughts', 'wrists', 'arms'].map(wordKey));

/**
 * "me fully unaliving my social life", "unaliving my alarm clock": "unalive" with an object is done to that
 * object. Alone ("i want to unalive"), on oneself ("unalive myself", "unalive my self") or on one's body or
 * mind ("unalive my brain") it is the writer. When every self-harm finding of the rules is such a phrase, the
 * classifier's reading of the same words is lowered with them: it runs before this family.
 */
function unalivesSomething(a: Analysis, h: Hit): boolean {
  if (h.to - h.from !== 1 || !UNALIVE.has(a.tokens[h.from].key)) return false;
  const det = a.tokens[h.to];
  const object = a.tokens[h.to + 1];
  return det !== undefined && object !== undefined && DETERMINERS.has(det.key) && !SELF.has(object.key) && !sentenceBreak(a, h.from, h.to + 1);
}

/** The self-harm findings to lower when the rules' only self-harm words are "unalive" done to a thing. */
function thingsUnalived(a: Analysis): Hit[] {
  const selfHarm = live(a, 'self_harm');
  const rules = selfHarm.filter((h) => h.from >= 0);
  return rules.length > 0 && rules.every((h) => unalivesSomething(a, h)) ? selfHarm : [];
}

export const escalationFamily: RuleFamily = {
  name: 'escalation',
  apply(a: Analysis) {
    for (const h of live(a, 'missing')) if (h.rule.endsWith('.sighting_request') && asksAfterBelongings(a, h)) h.severity = 1;
    for (const h of recoveryMilestone(a)) h.severity = Math.min(h.severity, 1);
    for (const h of thingsUnalived(a)) h.severity = Math.min(h.severity, 1);

    // A child found safe ends the appeal: keep it visible, at low.
    const safe = live(a, 'missing').filter((h) => h.rule.endsWith('.found_safe'));
    for (const h of safe) if (!saysFound(a, h)) h.dropped = 'a hope or a denial, not a finding';
    const found = safe.filter((h) => !h.dropped);
    if (found.length) for (const h of live(a, 'missing')) if (!found.includes(h)) h.dropped = 'child found safe';

    // A pupil picked out by first name and year group is exposed when the post is also a concern about them.
    const otherConcern = a.hits.some((h) => !h.dropped && h.category !== 'exposure' && h.severity >= 2 && SAFEGUARDING.has(h.category));
    if (otherConcern) for (const h of live(a, 'exposure')) if (h.rule === 'exposure:given_name_with_year_group') h.severity = 2;

    // A concern about a child that the school is said to have left alone ("teachers know and did nothing") is
    // also a complaint about the school, even where the classifier, which reads most pupils' disclosures as no
    // complaint, dropped the words.
    if (a.hits.some((h) => !h.dropped && h.severity >= 2 && SAFEGUARDING.has(h.category))) {
      const inaction = a.hits.find((h) => NOT_ACTED_ON.has(h.rule) && (!h.dropped || h.dropped === CLASSIFIER_DROP));
      if (inaction) a.hits.push({ category: 'complaint', severity: 2, rule: 'escalation:concern_not_acted_on', match: inaction.match, from: -1, to: -1, phrase: 'concern_not_acted_on' });
    }

    // A breach of pupil records puts children's personal data at risk; a breach only worth a glance does not say so.
    // It is the child's exposure (a case) when criminals hold the school's data, or when the sentence that names
    // the data says it is out in the open or can lead someone to a child (an address, child protection notes); a
    // laptop lost or a report sent to one wrong family is the school's breach, and the child's exposure only worth
    // a glance.
    const breach = live(a, 'data_breach').filter((h) => h.severity >= 2);
    const pupilData = breach.length ? PUPIL_DATA.exec(a.text) : null;
    if (pupilData) {
      const sentence = sentenceAround(a.text, pupilData.index);
      const open = IN_THE_OPEN.test(sentence) || DANGEROUS_DATA.test(sentence) || IN_CRIMINAL_HANDS.test(a.text);
      const severity = /safeguarding|medical/i.test(pupilData[0]) ? 3 : open ? 2 : 1;
      a.hits.push({ category: 'exposure', severity, rule: 'escalation:pupil_data_in_breach', match: pupilData[0], from: -1, to: -1, phrase: 'pupil_data_in_breach' });
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
