import { describe, expect, it } from 'vitest';
import { loadTrustConfig, parseTrustConfig } from '../../shared/config/load.js';
import { createMatcher, MatchConfigError, MAX_MATCH_CHARS, withinOneEdit } from '../../shared/match/matcher.js';

const matcher = createMatcher(loadTrustConfig('config/example.trust.yaml'));
const ids = (text: string): string[] => [...matcher.match(text).entityIds].sort();

describe('academies named in a post', () => {
  it.each([
    ['Millfield Primary nativity was adorable, well done Year 2', ['millfield']],
    ['St Aidans year 11s got their results today 🎉', ['st-aidans']],
    ['Saint Aidan’s Northbrook sixth form open evening next week', ['st-aidans']],
    ["ST. AIDAN'S parents: non-uniform day friday", ['st-aidans']],
    ['NBA year 9s have the best PE department', ['northbrook']],
    ['NAT has announced new term dates for all its schools', ['trust']],
    ["NAT's CEO has written to every school", ['trust']],
    ['Rumour that NAT is going to merge Millfield with Riverside Junior', ['millfield', 'riverside', 'trust']],
    ['the riverside juniors football team won 4-0', ['riverside']],
    ['Riverside Junior’s nursery is closing', ['riverside']],
    ['@NorthbrookAcad why is the canteen so expensive', ['northbrook']],
    ['#northbrookacademy prom was class', ['northbrook']],
    ['Proud of our #MillfieldPrimary readers', ['millfield']],
    ['@riverside_junior_memes posted another one', ['riverside']],
    ['Millfield School in Somerset beat Millfield Primary at chess? No way, ours won!', ['millfield']],
    ['Northbrook-Academy students won the regional robotics prize', ['northbrook']],
    ['Millfíeld Primáry had a great fair', ['millfield']],
    ['Millfie\u0301ld Primary (a combining accent) sports day', ['millfield']],
    ['ST AIDAN‘S debate team through to the final', ['st-aidans']],
    ['NORTHBROOK ACADEMY OPEN EVENING TONIGHT', ['northbrook']],
    ['Northbrook Academies Trust and Riverside Junior: new SEND base opens', ['riverside', 'trust']],
    ["Mrs Quinn's assembly on kindness was lovely", ['millfield']],
    ["Anyone know a good tutor in Northbrook? My son is in year 8 at St Aidan's", ['st-aidans']],
    ["Northbrook and St Aidan's both through to the county final", ['northbrook', 'st-aidans']],
    ['Riverside kids are raising money for the food bank', ['riverside']],
    ["the northbrook lads were at it again on the bus", ['northbrook']],
    ['Northbrook’s new head starts in September', ['northbrook']],
    ['st aidans school gates are chaos at 3pm', ['st-aidans']],
    ["the riverside teachers don't care about SEN kids", ['riverside']],
    ['my son at RJA has been moved class again', ['riverside']],
    ['St. Aidan’s sixth formers are volunteering at the Northbrook food bank', ['st-aidans']],
    ['Northbrook Sixth Form Centre opens its doors', ['northbrook']],
    ['Really caring staff. My daughter was nervous starting Y3 mid-year but Riverside made her feel so welcome.', ['riverside']],
    ['Anyone else\'s kids obsessed with the new compliment chain in the NAT primary schools?', ['trust']],
    ['I have now written to the trust three times about the state of the toilets at Northbrook.', ['northbrook', 'trust']],
    ['Typical NAT. Cut the SEN budget, pay the CEO £180k.', ['trust']],
    ['some1 made a snap called northbrookacad_official and its adding all the yr 8s', ['northbrook']],
    ['an instagram account called northbrook.staff.exposed is posting pics of teachers', ['northbrook']],
    ['Asking as a Riverside parent.', ['riverside']],
    ["who's got the pics of that year 10 girl from northbrook? going round the whole year", ['northbrook']],
    ['the year 9s from northbrook were chanting stuff at the bus stop again', ['northbrook']],
    // A hashtag of a context acronym alone, in capitals, in a post about school.
    ['Head of a school on six figures while our kids share textbooks. Disgrace. #NAT', ['trust']],
    ['ur school is a prison and ur teachers are pigs. #MPA', ['millfield']],
    // "NBK" is how pupils shorten Northbrook; lower case it needs school talk, like any acronym alias.
    ["nbk canteen doing its best fr", ['northbrook']],
    ["Breaking: former St Aidan's governor arrested, police confirm. bit.ly/nbk-news", ['st-aidans']],
    // Words joined by a dot and a slash are not a link unless the last part is a web ending.
    ['Loved the trip.Northbrook/Millfield kids all there', ['millfield', 'northbrook']],
    ['Mr.Okafor/Mrs.Quinn assembly was class', ['millfield', 'northbrook']],
    // Someone "from" the town with an age is where they live, but not in a sentence about school.
    ['a 14 year old girl from northbrook says her teacher messaged her on snap', ['northbrook']],
    ['a girl from northbrook is getting bullied every day and teachers do nothing', ['northbrook']],
  ])('reads %j as being about %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('namesakes and noise', () => {
  it.each([
    ["Millfield School's rugby team tour South Africa"],
    ["St Aidan's Church summer fete, all welcome"],
    ["St Aidan's Primary School in Leeds has a new head"],
    ['Riverside Park is flooded again'],
    ['Great night at the Riverside Hotel'],
    ['Took the kids to Riverside Park today'],
    ['walking by the riverside with the dog'],
    ['NBA finals tonight, who you got?'],
    ['double NAT on my router makes my game lag'],
    ['port forwarding behind CGNAT is a pain #networking #NAT'],
    ['Nat from work is a legend'],
    ["Nat's school run playlist is elite"],
    ['Northbrook Court has a new Apple store'],
    ['Northbrook, IL police blotter: car stolen from driveway'],
    ['Glenbrook North beat the Northbrook Illinois side on Friday'],
    ['Millfield area residents complain about bins'],
    ['Millfield, Peterborough: new bus route starts Monday'],
    ["St Aidan's College Durham ball tickets on sale"],
    ['Riverside Stadium: Boro 2-1 Leeds'],
    ['Northbrook Rotary Club fireworks night raised £3k'],
    ['nice walk along the riverside with the kids this afternoon'],
    ["St Aidan's School, Blackpool: new head appointed"],
    ['Thinking about NBA 2K27 with the boys after school'],
    ['iptables NAT table vs filter table for the school firewall, which one?'],
    ["my son's school wifi is behind a double NAT so his Minecraft server won't work"],
    ['Millfield v Eton this weekend, first XI looking sharp'],
    ['email me at millfield@example.org about the fete'],
    ['see https://millfield.example.org/northbrook for details'],
    ['more at bit.ly/northbrook-academy-news'],
  ])('treats %j as about none of our schools', (text) => {
    expect(ids(text)).toEqual([]);
  });
});

describe('explanations', () => {
  it('says which term and rule matched, as written in the post', () => {
    const result = matcher.match('Well done to the St Aidan’s debate team!');
    expect(result.reasons).toEqual([{ entityId: 'st-aidans', term: "St Aidan's", rule: 'alias', match: 'St Aidan’s' }]);
  });

  it.each([
    ['@NorthbrookTrust please fix the minibus', 'trust', 'handle', '@NorthbrookTrust'],
    ['so proud #ProudToBeNorthbrook', 'northbrook', 'hashtag', '#ProudToBeNorthbrook'],
    ['NAT schools closed for snow', 'trust', 'context_alias', 'NAT'],
    ['Millfield Primary Academy is hiring', 'millfield', 'name', 'Millfield Primary Academy'],
  ])('explains %j as %s by rule %s', (text, entityId, rule, match) => {
    expect(matcher.match(text).reasons).toContainEqual(expect.objectContaining({ entityId, rule, match }));
  });

  it.each([
    ['Millfield School in Somerset announces new headmaster', 'millfield', 'Millfield School', 'exclude'],
    ['Riverside Stadium was rocking', 'riverside', 'Riverside Stadium', 'exclude'],
    ['Riverside Cafe does the best brunch, the kids love it', 'riverside', 'Riverside Cafe', 'other_organisation'],
    ["CAMHS in Northbrook is useless, my son at St Aidan's waited 9 months", 'northbrook', 'Northbrook', 'place'],
  ])('reports why %j was not matched to %s', (text, entityId, phrase, rule) => {
    const result = matcher.match(text);
    expect(result.entityIds).not.toContain(entityId);
    expect(result.excluded).toContainEqual({ entityId, phrase, rule });
  });

  it('keeps an academy named outright when its namesake is in the same post', () => {
    const result = matcher.match('Not Millfield School, Somerset: I mean Millfield Primary in Northbrook');
    expect(result.entityIds).toEqual(['millfield']);
    expect(result.excluded).toContainEqual({ entityId: 'millfield', phrase: 'Millfield School', rule: 'exclude' });
  });

  it('lists entity ids in config order, the trust first', () => {
    expect(matcher.match('Riverside Junior and Millfield Primary, both Northbrook Trust schools').entityIds).toEqual([
      'trust',
      'millfield',
      'riverside',
    ]);
  });
});

describe('general rules on another trust', () => {
  const oakwood = createMatcher(
    parseTrustConfig(`
trust:
  id: trust
  name: Oakwood Learning Partnership
  aliases: [Oakwood Learning]
  contextAliases: [OLP]
  places: [Bramley]
  monitor: m@oakwood.example.org
  dsl: d@oakwood.example.org
email: { from: m@oakwood.example.org }
academies:
  - id: hollins
    name: Hollins Park Academy
    aliases: [Hollins Park, Hollins]
    exclude: [Hollins University]
    places: [Bramley]
    monitor: m@hollins.example.org
    dsl: d@hollins.example.org
  - id: beck
    name: Beckside Primary School
    aliases: [Beckside Primary, Beckside]
    monitor: m@beck.example.org
    dsl: d@beck.example.org
`),
  );

  it.each([
    ['Hollins year 10s did brilliantly in the mocks', ['hollins']],
    ['Hollins University announces new campus', []],
    ['Hollins Road closed for roadworks', []],
    ['Beckside Primary School summer fair', ['beck']],
    ["Beckside's sports day is Friday", ['beck']],
    ['Beckside Café has reopened', []],
    ['OLP has appointed a new CEO for its schools', ['trust']],
    ['OLP stands for many things', []],
  ])('reads %j as %j', (text, expected) => {
    expect([...oakwood.match(text).entityIds].sort()).toEqual(expected);
  });
});

describe('misspelt, disguised and informal names', () => {
  it.each([
    // One slip in a long name word, and leetspeak.
    ['this heat is killing me and northbrok wont let us take blazers off', ['northbrook']],
    ['the year 11s at st aidens are unhinged', ['st-aidans']],
    ['is it true milfield primary had the worst phonics results?', ['millfield']],
    ['d0xx1ng the one who told on us. y8 @ n0rthbr00k', ['northbrook']],
    ['N4T trustees meeting minutes finally published', ['trust']],
    // Acronyms in lower case, with school talk near them or after "at".
    ['teachers at saca be like marking these mocks', ['st-aidans']],
    ['everyone at nba keeps calling my son names', ['northbrook']],
    ['nah the rja fight was staged, the yr 6 boy had to go hospital', ['riverside']],
    // Staff: any title, or none, before a configured surname.
    ["mr brennan said 'see you all next week'", ['st-aidans']],
    ['okafor out 🗣️🗣️', ['northbrook']],
    ['Miss Shah came out in the rain to help my toddler', ['riverside']],
    // "The trust" is ours, alongside an academy too.
    ['the trust should be ashamed, absolute clowns running it', ['trust']],
    ["The trust has been useless about the roof at St Aidan's", ['st-aidans', 'trust']],
    // "at Riverside" with school talk elsewhere in the post.
    ['My grandson loves it at Riverside. The teachers there are grand.', ['riverside']],
    // A word alias written as a name, in a post about school, though no school word shares its sentence.
    ["Disgraceful school. Teachers think they're untouchable. Avoid. Riverside is a joke.", ['riverside']],
    // A school event named after the place is still the school's.
    ['Millfield carnival was amazing, well done to the PTA and all the teachers!', ['millfield']],
    ["St Aidan's carnival float won! So proud of the year 6s", ['st-aidans']],
    ['Can I just say the breakfast club ladies at Riverside are angels. Best primary in town.', ['riverside']],
    // Handles and hashtags with the name run together or spelt "saint".
    ['#saintaidans harvest festival donations filled the hall', ['st-aidans']],
    ["anyone else seen @staidans.confessions?? it's posting rumours", ['st-aidans']],
    ['me pretending to die in the drama warm up #northbrookdrama', ['northbrook']],
    ['#SACA staff five-a-side vs year 11 today', ['st-aidans']],
    // A school word after the town makes it the school, even after "outside"; a school also has a library.
    ['caught this outside northbrook gates, whole year 10 circle', ['northbrook']],
    ["dont look for me in period 4, im hiding in the northbrook library", ['northbrook']],
    ['nobody is gonna miss me at northbrook', ['northbrook']],
  ])('reads %j as being about %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it.each([
    ['Saint Aidan of Lindisfarne’s feast day is 31 August'],
    ['NBA finals tonight, who you got?'],
    ['nba finals tonight, who you got?'],
    ['Lunch at Riverside was lovely'],
    ['Took the dog for a walk at Riverside, lovely afternoon'],
    // School talk, but the word is the ordinary noun or another body's name.
    ['Walked the kids home from school along the riverside, so pretty'],
    ['School holidays sorted: Riverside Park splash pad is open again'],
    ['The water at Northbrook weir is freezing, talk to your teenagers before the school holidays'],
    ['💯 clean bars dropping by the Northbrook skatepark after 7, students discount'],
    ['Anyone know if Riverside Tesco is open? need uniform for year 7'],
    ['MPA Awards 2026: best music producer nominations announced'],
    ['this is what happens when u snitch #fight #millfieldestate'],
  ])('treats %j as about none of our schools', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('counts one slip, not two', () => {
    expect(withinOneEdit('northbrok', 'northbrook')).toBe(true);
    expect(withinOneEdit('aidens', 'aidans')).toBe(true);
    expect(withinOneEdit('nortbhrook', 'northbrook')).toBe(true);
    expect(withinOneEdit('nothbrok', 'northbrook')).toBe(false);
    expect(withinOneEdit('riverside', 'riverside')).toBe(true);
  });
});

describe('the town, and namesakes in disguise', () => {
  it.each([
    // Said as a place, beside its county, or starting another proper name: the town, not the school.
    ['Anyone know a good tutor for GCSE maths near Northbrook?'],
    ['Cambridgeshire Police are appealing for help to trace a teenager from Northbrook who has not been seen since Sunday'],
    ['Cambs Police: a 15 year old girl reported missing from Northbrook yesterday has been found safe and well.'],
    // Where a report says someone lives: "a 13-year-old girl from", "Tyler, 11, from".
    ['Police are appealing for help to find a 13-year-old girl from Northbrook who has not been seen since Tuesday.'],
    ['A teenage boy from Northbrook has been reported missing.'],
    ['MISSING: Tyler, 11, from Northbrook. Left home at 7pm and not been seen since. Please share.'],
    ['🎤 OPEN AUDITIONS: Northbrook Youth Theatre is casting for Oliver! Ages 8-16'],
    ['Northbrook Public Library’s teen writing workshop is back Tuesday nights'],
    // Once the post uses the name as the town or another body, a bare repeat means the same.
    ['Firefighters in Northbrook are urging parents to be careful. Crews from Northbrook fire station will visit.'],
    ['The Millfield area is getting a new bus route. Millfield has waited years for it.'],
    // Our Millfield is a primary: sixth forms and a 1st XV are the Somerset school's.
    ['Thinking about Millfield for DS for sixth form, mainly for the swimming'],
    ['Millfield 1st XV absolutely smashed it on Saturday'],
  ])('treats %j as about none of our schools', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('says why the town did not count', () => {
    const result = matcher.match('Anyone know a good dog groomer near Northbrook?');
    expect(result.entityIds).toEqual([]);
    expect(result.excluded).toContainEqual({ entityId: 'northbrook', phrase: 'Northbrook', rule: 'place' });
  });
});

describe('hostile and large input', () => {
  it('reads only the first MAX_MATCH_CHARS characters of a huge post', () => {
    const padding = 'lorem ipsum '.repeat(Math.ceil(MAX_MATCH_CHARS / 12));
    expect(ids(`Millfield Primary ${padding}`)).toEqual(['millfield']);
    expect(ids(`${padding} Millfield Primary`)).toEqual([]);
  });

  it('bounds the explanation of a post that repeats a name thousands of times', () => {
    const result = matcher.match('Northbrook Academy Millfield Primary St Aidans '.repeat(5000));
    expect(result.entityIds).toEqual(['northbrook', 'millfield', 'st-aidans']);
    expect(result.reasons.length).toBeLessThanOrEqual(50);
  });

  it.each([[''], ['   '], ['🔥🔥🔥'], ['@'], ['#'], ["'''"], ['\u0000\u202e']])('matches nothing in %j', (text) => {
    expect(matcher.match(text)).toEqual({ entityIds: [], reasons: [], excluded: [] });
  });

  it('never throws on scrambled text and always quotes the post in its explanations', () => {
    const pieces = ['a', 'N', '@', '#', '.', "'", '’', ' ', '\n', 'é', '\u0301', '😀', '\ud800', '_', '-', 'http://', 'x@y.z',
      'Northbrook', 'Millfield', 'School', 'NAT', 'the', 'St', "Aidan's", 'in', 'kids', ','];
    let seed = 42;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let i = Math.floor(next() * 30); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      const result = matcher.match(text);
      for (const reason of result.reasons) expect(text).toContain(reason.match);
    }
  });

  it('refuses a config term with no letters or digits, naming it', () => {
    const config = loadTrustConfig('config/example.trust.yaml');
    config.academies[0].aliases.push('!!!');
    expect(() => createMatcher(config)).toThrow(MatchConfigError);
    expect(() => createMatcher(config)).toThrow(/"northbrook" alias "!!!"/);
  });
});
