import { describe, expect, it } from 'vitest';
import { builtInPatterns, checkPatternFile } from '../../shared/score/rules/patterns.js';
import { createScorer } from '../../shared/score/scorer.js';

// Sentences written for these tests: each pattern rule should catch wordings its classes combine,
// not only the sentence that motivated it, and step back for the idioms and frames around it.
const scorer = createScorer();
const rulesFor = (text: string): string[] => scorer.score(text).reasons.map((r) => r.rule);

describe('pattern rules', () => {
  it.each([
    ['intent, harm verb and self as object', 'gonna top myself after results day', 'pattern:self_harm.intent_to_self_harm'],
    ['the same intent with another pronoun form', 'think ill just end my life this weekend', 'pattern:self_harm.intent_to_self_harm'],
    ['an intransitive wish to die', 'i just wanna not exist', 'pattern:self_harm.intent_to_die'],
    ['a wish to be dead', 'honestly wish i was never born', 'pattern:self_harm.wish_dead'],
    ['nobody would notice, in either order', 'if i went missing would anyone even notice', 'pattern:self_harm.would_anyone_notice'],
    ['food restriction with body hatred', 'skipped breakfast and lunch, need to lose weight before the prom', 'pattern:self_harm.restricting_food'],
    ['an overdose with a quantity', 'just took a whole packet of paracetamol', 'pattern:self_harm.overdose_taken'],
    ['a threat: intent, harm verb, target', "i'll batter him when i see him", 'pattern:violence.threat_to_hurt'],
    ['a threat of injury', "i'm going to put that kid in hospital", 'pattern:violence.threat_of_injury'],
    ['a weapon brought to school', 'bringing a machete into school on friday', 'pattern:violence.weapon_to_school'],
    ['a threat to the whole school', 'gonna blow up the school', 'pattern:violence.mass_attack_threat'],
    ['secrecy with a child and private contact', 'ur only 12 but so mature, add me on snap and keep it between us', 'pattern:grooming.secrecy_with_child'],
    ['an adult, a child and a lure', 'a man offered my 9 year old sweets at the park', 'pattern:grooming.adult_lures_child'],
    ['explicit words near a minor', 'he sent nudes to a year 8 girl', 'pattern:sexual.sexual_content_of_minor'],
    ['sextortion by threat to share', 'pay me £50 or i post your nudes to everyone', 'pattern:sexual.sextortion_threat'],
    ['dehumanising a group', 'refugees are parasites', 'pattern:radicalisation.dehumanising_group'],
    ['selling with coded drug words', 'selling 🍃 and 💊, hmu', 'pattern:substances.selling_drugs'],
    ['dealer language without a drug word', 'half o and an eighth on deck, no timewasters', 'pattern:substances.dealer_language'],
    ['a child located', "that 13 year old's home address is in the chat", 'pattern:exposure.child_located'],
    ['an unanswered complaint', 'the school still hasnt replied to my emails', 'pattern:complaint.institution_unresponsive'],
    ['an insult aimed at a school', 'this school is an absolute shambles', 'pattern:hostility.school_insulted'],
    ['staff who saw and did not act', 'lads scrapping by the bike sheds every break and the staff on duty just walked straight past', 'pattern:complaint.staff_inaction'],
    ['staff who were told and shrugged', 'told her form tutor about the group chat and she said boys will be boys', 'pattern:complaint.staff_inaction'],
    ['nobody at the school acting', 'year 8s getting their bags thrown in the pond every day and nobody from the school ever steps in', 'pattern:complaint.staff_inaction'],
    ['uniform from one supplier', 'the pe hoodie can only be bought from one supplier in town and they never have the sizes', 'pattern:complaint.uniform_cost'],
    ['uniform too dear', 'honestly the price of the blazer is extortionate for something they grow out of in a year', 'pattern:complaint.uniform_cost'],
    ['a drunk child, though a parent is named', 'my mum found me drunk at the park, im 14', 'pattern:substances.child_intoxicated'],
    ['a drunk child told to a parent', 'texted my mum im drunk lol im 14', 'pattern:substances.child_intoxicated'],
    ['a drunk child, said with a pronoun', 'my 14 year old came home hammered, he is vile when hes drunk', 'pattern:substances.child_intoxicated'],
    ['a carer degrading a child, in text speak', 'is it normal for ur mum to call u fat and disgusting every day', 'pattern:abuse.carer_degrades_child'],
    ['a filmed assault on a pupil', 'theres a clip of a year 9 getting punched outside the gates', 'pattern:violence.assault_on_child'],
    ['a group called vile, words between', 'polish people round here are vile', 'pattern:radicalisation.group_derogated'],
    ['a slur-free insult before a group', 'the estate is full of dirty foreigners now', 'pattern:radicalisation.derogatory_group'],
    ['hatred of a group said outright', 'i genuinely despise gay people', 'pattern:radicalisation.group_hated'],
    ['a group said to deserve harm', 'asylum seekers deserve everything they get', 'pattern:radicalisation.group_threatened'],
    ['a call to get rid of a group', 'time to get rid of all the muslims in this town', 'pattern:radicalisation.group_to_eliminate'],
    ['a slur used at a group', 'bunch of pakis running the corner shop', 'pattern:radicalisation.slur'],
    // A negative word inside the rule's own phrase is not a negation of it.
    ['a group told it does not belong', 'muslims dont belong here', 'pattern:radicalisation.group_derogated'],
    ['a group denied rights', 'gay people dont deserve rights', 'pattern:radicalisation.group_threatened'],
    ['a slur with "my" nearby', 'there are too many pakis on my street', 'pattern:radicalisation.slur'],
    ['hate reported by a parent of a pupil', "my son in year 9 keeps saying women should know their place, it's from tiktok", 'pattern:radicalisation.group_threatened'],
    ['a group told it is not welcome, the negation being the insult', 'refugees are not welcome here', 'pattern:radicalisation.group_unwelcome'],
    ['a group told to go back', 'polish people should go back to where they came from', 'pattern:radicalisation.group_unwelcome'],
    ['a threat to end someone else\'s life', "i'm going to end his life after school", 'pattern:violence.threat_to_end_life'],
    ['someone else wanting to end their own life', 'my friend in year 9 said she wants to end her life', 'pattern:self_harm.another_ends_own_life'],
    ['the same, with the writer worried rather than threatening', 'i think he wants to end his life', 'pattern:self_harm.another_ends_own_life'],
    ['a threat with sport words nearby', 'im gonna end his life, me and the lads are waiting for him after school', 'pattern:violence.threat_to_end_life'],
    ['a threat reported by someone else', "the year 11 lads said they'll end his life after school", 'pattern:violence.reported_threat_to_end_life'],
    ['a threat made to silence a child', 'they said they would end her life if she tells anyone', 'pattern:violence.reported_threat_to_end_life'],
    ['someone else wanting to end their own life, with "they"', 'they want to end their own life and nobody at school knows', 'pattern:self_harm.another_ends_own_life'],
    ['a wish to die beside a phone', 'they took my phone and now im going to die', 'pattern:self_harm.intent_to_die'],
    ['intent to self-harm, a swear word between', 'im going to fucking kill myself', 'pattern:self_harm.intent_to_self_harm'],
    ['a pupil mocked for how they smell', 'everyone in 8B says he smells and moves their chair away', 'pattern:bullying.smells_insult'],
    ['a carer throwing a child, beside the party reading', 'my dad threw me against the wall last night', 'pattern:abuse.carer_harms_child'],
    ['a wish to die after a fright that passed', 'i thought i was going to be ok but now i want to die', 'pattern:self_harm.intent_to_die'],
    ['a pupil drunk 2-3 times, not a score', 'my son came home hammered 2-3 times this month, hes 14', 'pattern:substances.child_intoxicated'],
    ['a sanction called unfair beside a letter home', 'my son is in isolation all week for nothing, so unfair, and they sent home a letter about it', 'pattern:complaint.unfair_sanction'],
    // Sixteenth pass: a child hurt by someone, in the passive voice no assault word names.
    ['a child punched', 'my son was punched twice by older boys on the way home', 'pattern:violence.child_hurt'],
    ['a child hit, told of a daughter', 'my daughter got kicked and pushed over at break again', 'pattern:violence.child_hurt'],
  ])('catches %s', (_name, text, rule) => {
    expect(rulesFor(text)).toContain(rule);
  });

  it('reads "i want to end his life" as a threat, not as self-harm', () => {
    const reasons = scorer.score('I want to end his life').reasons.filter((r) => !r.rule.startsWith('model:'));
    expect(reasons.map((r) => r.category)).toEqual(['violence']);
  });

  it('reads "he smells of smoke" as a description, not a bullying insult', () => {
    const rules = rulesFor('my son says he smells of smoke after staying at his dads').filter((rule) => !rule.startsWith('model:'));
    expect(rules).toEqual([]);
  });

  it.each([
    ['a child stranded by someone who hurt them', 'someone pls come and get me from the woods by the farm. phone on 4%. he took my shoes'],
    ['a child hiding from someone looking for them', "pls come get me im at the bus stop on ferry rd and he's driving round looking for me"],
  ])('reads a plea to be fetched from harm (%s) as violence at critical', (_name, text) => {
    // The rule alone: on so few words the classifier has not yet learned the shape and may veto it.
    const score = createScorer({ model: null }).score(text);
    expect(score.reasons.map((r) => r.rule)).toContain('pattern:violence.stranded_and_harmed');
    expect(score.safeguarding.severity).toBe(4);
  });

  it.each([
    ['a dull wedding', "pls someone come get me from this wedding, the DJ's played Mr Brightside 4 times 😭"],
    ['a confiscated phone', 'mum pls come get me, sir took my phone and im so bored'],
    ['a pet', 'someone help me my cat keeps hitting me with its paw 😂'],
    ['a little brother', 'someone help me, my little brother keeps hitting me with a pillow'],
  ])('leaves a plea to be fetched from boredom (%s) alone', (_name, text) => {
    expect(createScorer({ model: null }).score(text).reasons.map((r) => r.rule)).not.toContain('pattern:violence.stranded_and_harmed');
  });

  it('reads "they\'ll end his life" as a threat to him, not as his self-harm', () => {
    const reasons = scorer.score("the lads said they'll end his life").reasons.filter((r) => !r.rule.startsWith('model:'));
    expect(reasons.map((r) => r.category)).toEqual(['violence']);
  });

  it.each([
    ['a joke with laughing emoji', 'gonna kill him if he eats my chocolate again 😂'],
    ['sport talk', "we're gonna smash them in the cup final on saturday"],
    ['a set text', 'In Macbeth, Lady Macbeth wants to kill the king'],
    ['an assembly on hate', 'Year 9 learned about why propaganda called refugees parasites'],
    ['a praise post that mentions the worst weather', 'worst weather ever but the school sports day was brilliant'],
    ['a fight with water balloons', 'massive water balloon fight after school today 🎈'],
    ['a stabbing reported from another city', 'Teenager stabbed in Birmingham last night'],
    // "my dad" marks a young writer, but the one drunk is the parent: abuse.drunk_parent's to find, not a drunk child.
    ['a parent drunk, not the child', 'my dad is drunk again'],
    ['a parent drunk every weekend', 'honestly my dad gets hammered every weekend lol'],
    ['a sanction, not a blow', 'year 10 boy got slapped with a detention for his haircut'],
    ['staff praised for stepping in', 'the teachers on duty were brilliant and sorted it straight away'],
    ['a charity non-uniform day', 'non-uniform day friday, £1 for Children in Need, spots encouraged'],
    ['a preloved uniform sale', 'preloved uniform sale in the hall saturday, blazers £2, thank you PTA'],
    // Hate at groups: negated, answered (counter-speech), reclaimed, or a word with an everyday meaning.
    ['a group defended against an insult', 'immigrants are not scroungers, they keep the NHS running'],
    ['hatred denied', "for the record i don't hate trans people"],
    ['counter-speech quoting hate', 'saying disabled people are a burden is disgusting and you should be ashamed'],
    ['a slur reclaimed by the writer', 'as a poof myself i find the jokes hilarious'],
    ['a butcher\'s faggots', 'faggots and peas for tea tonight, proper northern'],
    ['a chink of light', 'a chink of light at the end of the tunnel for our year 11s'],
    ['nail varnish, not a nationality', 'nail polish should be banned at St Aidan\'s, the year 7s are obsessed'],
    ['a group told it is welcome', 'refugees are welcome here, the whole of year 6 made the banner'],
    ['a joke threat in a game', 'im gonna end his life in fifa lol'],
    ['life support', 'the doctors had to decide whether to end her life support'],
    // Found by a reviewer of the thirteenth pass.
    ['a threat word in a life compound', 'RIP Mr Jones, ill take his life lessons with me forever'],
    ['a life taken seriously', 'he needs to take his life more seriously and revise'],
    ['a slogan against racism', 'Refugees welcome, racism not welcome'],
    ['a phone battery', "my phone's literally about to die, will reply later"],
    ['dying of boredom', "mum took my phone, i'm about to die of boredom"],
    ['anger at whoever made something', 'honestly I want to kill whoever planned it, the timetable is a joke'],
    ['shoes polished for prizegiving', 'Please polish your shoes, trainers are not welcome at the year 11 prizegiving'],
    // Fifteenth pass: look-alikes among the benign posts the pooled gates flagged.
    ['a party thrown for a child', 'my dad threw me a surprise party, best dad ever'],
    ['a fright that passed', 'first day of the couch to 5k and i genuinely thought i was going to die'],
    ['others called a waste of oxygen', 'Councillors are a waste of oxygen, every one of them'],
    ['a card sent home after a death', "When my son's grandad died they sent home a card and his teacher checked in every day"],
    ['a child hit by a car', 'my son was hit by a car outside the school gates, he is ok thank god'],
    ['a trip pushed back', 'the year 6 trip got pushed back to march, kids gutted'],
    ['a knock in a match', 'my lad got kicked in the shin at football and was fine'],
  ])('fires no pattern rule on %s', (_name, text) => {
    expect(rulesFor(text).filter((rule) => rule.startsWith('pattern:'))).toEqual([]);
  });

  it.each([
    ['a result after a violent verb', 'the lads got battered 5-0 by Millfield School in the cup, tough day'],
    ['a result after a drinking word', 'our year 8 lads got hammered 6-0 at home but kept their heads up'],
    ['a game of basketball', 'gonna shoot some hoops after school anyone down?'],
    ['asking someone out', 'im gonna shoot my shot w the girl from the bus, pray for me'],
    ['a talk for parents on county lines', 'Really useful county lines talk for Year 6 parents tonight, go to the next one'],
    ['an asthma attack', 'My son had an asthma attack at school and staff dealt with it calmly'],
    ['a phone battery given as a number', 'my phone is on 3% and about to die, ring the house'],
    ['a knife arch at an event', 'Knife arch at the school summer fair this year, police at the gate. Good idea'],
    ['a campaign against knives', 'anti-knife assembly for year 9 with the local PCSO today'],
    ['an appeal for witnesses, not for a missing person', 'Man stabbed in Leeds city centre, police appeal for witnesses'],
  ])('masks %s as an idiom, so no rule fires', (_name, text) => {
    expect(rulesFor(text).filter((rule) => !rule.startsWith('model:'))).toEqual([]);
  });

  it.each([
    ['a blow to children, with numbers', 'he battered 2 year 7s at the bus stop', 'violence'],
    ['a threat to shoot a person', 'gonna shoot him after school', 'violence'],
    ['the writer a waste of oxygen', 'im a waste of oxygen and everyone knows it', 'self_harm'],
    ['a knife carried past a knife arch', 'year 9 boy brought a knife through the knife arch at northbrook', 'violence'],
    ['a child drawn into county lines', 'my son is running county lines for older lads, hes 14', 'grooming'],
    ['a police appeal for a missing child', 'police appeal for help finding missing 13 year old from northbrook', 'missing'],
  ])('still reads %s', (_name, text, category) => {
    expect(scorer.score(text).reasons.filter((r) => !r.rule.startsWith('model:')).map((r) => r.category)).toContain(category);
  });

  it('reads "nobody helps" as a complaint about staff only where staff or the school are named', () => {
    expect(rulesFor('no one cares about me anymore and nobody ever steps in')).not.toContain('pattern:complaint.staff_inaction');
  });

  it.each([
    ['"im 14" as a child', "im 14 and my number is 07700 900999, message me", 'exposure'],
    ['"hes 25" as an adult with a child', 'he keeps sending me gifts and says i owe him, hes 25 and im 13', 'grooming'],
  ])('reads a bare number as an age: %s', (_name, text, category) => {
    expect(scorer.score(text).safeguarding.categories).toContain(category);
  });

  it('scores a post that repeats the pattern words thousands of times in bounded work', () => {
    const text = 'i want to kill myself him you the school '.repeat(5000);
    expect(scorer.score(text).safeguarding.severity).toBeGreaterThanOrEqual(3);
  });
});

describe('patterns.json checks', () => {
  const valid = { about: 'x', classes: { verb: ['hit'] }, patterns: [{ category: 'violence', rule: 'r', severity: 3, sequence: ['verb', 'child'] }] };

  it('accepts the built-in file', () => {
    expect(builtInPatterns.patterns.length).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown class', { ...valid, patterns: [{ ...valid.patterns[0], sequence: ['nope'] }] }, '"nope" is neither a class nor a cue'],
    ['an unknown category', { ...valid, patterns: [{ ...valid.patterns[0], category: 'rudeness' }] }, 'is not a category'],
    ['a severity out of range', { ...valid, patterns: [{ ...valid.patterns[0], severity: 5 }] }, 'severity is a whole number 1 to 4'],
    ['a class named like a cue', { ...valid, classes: { child: ['kid'] } }, "may not share a cue's name"],
    ['an unlessWithin out of range', { ...valid, patterns: [{ ...valid.patterns[0], unlessWithin: -1 }] }, 'unlessWithin is 0 to 20 words'],
    ['an unknown name in unlessInPost', { ...valid, patterns: [{ ...valid.patterns[0], unlessInPost: ['nope'] }] }, 'unlessInPost'],
    ['an unknown name in keepIfInPost', { ...valid, patterns: [{ ...valid.patterns[0], unlessInPost: ['verb'], keepIfInPost: ['nope'] }] }, 'keepIfInPost'],
    ['a maxWords out of range', { ...valid, patterns: [{ ...valid.patterns[0], maxWords: 0 }] }, 'maxWords is 1 to 20 words'],
    ['keepIfInPost with nothing to lift', { ...valid, patterns: [{ ...valid.patterns[0], keepIfInPost: ['child'] }] }, 'keepIfInPost only lifts an unlessInPost'],
  ])('rejects %s with a message saying what to fix', (_name, file, message) => {
    expect(() => checkPatternFile(file)).toThrow(message);
  });
});
