/**
 * Built-in word lists the matching rules share. They hold English and UK-school vocabulary, never a
 * particular trust's names: a trust's own terms live in its config. Words are in folded form
 * (lower-case, no apostrophes), as `foldWord` produces.
 */

/** Words that make an ambiguous short name ("NBA", "NAT") about a school. */
export const SCHOOL_WORDS: ReadonlySet<string> = new Set([
  'school', 'schools', 'academy', 'academies', 'trust', 'trusts', 'ceo', 'cfo', 'coo',
  'pupil', 'pupils', 'student', 'students', 'teacher', 'teachers', 'teaching', 'staff', 'head', 'heads',
  'headteacher', 'headteachers', 'headmaster', 'headmistress', 'principal', 'deputy', 'governor', 'governors',
  'governance', 'ofsted', 'dfe', 'esfa', 'inspection', 'inspectors', 'gcse', 'gcses', 'sats', 'mocks', 'exam',
  'exams', 'coursework', 'homework', 'detention', 'detentions', 'exclusion', 'exclusions', 'excluded',
  'isolation', 'uniform', 'blazer', 'classroom', 'classrooms', 'lesson', 'lessons', 'timetable', 'term', 'terms',
  'playground', 'canteen', 'assembly', 'pta', 'senco', 'ehcp', 'dsl', 'safeguarding', 'tutor',
  'sixth', 'y1', 'y2', 'y3', 'y4', 'y5', 'y6', 'y7', 'y8', 'y9', 'y10', 'y11', 'y12', 'y13',
  'yr1', 'yr2', 'yr3', 'yr4', 'yr5', 'yr6', 'yr7', 'yr8', 'yr9', 'yr10', 'yr11', 'yr12', 'yr13',
  'year1', 'year2', 'year3', 'year4', 'year5', 'year6', 'year7', 'year8', 'year9', 'year10', 'year11', 'year12', 'year13',
  'year6s', 'year7s', 'year8s', 'year9s', 'year10s', 'year11s', 'prom', 'admissions', 'catchment', 'curriculum',
  'inset', 'primary', 'secondary', 'junior', 'juniors', 'primaries', 'secondaries', 'nativity', 'leavers',
  'infants', 'nursery', 'sixthform', 'trip', 'classmates', 'bullied', 'bullying', 'parents',
  'jnr', 'jnrs', 'gate', 'gates', 'mock', 'blazers', 'trustee', 'trustees', 'maths', 'dept',
]);

/** People words that confirm a place-like name ("Riverside kids") but are too common for an acronym. */
export const FAMILY_WORDS: ReadonlySet<string> = new Set([
  'kid', 'kids', 'child', 'children', 'son', 'daughter', 'mum', 'mums', 'mam', 'mams', 'dad', 'dads', 'parent',
  'boy', 'boys', 'girl', 'girls', 'lad', 'lads', 'teacher', 'teachers', 'ds', 'dd', 'brother', 'sister', 'sis',
  'bro', 'grandson', 'granddaughter', 'nephew', 'niece', 'cousin',
]);

/** "Year 9" counts as school context when a year-group number follows. */
export const YEAR_WORDS: ReadonlySet<string> = new Set(['year', 'yr', 'years']);
export const YEAR_GROUPS: ReadonlySet<string> = new Set([
  '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '7s', '8s', '9s', '10s', '11s', '12s', '13s',
]);

/**
 * Words that, right after a name, make it another organisation or a place: "Millfield Road",
 * "Riverside Stadium", "St Aidan's Church", "Northbrook Court". Ignored when the word is part of the
 * entity's own names ("Millfield Primary" is ours, so "primary" never rules Millfield out).
 */
export const OTHER_ORGANISATION_WORDS: ReadonlySet<string> = new Set([
  'road', 'rd', 'street', 'lane', 'avenue', 'ave', 'drive', 'crescent', 'terrace', 'estate', 'house', 'farm',
  'park', 'court', 'mall', 'centre', 'center', 'stadium', 'arena', 'ground', 'cafe', 'café', 'restaurant',
  'bar', 'pub', 'inn', 'arms', 'hotel', 'church', 'chapel', 'cathedral', 'parish', 'vicarage', 'college',
  'university', 'uni', 'hospital', 'surgery', 'practice', 'clinic', 'library', 'station', 'fc', 'afc', 'rfc',
  'cc', 'united', 'rovers', 'town', 'city', 'village', 'area', 'ward', 'walk', 'way', 'path', 'retail',
  'leisure', 'golf', 'club', 'marina', 'wharf', 'quay', 'bridge', 'gardens', 'garden', 'garage', 'motors',
  'homes', 'care', 'medical', 'dental', 'vets', 'high', 'grammar', 'prep', 'preparatory', 'infant', 'infants',
  'primary', 'junior', 'juniors', 'secondary',
  'catholic', 'rc', 'methodist', 'baptist', 'community', 'rec', 'salon', 'hospice', 'bank', 'lake', 'lakes',
  'museum', 'gallery', 'theatre', 'cinema', 'kitchen', 'bistro', 'brasserie', 'tavern', 'deli', 'market', 'square',
  'precinct', 'weir', 'skatepark', 'lido', 'river', 'canal', 'allotments', 'woods', 'meadows', 'carnival', 'festival', 'foodbank', 'parkrun',
]);

/** Kinds of school: after a school's name they make it another school, after the trust's they are its own. */
export const SCHOOL_TYPE_WORDS: ReadonlySet<string> = new Set([
  'primary', 'primaries', 'secondary', 'secondaries', 'junior', 'juniors', 'infant', 'infants', 'high', 'grammar', 'prep',
]);

/**
 * Other-organisation words a school also has ("the northbrook library", "the st aidans path"): they
 * make a name another body only as part of a Title Case proper name ("Northbrook Public Library").
 */
export const SHARED_FACILITY_WORDS: ReadonlySet<string> = new Set([
  'library', 'path', 'garden', 'gardens', 'gallery', 'theatre', 'cinema', 'kitchen', 'carnival', 'festival', 'parkrun', 'woods', 'meadows',
]);

/** Titles before a surname: "Mr Okafor", "Sir", "Miss Shah" and "Dr Okafor" all name the same person. */
export const HONORIFICS: readonly string[] = ['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'prof'];

/** Digits read as letters in leetspeak ("n0rthbr00k", "N4T"). */
export const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' };

/** People a news report says are "from" a town ("a 13-year-old girl from Northbrook"): where they live, not a school. */
export const RESIDENT_WORDS: ReadonlySet<string> = new Set([
  'boy', 'girl', 'man', 'woman', 'teenager', 'teen', 'youth', 'resident', 'person', 'pensioner', 'mother', 'father', 'driver', 'cyclist',
]);

/** Prepositions that make a town name a place ("a school in Northbrook"), not a school. */
export const LOCATIVES: ReadonlySet<string> = new Set([
  'in', 'near', 'nr', 'around', 'across', 'outside', 'round', 'to', 'towards', 'into', 'through',
]);
