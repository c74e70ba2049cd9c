import { describe, expect, it } from 'vitest';
import { createScorer } from '../../shared/score/scorer.js';

// Sentences written for these tests (not copied from any fixture): each mechanism of the third pass
// should catch wordings its classes combine, and the known false alarms should stay below a case.
// These test the hand-written rules, so they run without the trained classifier; the last block
// measures the whole scorer on the same sentences.
const scorer = createScorer({ model: null });
const score = (text: string) => scorer.score(text);
const rulesFor = (text: string): string[] => score(text).reasons.map((r) => r.rule);

const CATCHES = [
    ['absence in the future, with a horizon', "honestly can't see myself being here after year 11", 'pattern:self_harm.not_here_in_future'],
    ['others relieved without the writer', 'my family would have it so much easier without me in the way of everything', 'pattern:self_harm.others_relieved_without_me'],
    ['a final act', 'deleting all my accounts now. remember me', 'pattern:self_harm.final_act_with_time'],
    ['a plan with a time and resolve', "made up my mind, doing it friday once everyone's asleep", 'pattern:self_harm.plan_with_time'],
    ['pills counted or kept', "been stashing my sertraline, there's nearly enough now", 'pattern:self_harm.method_hoard'],
    ['a place that keeps coming back', 'i always end up staring at the canal on my way home from school', 'pattern:self_harm.method_place_thoughts'],
    ['not wanting to wake', 'every night i go to sleep hoping i never have to do tomorrow ever again', 'pattern:self_harm.not_wanting_to_wake'],
    ['tired of existing', "i'm so fed up of existing", 'pattern:self_harm.tired_of_existing'],
    ['the only reason still here', 'my cat is the only reason im still here tbh', 'pattern:self_harm.only_reason_alive'],
    ['an imagined funeral', 'do you ever wonder who would actually turn up to your funeral? i think about my funeral a lot', 'pattern:self_harm.imagining_own_funeral'],
    ['a tool against the body', 'dragging the razor across my wrist again', 'pattern:self_harm.tool_against_body'],
    ['better never comes', 'people say it gets better. not for me it doesnt', 'pattern:self_harm.better_never_comes'],
    ['existential worthlessness', "i shouldn't exist honestly", 'pattern:self_harm.worthless_existence'],
    ['notes left for family', 'wrote letters for my mum and nan and hid them', 'pattern:self_harm.notes_for_family'],
    ['giving things away', "giving away all my makeup and hoodies, i won't need them", 'pattern:self_harm.giving_away_things'],
    ['peace in not existing', "it'd be so peaceful to just stop existing", 'pattern:self_harm.peace_in_not_existing'],
    ['"won\'t be around much longer" as a pattern', "honestly won't be around much longer", 'pattern:self_harm.not_surviving'],
    ['resolve to go through with it', 'i think i finally have the guts to do it', 'pattern:self_harm.going_through_with_it'],
    ['the end of pain', "after tonight it won't hurt anymore", 'pattern:self_harm.end_of_pain'],
    ['reasons running out', "i can't think of reasons to keep going", 'pattern:self_harm.reasons_running_out'],
    ['no fear of death', "honestly i'm more scared of living than dying", 'pattern:self_harm.unafraid_of_death'],
    ['no plans ahead', "no point making plans for next term", 'pattern:self_harm.no_plans_ahead'],
    ['searching for methods', 'my search history would scare people, i keep googling how many pills', 'pattern:self_harm.searching_methods'],
    ['no future', "i can't imagine being 18", 'pattern:self_harm.no_future'],
    ['food as punishment', "i don't deserve to eat after today", 'pattern:self_harm.food_as_punishment'],
    ['an apology that is the whole post', 'sorry for everything x', 'pattern:self_harm.farewell_alone'],
    ['not being enough, alone', "i'm sorry i wasn't enough", 'pattern:self_harm.farewell_alone'],
  ] as const;

const HARMLESS = [
    ['moving away', "won't be here next year, we're moving to spain"],
    ['a teacher retiring', "mrs cole won't be around next year, she's retiring"],
    ['a solved puzzle', 'finally worked out how to do it, that level took me all week'],
    ['medicine for an illness', 'how many ibuprofen can you take for a migraine'],
    ['a walk by the river', 'walking the dog along the river at sunset, stunning'],
    ['a lie-in', 'going to sleep tonight and not having to set an alarm 🙌'],
    ['hating where one lives', 'i hate living in a village with one bus a day'],
    ['a birthday letter', 'wrote a letter for my nan for her birthday'],
    ['an old phone passed on', 'gave my brother my old phone, got a new one'],
    ['goodbye to braces', 'this is goodbye to my braces 🥳'],
    ['a whereabouts', "don't look for me sunday, i'll be at the match"],
    ['an accident with a compass', 'caught my hand on the compass in my pencil case lol'],
    ['a brave haircut', 'finally got the guts to do it, fringe is gone'],
    ['reasons to stay in bed', 'no reasons to stay in bed on a saturday'],
    ['googling symptoms', 'googling how many days a cold lasts lol'],
    ['a future for a team', "can't see a future where united win the league"],
    ['fasting for Ramadan', 'fasted all day for ramadan, a bit dizzy but fine'],
    ['picking a party date', "picked the day for my party, you're all invited"],
    ['a hopeful promise', "i'm not going to give up, i will be here next year"],
    ['an apology for a night out', 'sorry for everything last night 🙈'],
    ['an apology laughed off', 'sorry for everything lol'],
    ['an assembly on warning signs', 'Wellbeing assembly: signs include giving away belongings and saying goodbye to everyone'],
  ] as const;

const FORMER_FALSE_ALARMS = [
    ['"dm me" among pupils', 'dm me for the french homework answers year 8'],
    ['"meet up after school" among friends', 'who wants to meet up after school for chips'],
    ['"tonight is the night" before a concert', 'tonight is the night!! school concert, wish us luck'],
    ['"nobody would notice if" about uniform', 'nobody would notice if i wore white socks'],
    ['"won\'t be around much longer" about a phone battery', "won't be around much longer, phone's dying"],
    ['"want to sleep forever" on a Sunday', 'just want to sleep forever on a saturday'],
    ['"happier without me" about mess', 'my dad would be happier without me leaving mugs everywhere'],
  ] as const;

describe('indirect self-harm and suicidal ideation', () => {
  it.each(CATCHES)('catches %s', (_name, text, rule) => {
    expect(rulesFor(text)).toContain(rule);
    expect(score(text).safeguarding.severity).toBeGreaterThanOrEqual(3);
  });

  it('makes two distress words in a first-person post a case, not an alert', () => {
    const s = score('i feel so numb and trapped lately');
    expect(s.reasons.map((r) => r.rule)).toContain('pattern:self_harm.distress_any_pair');
    expect(s.safeguarding.severity).toBe(2);
  });

  it('leaves the same words about training below a case', () => {
    expect(score("i'm numb and exhausted from training").safeguarding.severity).toBeLessThan(2);
  });

  it.each([
    ['a plan with a time', "made up my mind, doing it friday once everyone's asleep"],
    ['stockpiled pills', 'saved up enough of my nans tablets'],
  ])('raises %s to critical', (_name, text) => {
    expect(score(text).safeguarding.severity).toBe(4);
  });

  it('reads the apology as a farewell only when it is the whole post', () => {
    expect(rulesFor('sorry for everything i said in the group chat, i was tired and stressed about mocks')).not.toContain('pattern:self_harm.farewell_alone');
  });

  it.each(HARMLESS)('leaves %s below a case', (_name, text) => {
    expect(score(text).safeguarding.severity).toBeLessThan(2);
  });
});

describe('known false alarms', () => {
  it.each(FORMER_FALSE_ALARMS)('keeps %s below a case', (_name, text) => {
    const s = score(text);
    expect(Math.max(s.safeguarding.severity, s.reputational.severity)).toBeLessThan(2);
  });

  it('does not read a fake account of a person as impersonating the school', () => {
    expect(score('someone made a fake account of him posting his best skills, legend').reputational.categories).not.toContain('impersonation');
  });

  it('still reads a fake account mocking a pupil as bullying', () => {
    expect(score('they made a fake account of her and keep posting edited pics').safeguarding.categories).toContain('bullying');
  });

  it('still reads a meet-up with secrecy as grooming', () => {
    expect(score("meet up after school, don't tell your mum").safeguarding.categories).toContain('grooming');
  });

  it('still reads a police appeal for a child as missing', () => {
    expect(score('Police appeal for Jack, 13, last seen leaving school').safeguarding.categories).toContain('missing');
  });
});


describe('the whole scorer, with the trained classifier, on these sentences', () => {
  const full = createScorer();

  it('still puts every wording the rules catch at high or critical (the classifier does not veto them)', () => {
    const missed = CATCHES.filter(([, text]) => full.score(text).safeguarding.severity < 3).map(([name]) => name);
    expect(missed).toEqual([]);
  });

  // The classifier flags a few short harmless posts whose words lean towards self-harm in its training
  // data ("finally got the guts to do it, fringe is gone"); which ones moves with each retraining, so the
  // count is held, not the list. Measured: 3 of the 27 when this was written, 5 since safeguarding
  // thresholds may go down to 0.15 (fifth pass, docs/scoring.md), 6 since the eleventh pass's everyday
  // posts, whose concerns share these words ("want to sleep forever").
  it('flags no more than 6 of the 29 harmless look-alikes', () => {
    const flagged = [...HARMLESS, ...FORMER_FALSE_ALARMS].filter(([, text]) => {
      const s = full.score(text);
      return Math.max(s.safeguarding.severity, s.reputational.severity) >= 2;
    });
    expect(flagged.length).toBeLessThanOrEqual(6);
  });
});
