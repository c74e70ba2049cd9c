import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadTrustConfig, parseTrustConfig } from '../../shared/config/load.js';
import { defaultSearchTerms } from '../../shared/config/schema.js';

const example = readFileSync('config/example.trust.yaml', 'utf8');

const problemsOf = (text: string): string[] => {
  try {
    parseTrustConfig(text, 'trust.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('trust config', () => {
  it('loads the shipped example with defaults filled in', () => {
    const cfg = loadTrustConfig('config/example.trust.yaml');
    expect(cfg.academies.map((a) => a.id)).toEqual(['northbrook', 'millfield', 'st-aidans', 'riverside']);
    expect(cfg.trust.region).toBe('eu-west-2');
    expect(cfg.retention.mentionDays).toBe(30);
    expect(cfg.thresholds).toEqual({ caseSeverity: 2, alertSeverity: 3 });
  });

  it('accepts the same config written as JSON', () => {
    const cfg = loadTrustConfig('config/example.trust.yaml');
    expect(parseTrustConfig(JSON.stringify(cfg))).toEqual(cfg);
  });

  it.each([
    ['a bad email', example.replace('dsl: dsl@millfield.example.sch.uk', 'dsl: not-an-email'), /"academies\[1\]\.dsl" \(line \d+\): must be an email address/],
    ['an id with capitals', example.replace('- id: riverside', '- id: Riverside'), /"academies\[3\]\.id" \(line \d+\): use 1-40 lower-case letters/],
    ['a missing monitor', example.replace('    monitor: monitor@staidans.example.sch.uk\n', ''), /"academies\[2\]\.monitor" \(line \d+\): is required but missing/],
    ['a duplicate academy id', example.replace('- id: riverside', '- id: millfield'), /id "millfield" is used twice/],
    ['a digest time in 12-hour form', example.replace('time: "07:30"', 'time: "7.30am"'), /"digest\.time" \(line \d+\): use 24-hour HH:MM/],
    ['a feed URL that is not http', example.replace('https://news.northbrook.example/rss.xml', 'file:///etc/passwd'), /sources\[0\]\.url.*only http:\/\/ and https:\/\//],
  ])('names the field, its line and the fix for %s', (_label, text, expected) => {
    expect(problemsOf(text).join('\n')).toMatch(expected);
  });

  it('points at the line of a field that is wrong', () => {
    const text = example.replace('dsl: dsl@riverside.example.sch.uk', 'dsl: nobody');
    const line = text.split('\n').findIndex((l) => l.includes('dsl: nobody')) + 1;
    expect(problemsOf(text)).toEqual([`"academies[3].dsl" (line ${line}): must be an email address, e.g. monitor@millfield.example.sch.uk`]);
  });

  it('refuses an unknown field, pointing at its line, so a typo or a pasted credential is never silently dropped', () => {
    const text = example.replace('    dsl: dsl@riverside.example.sch.uk\n', '    dsl: dsl@riverside.example.sch.uk\n    bearer_token: AAAA-secret\n');
    const line = text.split('\n').findIndex((l) => l.includes('bearer_token')) + 1;
    const [problem] = problemsOf(text);
    expect(problem).toMatch(new RegExp(`^"academies\\[3\\]" \\(line ${line}\\): unknown field "bearer_token": check the spelling`));
    expect(problem).toContain('credentials never go in this file');
    expect(problem).not.toContain('AAAA-secret');
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('trust:\n  id: trust\n   name: bad indent\n')[0]).toMatch(/^line \d+: .*\(fix the YAML syntax there\)$/);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadTrustConfig('config/does-not-exist.yaml')).toThrow(/cannot read the file \(ENOENT\): check the path given with --config/);
  });

  it('searches for the configured search terms, else the name and aliases', () => {
    expect(defaultSearchTerms({ name: 'Riverside Junior Academy', aliases: ['Riverside Juniors', 'Ms Shah'], searchTerms: ['Riverside Junior Academy'] })).toEqual([
      'Riverside Junior Academy',
    ]);
    expect(defaultSearchTerms({ name: 'Riverside Junior Academy', aliases: ['Riverside Juniors', ' Riverside Juniors '] })).toEqual(['Riverside Junior Academy', 'Riverside Juniors']);
  });
});
