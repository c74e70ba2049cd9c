import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../shared/digest/mask.js';

/** The exposure items of shared/eval/dev.jsonl (copied here so the test needs nothing outside the repo). */
const items = new Map<string, string>(
  readFileSync(new URL('./fixtures/dev-exposure.jsonl', import.meta.url), 'utf8')
    .trim().split('\n').map((line) => JSON.parse(line) as { id: string; text: string }).map((d) => [d.id, d.text]),
);

/** The terms example.trust.yaml gives the trust and academies: never personal data. */
const keep = [
  'Northbrook Academies Trust', 'Northbrook Trust', 'NAT', 'Northbrook Academy', 'Northbrook', 'NBA', '@NorthbrookAcad', 'Northbrook Court',
  'Millfield Primary Academy', 'Millfield Primary', 'Millfield', 'MPA', '@MillfieldPrimary', "St Aidan's CofE Academy", "St Aidan's",
  'Riverside Junior Academy', 'Riverside Junior', 'Riverside Juniors', 'Cambridgeshire',
];

describe('masking the exposure items of the dev set', () => {
  it.each([
    ['d0020', ['Jess'], ['Millfield', 'changing rooms']],
    ['d0036', ['amelia', '@northbrook_confessions'], ['9P']],
    ['d0067', ['Oliver', 'Hughes'], ['6R', 'Riverside Junior', 'swimming badge']],
    ['d0068', ['Lucy', 'Bennett', 'Ashdown', 'Close'], ['year 10', 'northbrook']],
    ['d0069', ['Chloe', 'Ward', '07700 900412', '900412'], ['st aidans', '412']],
    ['d0070', ['Ava', 'Thompson', 'Leo', 'Patel', 'Grace', 'Kim'], ['Millfield Primary', 'Year 2']],
    ['d0071', ['@ethan.w.2013', 'ethan'], ['year 7s', 'northbrook']],
    ['d0072', ['Jacob', 'Marsh', 'Mill Road'], ['Y9', 'Northbrook']],
    ['d0074', ['Maisie', 'Doyle', 'Harry', 'Owen', 'Sofia', 'Lopez'], ['Riverside Junior', 'Y4']],
    ['d0075', ['Kayla'], ['13 year old', 'Northbrook Academy', '3.20pm']],
  ])('%s hides %j and keeps %j', (id, hidden, kept) => {
    const text = items.get(id)!;
    const result = maskPersonalData(text, { keep });
    for (const h of hidden) expect(result.text).not.toContain(h);
    for (const k of kept) expect(result.text).toContain(k);
    expect(result.text).toHaveLength(text.length);
  });

  it.each(['d0019', 'd0041', 'd0073', 'd0108', 'd0109', 'd0110', 'd0111', 'd0112', 'd0114', 'd0145'])(
    '%s names no individual, so it is left exactly as posted',
    (id) => {
      const text = items.get(id)!;
      expect(maskPersonalData(text, { keep })).toEqual({ text, masked: [] });
    },
  );

  it('shows the masked forms the monitor reads', () => {
    expect(maskPersonalData(items.get('d0069')!, { keep }).text).toBe(
      "spotted: the st aidans kid from the viral video, her name's C**** W*** and her number is 07*** ***412",
    );
  });
});

describe('masking personal data beyond the dev set', () => {
  it.each([
    ['a full name before a year group, first name unknown to the list', 'Zainab Okoro, Year 8 was crying', 'Z***** O****, Year 8 was crying', ['name']],
    ['a name with an apostrophe', "Harry O'Neill in 7B", "H**** O'N**** in 7B", ['name']],
    ['a lower-case full name before a year', 'lucy bennett year 10 is a grass', 'l*** b****** year 10 is a grass', ['name']],
    ['a +44 mobile number', 'ring her on +44 7700 900123', 'ring her on +44 7*** ***123', ['phone']],
    ['a landline', 'call 01223 456789', 'call 01*** ***789', ['phone']],
    ['a house number and street', 'lives at 14 Elm Grove', 'lives at ** E** G****', ['address']],
    ['a postcode', 'near CB4 2XY', 'near C** ***', ['postcode']],
    ['an email address', 'email jess.k@example.com', 'email j*****@example.com', ['email']],
    ['a date of birth', 'dob 12/03/2013', 'dob **/**/****', ['date']],
  ])('masks %s', (_what, text, masked, kinds) => {
    expect(maskPersonalData(text, { keep })).toEqual({ text: masked, masked: kinds });
  });

  it.each([
    ['staff named with a title', 'Mrs Sarah Quinn and Mr David Okafor were great'],
    ['school names and official handles', 'Millfield Primary and @NorthbrookAcad at Northbrook Court'],
    ['ordinary words that are also names, in lower case', 'i will hope for the best, may the grace of god'],
    ['year groups and classes', 'the year 10 girls in 10B'],
  ])('leaves %s alone', (_what, text) => {
    expect(maskPersonalData(text, { keep })).toEqual({ text, masked: [] });
  });
});
