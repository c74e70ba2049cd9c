import { describe, expect, it } from 'vitest';
import { decoderFor } from '../../shared/net/charset.js';

describe('decoderFor', () => {
  it.each([
    ['ISO_8859-1:1987', 'windows-1252'],
    ['iso88591', 'windows-1252'],
    ['csisolatin1', 'windows-1252'],
    ['iso-ir-100', 'windows-1252'],
    ['l1', 'windows-1252'],
    ['US-ASCII', 'windows-1252'],
    ['GB2312', 'gbk'],
    ['"utf8"', 'utf-8'],
    ['x-sjis', 'shift_jis'],
    ['koi8-r', 'koi8-r'],
    ['iso-8859-16', 'iso-8859-16'],
  ])('decodes %j as %s, as browsers do', (label, decoder) => {
    expect(decoderFor(label)).toBe(decoder);
  });

  it.each([['base64'], ['hex'], ['binary'], ['ucs2'], ['utf-7'], ['x-klingon']])('treats %j as no charset, as browsers do', (label) => {
    expect(decoderFor(label)).toBeUndefined();
  });
});
