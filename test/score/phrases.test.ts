import { describe, expect, it } from 'vitest';
import { analyse } from '../../shared/score/normalise.js';
import { PhraseSet } from '../../shared/score/phrases.js';

const matches = (phrase: string, text: string): string[] => {
  const set = new PhraseSet<string>();
  set.add(phrase, phrase);
  const a = analyse(text);
  return set.find(a.tokens).map((m) => a.text.slice(a.tokens[m.from].start, a.tokens[m.to - 1].end));
};

describe('phrase matching', () => {
  it.each([
    ['plain words', 'kill myself', 'i want to kill myself', ['kill myself']],
    ['a word prefix', 'suicid*', 'feeling suicidal', ['suicidal']],
    ['one wildcard word', 'dad * me', 'my dad hit me', ['dad hit me']],
    ['a gap of up to three words', 'meet ... after school', 'meet me outside after school', ['meet me outside after school']],
    ['an emoji', '🔪', 'see u tmrw 🔪', ['🔪']],
    ['leetspeak in the post', 'kill myself', 'k1ll my$elf', ['k1ll my$elf']],
    ['a phrase spelled out letter by letter', 'kill myself', 'k i l l m y s e l f', ['k i l l m y s e l f']],
    ['stretched letters in the post', 'kill myself', 'kiiiiill myselfff', ['kiiiiill myselfff']],
    ['a stretched word against a prefix with double letters', 'bull*', 'buuullying', ['buuullying']],
    ['a stretched word after the first', 'tie a noose', 'tie a nooooose', ['tie a nooooose']],
    ['letters spelled out for a word with double letters', 'kill', 'k i l l', ['k i l l']],
    ['a misspelling that is no English word, one double letter short (kil)', 'kill myself', 'gonna kil myself', ['kil myself']],
    ['the same after the first word (bulied)', 'being bullied', 'im being bulied', ['being bulied']],
    ['an -ing or -ed form written with one consonant where English doubles it (cuting, stabed)', 'cutting myself', 'im cuting myself again', ['cuting myself']],
    ['the same for a word whose stem English knows (stabed: stab)', 'got stabbed', 'he got stabed', ['got stabed']],
    ['a phrase run together as one word, as written or stretched', 'kill myself', '#killmyself kiiillmyself', ['killmyself', 'kiiillmyself']],
    ['a number for #, here a score', 'battered # #', 'we got battered 5-0 in the cup', ['battered 5-0']],
  ])('finds %s', (_name, phrase, text, expected) => {
    expect(matches(phrase, text)).toEqual(expected);
  });

  it.each([
    ['a gap longer than three words', 'meet ... after school', 'meet me by the big old gate after school'],
    ['a word where # wants a number', 'battered # #', 'he battered 2 year 7s at the bus stop'],
    ['a whole word inside a longer one (Scunthorpe)', 'cunt', 'Scunthorpe United'],
    ['a prefix that is only part of the word', 'suicid*', 'sui generis'],
    ['a word that differs only by a double letter (feel, fell)', 'fell off', 'i feel of no use'],
    ['an ordinary word one double letter short of a lexicon word (nose, noose)', 'noose', 'he broke my nose'],
    ['the same at the start of a phrase (shot up, shoot up)', 'shoot up', "he's shot up again, needs a bigger jumper"],
    ['the same after the first word (nose, noose)', 'tie a noose', 'tie a nose'],
    ['an ordinary word one double letter short of a prefix (bulk, bull*)', 'bull*', 'bulk buying for the PTA'],
    ['the same after the first word (bulk, bull*)', 'the bull*', 'the bulk of it'],
    ['an ordinary word spelled out (n o s e, noose)', 'noose', 'he broke my n o s e'],
  ])('does not match %s', (_name, phrase, text) => {
    expect(matches(phrase, text)).toEqual([]);
  });

  it('skips masked words, so an idiom hides what it contains', () => {
    const set = new PhraseSet<string>();
    set.add('killing', 'x');
    const a = analyse('killing it');
    expect(set.find(a.tokens, Uint8Array.from([1, 1]))).toEqual([]);
  });

  it.each([
    ['starts with a wildcard', '* year old'],
    ['starts with a gap', '... knife'],
    ['starts with a number', '# year old'],
    ['has a prefix shorter than three letters', 'ki*'],
  ])('rejects a phrase that %s, saying how to fix it', (_name, phrase) => {
    expect(() => new PhraseSet<string>().add(phrase, phrase)).toThrow(/phrase/);
  });
});
