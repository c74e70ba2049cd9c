import { describe, expect, it } from 'vitest';
import { REPUTATIONAL_CATEGORIES, SAFEGUARDING_CATEGORIES } from '../../shared/score/categories.js';
import { createScorer } from '../../shared/score/scorer.js';
import { ReputationalCategory, SafeguardingCategory } from '../../shared/score/types.js';

// Sentences written for these tests (not from shared/eval): slang, evasion and indirect wording.
const scorer = createScorer();

describe('safeguarding concerns', () => {
  it.each([
    ['algospeak for suicide', 'gonna unalive myself after the year 11 mocks fr', 'self_harm', 3],
    ['indirect hopelessness', 'i cant do this anymore, everyone at northbrook would be better off without me', 'self_harm', 3],
    ['spelled-out evasion', 'k i l l m y s e l f is all i think about in maths', 'self_harm', 3],
    ['leetspeak', 'i want to d1e. nobody at riverside even talks to me', 'self_harm', 3],
    ['a method and a time', "She said she's going to jump off the multi storey tonight. She's in Year 10", 'self_harm', 3],
    ['an eating disorder in the third person', 'my daughter (Y9) has been making herself sick after every meal', 'self_harm', 3],
    ['a carer hitting a child', 'my stepdad punched me again last night and told me to say i fell at PE', 'abuse', 3],
    ['neglect', 'the twins in year 4 have had nits and no coat all winter, mums never sober', 'abuse', 2],
    ['censored and coded sexual images', 'someone is selling n00dz of year 9 girls on telegram', 'sexual', 3],
    ['AI nudes of a pupil', 'someone at northbrook made an AI nude of a year 8 girl and its on every phone', 'sexual', 3],
    ['an adult stranger messaging a child', 'a man keeps messaging my 12 yo on roblox asking for pics', 'grooming', 3],
    ['a lure with secrecy', 'a coach at the football club told my son to delete their messages so mum doesnt see', 'grooming', 3],
    ['staff following a pupil online', 'teacher at northbrook follows my daughter on tiktok and comments hearts on all her videos', 'grooming', 3],
    ['a pile-on with "kys"', "they keep telling my son he's a fat loser and to kys on the class group chat", 'bullying', 3],
    ['a humiliating clip', 'there is a video of a year 7 being dunked in the toilet going round snapchat 😂', 'bullying', 3],
    ['UK drill slang for a knife', 'heard someone is bringing a blade to st aidans tmrw, stay home', 'violence', 3],
    ['an organised fight with weapons', 'year 9s beefing with the year 10s, meet at the park with weapons friday', 'violence', 3],
    ['far-right recruitment', 'the boys keep saying hitler was right and doing salutes in assembly', 'radicalisation', 3],
    ['coded drug supply', 'year 8 at northbrook selling edibles in the lunch queue, £5 a bag', 'substances', 3],
    ['a missing child appeal', 'ANYONE SEEN THIS GIRL? Year 6 at Riverside Junior, hasnt been seen since 4pm, wearing a red coat', 'missing', 3],
    ['a child named with an address', 'Lucy Bennett year 10 lives on Ashdown Close, go and tell her what you think of her', 'exposure', 3],
    ['a child named with a phone number', "her name's Chloe Ward and her number is 07700 900412", 'exposure', 3],
    ['a child named with a street', 'Jacob Marsh in year 9, his family are at 4 Elm Street', 'exposure', 3],
  ])('flags %s', (_name, text, category, atLeast) => {
    const score = scorer.score(text);
    expect(score.safeguarding.categories).toContain(category);
    expect(score.safeguarding.severity).toBeGreaterThanOrEqual(atLeast);
  });

  it('flags a named pupil with a year group in a photo post as exposure', () => {
    const score = scorer.score('Well done to Oliver Hughes in 6R for his swimming badge!', { hasImage: true });
    expect(score.safeguarding.categories).toContain('exposure');
  });

  it('keeps a child found safe visible at low severity only', () => {
    const score = scorer.score('Update: Kayla, 13, has been found safe. Thank you for sharing');
    expect(score.safeguarding).toEqual({ severity: 1, categories: ['missing'], low: ['missing'] });
  });

  it.each([
    ['a family hoping', 'Police are appealing for help to find Keira, 13, not seen since Sunday. Her family just want her home safe.'],
    ['a denial', 'Missing 12 year old boy from Riverside: he has still not been found, please share'],
    ['a prayer', "praying he's found safe and well, missing since friday, 13 yo"],
  ])('keeps a missing child appeal high when "found safe" is %s, not a finding', (_name, text) => {
    const { severity, categories } = scorer.score(text).safeguarding;
    expect(severity).toBeGreaterThanOrEqual(3);
    expect(categories).toContain('missing');
  });

  it.each([
    ['a pupil touched inappropriately', 'my son says a girl in his form touched him inappropriately on the coach', 'lexicon:sexual.harassment'],
    ['a fake account messaging pupils', 'the northbrook_official insta is not ours and has been dming year 8s', 'lexicon:grooming.contacting_children'],
    ['a page asking for photos of children', 'a new facebook group is asking for photos of kids in school uniform, report it', 'lexicon:grooming.contacting_children'],
    ['a school that calls a pupil\'s harm not its problem', 'my daughter was threatened on the bus and riverside said it was not their problem', 'lexicon:complaint.inaction'],
    ['pupils drinking, with no word for drunk', 'saw some year 9s swigging vodka behind the leisure centre before school', 'lexicon:substances.child_drinking'],
    ['a fine from the data regulator', 'so the trust has been fined by the ICO now, who could have guessed', 'lexicon:data_breach.breach_strong'],
    ['an unencrypted laptop lost', "a teacher's laptop with pupil records on it was left on a train and it wasnt encrypted", 'lexicon:data_breach.breach_strong'],
    ['a child running for an older man', 'my nephew, 14, says he does runs for an older lad now and has a second phone', 'lexicon:grooming.exploitation'],
    ['bruises left by a grip', 'she came back from her dads with fingertip bruises on her arms again', 'lexicon:abuse.disclosure'],
    ['a new bruise each day', 'the boy in 4B comes in every monday with a different bruise and a new story', 'lexicon:abuse.disclosure'],
    ['pupils left unsupervised', 'year 7s left in the hall with no staff anywhere for twenty minutes, not good enough', 'lexicon:complaint.inaction'],
    ['a child left behind on a trip', 'they came back from the museum trip without my daughter, nobody did a headcount. shes 7', 'lexicon:abuse.left_behind'],
    ['a sighting asked for', 'has anybody seen my sister? 12, pink hoodie, went to the shop at 4 and still not back', 'lexicon:missing.sighting_request'],
    ["a teacher's remarks on girls' bodies", "the new drama teacher keeps making comments about girls' bodies in rehearsals, year 10", 'lexicon:sexual.harassment'],
    ['a stranger luring children in to see his puppies', 'old man on the corner keeps asking the kids in to see his puppies after school, my son is 9', 'lexicon:grooming.lures_to_children'],
    ['bottles thrown at children', 'some bloke at the rec was throwing bottles at the year 6s on their bikes', 'lexicon:violence.fight_weak'],
    ['a school that calls bullying banter', "Mocked for her hijab every day in Year 8. Teachers say 'it's banter'.", 'pattern:complaint.school_minimises'],
    ['a complaint upheld by the ombudsman', 'the Local Government Ombudsman has upheld my complaint about the admissions appeal', 'lexicon:legal.legal_strong'],
    ['a man charged with abducting a child', 'a 31-year-old man is charged with child abduction after the 14-year-old was found at his flat', 'lexicon:grooming.exploitation'],
  ])('reads %s', (_name, text, rule) => {
    expect(scorer.score(text).reasons.map((r) => r.rule)).toContain(rule);
  });

  it.each([
    ['a milestone', '3 weeks clean from self harm today 💚 small wins. thank u to my school counsellor'],
    ['days of not hurting oneself', "100 days of not hurting myself 🦋 proud of me for once. thank u to the counsellor, she's the reason"],
  ])('reads a recovery milestone (%s) as worth a glance, not a case', (_name, text) => {
    expect(scorer.score(text).safeguarding).toMatchObject({ severity: 1, categories: ['self_harm'] });
  });

  it.each([
    ['a relapse', 'relapsed after 200 days clean. the blade won'],
    ['an urge', '3 days clean today but the urge is so loud tonight'],
    ['starving called clean', "3 days of no food and i feel so clean, dont report this pls"],
    ['a cut again', 'i cut again last night. 4 weeks clean gone'],
    ['another thought beside it', '2 weeks clean from self harm. still want to die.'],
    ['thoughts every day', '1 month clean from sh and i still think about ending it every day'],
    ['a new way instead', "2 weeks clean from self harm. i've started burning instead"],
    ['starving instead', '6 weeks clean from sh, only because ive stopped eating instead'],
    ['a friend harming herself', '6 months clean from sh. my friend is cutting herself really badly'],
  ])('keeps a recovery post with %s a case', (_name, text) => {
    const { severity, categories } = scorer.score(text).safeguarding;
    expect(severity).toBeGreaterThanOrEqual(2);
    expect(categories).toContain('self_harm');
  });

  it.each([
    ['a social life', 'mock results day be like: me fully unaliving my social life for the next 6 months 📚'],
    ['an alarm clock', "that's it i'm unaliving my alarm clock. 6am in january is a human rights violation"],
  ])('reads "unalive" with an object (%s) as done to the object, not the writer', (_name, text) => {
    expect(scorer.score(text).safeguarding.severity).toBeLessThanOrEqual(1);
  });

  it.each([['i want to unalive'], ['gonna unalive my self fr'], ['thinking abt unaliving more than usual lately'], ['unalive my brain pls'], ['unaliving my alarm clock lol. also i want to die']])('keeps %j, said of the writer, high', (text) => {
    expect(scorer.score(text).safeguarding.severity).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ["a daughter's water bottle", "has anyone seen my daughter's water bottle"],
    ["a son's coat left at the park", "Has anyone seen my son’s blue coat? left it at the park after school"],
  ])('reads a request to have seen a child\'s belongings (%s) as no appeal: low, no alert', (_name, text) => {
    expect(scorer.score(text).safeguarding.severity).toBeLessThanOrEqual(1);
  });

  it.each([
    ['a child', 'has anyone seen my son? he left at 3 and his phone is off'],
    ["a son's bike, and him gone", "has anyone seen my son's bike? he's been gone since 4 and the police are out looking"],
    ["a son's phone, and him not answering", "has anyone seen my son's phone? he hasn't answered since 3"],
    ["a daughter's best friend", "has anyone seen my daughter's best friend Mia? police are looking for her"],
    ["a son's little brother", "has anyone seen my son's little brother? hes 6"],
    ["a daughter's friend", "has anyone seen my daughter's friend Mia? not answering her phone since last night"],
  ])('keeps a request to have seen %s an appeal', (_name, text) => {
    const { severity, categories } = scorer.score(text).safeguarding;
    expect(severity).toBeGreaterThanOrEqual(3);
    expect(categories).toContain('missing');
  });

  it.each([
    ['an essay', 'kms if mr jones sets another essay 😂'],
    ['a song at prom', "i'm literally gonna unalive myself if they play this song at prom again lmao"],
    ['a lesson that will not end', 'lol im literally going to kill myself if this lesson doesnt end'],
    ['with the condition first', "if i have to sit through one more double maths i'm going to actually die 💀"],
  ])('keeps a threat to oneself over a trifle, laughed off (%s), a case but alerts no one', (_name, text) => {
    expect(scorer.score(text).safeguarding).toEqual({ severity: 2, categories: ['self_harm'], low: [] });
  });

  it('lowers the threat to another read inside a laughed-off threat to oneself with it', () => {
    // "gonna kill" is also violence's phrase; inside "gonna kill myself" it is the same grumble.
    expect(scorer.score('gonna kill myself if i see one more quadratic lol').safeguarding.severity).toBe(2);
  });

  it.each([
    ['says it is meant', "i lowkey think i'm gonna kms if i fail chem again. like not even joking this time lol"],
    ['says nobody would care', 'honestly might just kms if i fail the mocks lol nobody would even notice'],
    ['is about another concern', 'gonna kms if he posts that pic of me lol'],
    ['cries rather than laughs', 'gonna kms if i have to see him again 😭'],
    ['laughs in another sentence', 'lmao at sirs face earlier. honestly gonna kill myself if i have to sit in that room with him again'],
    ['names a time', 'gonna kill myself tonight if he doesnt text back lol'],
    ['swears to it', 'kms if i fail lol no cap'],
    ['has no "if"', 'kms lol'],
    ['fears a parent', "if my dad finds out i'll kill myself lol"],
    ['fears being found out', 'kms if anyone finds out lol'],
    ['fears a person coming near', "i'll kill myself if he comes near me again lol"],
    ['fears being touched again', 'ill kms if she touches me again lol'],
    ['says "if im honest", which is no condition', 'double maths again lol. i want to die if im honest'],
  ])('keeps a threat to oneself high when the post %s', (_name, text) => {
    const { severity, categories } = scorer.score(text).safeguarding;
    expect(severity).toBeGreaterThanOrEqual(3);
    expect(categories).toContain('self_harm');
  });

  it('lists categories strongest first and names those found only at low severity', () => {
    // Taxonomy order puts bullying before missing; the missing child is the more severe.
    const appeal = scorer.score('URGENT my daughter Amy, 12, has been missing since last night, she was being bullied at Northbrook, please share');
    expect(appeal.safeguarding.categories).toEqual(['missing', 'bullying']);
    expect(appeal.safeguarding.low).toEqual([]);
    const found = scorer.score('Update: Kayla, 13, has been found safe. She told police she wanted to kill herself');
    expect(found.safeguarding).toEqual({ severity: 3, categories: ['self_harm', 'missing'], low: ['missing'] });
  });

  it('draws the low line between 1 and 2: a medium category is not low', () => {
    const score = scorer.score("I'm making a formal complaint to Millfield Primary about how they handled my son's exclusion. Might write to Ofsted too.");
    expect(score.reputational).toEqual({ severity: 2, categories: ['complaint', 'inspection'], low: ['inspection'] });
  });
});

describe('reputational concerns', () => {
  it.each([
    ['a polite but serious complaint', 'My son has been waiting 8 months for an EHCP assessment and the school keep fobbing us off', 'complaint'],
    ['abuse aimed at the head', 'the head is a total liar and a waste of space', 'hostility'],
    ['an accidental data leak', 'the Trust accidentally published every pupil\'s exam access arrangements on its website', 'data_breach'],
    ['a poor inspection', 'Northbrook Academy slips to Requires Improvement in latest Ofsted report', 'inspection'],
    ['a court case', 'Former bursar in court accused of stealing £80,000 from school funds', 'legal'],
    ['negative press', 'Academy under fire after pupils told to remove hijabs for school photos', 'media'],
    ['a fake page', 'Someone set up a fake Northbrook Academy Facebook page asking parents for dinner money', 'impersonation'],
    ['an allegation against a named teacher', 'Mr Okafor was seen shouting and swearing at a year 7 in the corridor, kid was terrified', 'allegation'],
    ['a deputy shoving a pupil', 'the deputy head was filmed shoving a year 8 lad into the wall', 'allegation'],
    ['a badly handled transition', 'Our son has autism and his move up to Northbrook was handled terribly. No visit, no key person.', 'complaint'],
  ])('flags %s', (_name, text, category) => {
    const score = scorer.score(text);
    expect(score.reputational.categories).toContain(category);
    expect(score.reputational.severity).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a teacher wished ill', 'i hope my maths teacher gets hit by a bus fr'],
    ['a teacher hurt in a crush', 'our head of year was pushed over in the lunch queue crush, proper scary'],
    ['a teacher assaulted by a parent', 'a teacher at northbrook was assaulted by a parent at pick up, police came'],
  ])('gives no staff misconduct for harm done to a member of staff: %s', (_name, text) => {
    expect(scorer.score(text).reasons).not.toContainEqual(expect.objectContaining({ rule: 'lexicon:allegation.staff_misconduct' }));
  });

  it('accuses no one in a wish that a teacher is hurt', () => {
    expect(scorer.score('i hope my maths teacher gets hit by a bus fr').reputational.categories).not.toContain('allegation');
  });

  it('still accuses staff when the post says they did it', () => {
    const score = scorer.score('my son was hit by his teacher at st aidans');
    expect(score.reputational.categories).toContain('allegation');
    expect(score.reasons).toContainEqual(expect.objectContaining({ rule: 'lexicon:allegation.staff_misconduct', match: 'hit' }));
  });

  it('adds media when a news source reports a reputational problem', () => {
    const score = scorer.score('Police are investigating alleged fraud involving contracts awarded by the trust', { platform: 'news' });
    expect(score.reputational.categories).toEqual(expect.arrayContaining(['legal', 'media']));
  });
});

describe('benign posts with alarming words', () => {
  it.each([
    ['a sports idiom', 'Year 7 chess club crushed the opposition and absolutely killing it at the regional tournament'],
    ['hyperbole', 'the year 11 maths mock was actual murder 💀 im dead'],
    ['an awareness event', 'Shoutout to the staff who ran the suicide awareness and mental health workshop today'],
    ['a police talk', 'Thanks to PC Jones for the assembly on county lines and knife crime'],
    ['e-safety education', 'Year 5 had a brilliant e-safety talk on grooming and sextortion'],
    ['a charity run', 'Sixth formers ran 10k for a suicide prevention charity'],
    ['a play', 'the drama kids performing Macbeth were so good, i nearly cried when she stabbed him'],
    ['a first aid lesson', 'pupils learn first aid including how to treat a stab wound'],
    ['a place name', 'Scunthorpe United and Penistone Grammar visiting for a coaching session'],
    ['a dance idiom', 'That dance performance from Year 8 was a knockout 🔥 killed it'],
    ['an adults-only PTA event', 'PTA gin & jazz night for parents Friday, over 18s only 🍸'],
    ['a history lesson', 'Year 6 learning about WW2 today: the Blitz, evacuees and rationing'],
    ['a plain event', 'Millfield Primary Christmas fair this Saturday 10-2, tombola and cake stall'],
    ['praise with an exaggeration', "I'd die for the dinner ladies' roast potatoes"],
    ['an opinion held to the end', 'I will die on this hill'],
    ['a lone ambiguous word', 'Shameless plug: our summer fair raffle tickets are on sale now'],
    ['a character and a title in a play', "Year 6 production of Matilda: Miss Trunchbull was terrifying"],
  ])('does not flag %s', (_name, text) => {
    const score = scorer.score(text);
    expect(score.safeguarding.severity).toBeLessThan(2);
    expect(score.reputational.severity).toBeLessThan(2);
  });
});

describe('reasons', () => {
  it('names the category, the rule and the words as written for every score', () => {
    const score = scorer.score('bringing my brothers bored to northbrook tomorrow, someones getting wet 🔪');
    expect(score.safeguarding.severity).toBe(4);
    expect(score.reasons).toContainEqual({ category: 'violence', rule: 'lexicon:violence.threat', match: 'bringing my brothers bored' });
    for (const r of score.reasons) expect(r.match.length).toBeGreaterThan(0);
  });

  it('gives every flagged category at least one reason', () => {
    const score = scorer.score('plug at northbrook selling thc vapes behind the sports hall, year 9s buying');
    const reasoned = new Set(score.reasons.map((r) => r.category));
    for (const c of [...score.safeguarding.categories, ...score.reputational.categories]) expect(reasoned).toContain(c);
  });

  it('quotes evasive spelling as it was written', () => {
    const score = scorer.score('su1c1de note in my planner');
    expect(score.reasons.map((r) => r.match)).toContain('su1c1de note');
  });
});

describe('the trust lexicon from config', () => {
  it('adds a local phrase to a category without code', () => {
    const local = createScorer({ extraLexicon: { substances: ['magic crisps'] } });
    expect(scorer.score('who has the magic crisps').safeguarding.severity).toBe(0);
    expect(local.score('who has the magic crisps').safeguarding).toEqual({ severity: 3, categories: ['substances'], low: [] });
    expect(local.score('who has the magic crisps').reasons[0]).toEqual({ category: 'substances', rule: 'lexicon:substances.trust_lexicon', match: 'magic crisps' });
  });

  it('ignores a local idiom the trust lists', () => {
    const local = createScorer({ extraLexicon: { idioms: ['knife edge'] } });
    expect(local.score('the vote was on a knife edge at the year 10 council').safeguarding.severity).toBe(0);
  });

  it('rejects an unknown category, naming the valid ones', () => {
    expect(() => createScorer({ extraLexicon: { drugs: ['x'] } })).toThrow(/lexicon\.drugs.*substances/);
  });
});

describe('hostile input', () => {
  it.each([
    ['empty text', ''],
    ['only spaces', '   \n\t '],
    ['only emoji', '🔥🔥🔥😂😂💀'],
    ['control characters', 'a\u0000b\u0001c\u001fd\u007f'],
    ['mixed scripts', 'Привет мир 你好 مرحبا नमस्ते hello'],
    ['1 MB of text', 'kms '.repeat(262_144)],
    ['a megabyte of one letter', 'a'.repeat(1_000_000)],
    ['thousands of single letters', 'k '.repeat(100_000)],
    ['thousands of names and numbers', 'Lucy Bennett year 10 07700 900412 Ashdown Close '.repeat(5000)],
    ['lone surrogates', '\ud800\udc00\ud800 kms \udfff'],
  ])('scores %s without throwing', (_name, text) => {
    const score = scorer.score(text);
    expect(score.safeguarding.severity).toBeGreaterThanOrEqual(0);
    expect(score.safeguarding.severity).toBeLessThanOrEqual(4);
    expect(score.reasons.length).toBeLessThanOrEqual(12);
  });

  it('raises no case from the classifier alone on a post with almost nothing to read', () => {
    // The heads' priors sit near their thresholds: without the two-word evidence rule these fired.
    for (const text of ['', 'Northbrook', 'zzqx wvvkp', '#Northbrook']) {
      const s = scorer.score(text);
      expect(s.reasons.filter((r) => r.rule.startsWith('model:')), text).toEqual([]);
    }
  });

  it('leaves short everyday posts alone, with or without a link or hashtag', () => {
    // The fifth pass raised all of these at safeguarding 2-3 on the classifier's reading of two ordinary words.
    for (const text of ['PE kit tomorrow', 'great match lads #NorthbrookAcademyFC', 'see you at Northbrook', 'at school today', 'see you tomorrow https://t.co/Xk3LmN9pQr']) {
      const s = scorer.score(text);
      expect([s.safeguarding.severity, s.reputational.severity], text).toEqual([0, 0]);
    }
  });

  it('catches short crisis posts by rule, now that the classifier leaves posts under six words alone', () => {
    const cases: [string, 'self_harm' | 'missing' | 'abuse', number][] = [
      ['i cut again last night', 'self_harm', 3],
      ['is she home yet??', 'missing', 2],
      ["dad's drunk again cant sleep", 'abuse', 2],
    ];
    for (const [text, category, severity] of cases) {
      const s = scorer.score(text);
      expect(s.reasons.some((r) => r.category === category && r.rule.startsWith('lexicon:')), text).toBe(true);
      expect(s.safeguarding.severity, text).toBeGreaterThanOrEqual(severity);
    }
    // No rule fires on their everyday doubles. (The classifier still reads "cut again" in the first as self-harm: the
    // known false alarms on everyday posts of six words or more, docs/scoring.md.)
    for (const text of ['got my fringe cut again tonight', 'our cat still hasnt come home']) {
      expect(scorer.score(text).reasons.filter((r) => r.rule.startsWith('lexicon:') || r.rule.startsWith('pattern:')), text).toEqual([]);
    }
  });

  it('treats a non-string as empty rather than crashing', () => {
    expect(scorer.score(undefined as unknown as string).safeguarding.severity).toBe(0);
  });
});

describe('the category lists', () => {
  it('match the taxonomy in types.ts', () => {
    expect(SAFEGUARDING_CATEGORIES).toEqual(SafeguardingCategory.options);
    expect(REPUTATIONAL_CATEGORIES).toEqual(ReputationalCategory.options);
  });
});
