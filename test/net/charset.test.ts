import { describe, expect, it } from 'vitest';
import { decodeBytes, decoderFor } from '../../shared/net/charset.js';

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
    // Only Node's own TextDecoder has these; iconv-lite lacks them.
    ['ISO-2022-JP', 'iso-2022-jp'],
    ['"csISO2022JP"', 'iso-2022-jp'],
    ['x-mac-cyrillic', 'x-mac-cyrillic'],
  ])('decodes %j as %s, as browsers do', (label, decoder) => {
    expect(decoderFor(label)).toBe(decoder);
  });

  it.each([['base64'], ['hex'], ['binary'], ['ucs2'], ['utf-7'], ['x-klingon'], ['ISO-2022-KR'], ['hz-gb-2312'], ['replacement']])('treats %j as no charset, as browsers do', (label) => {
    expect(decoderFor(label)).toBeUndefined();
  });
});

describe('decodeBytes', () => {
  it.each([
    ['ISO-2022-JP', [0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42], '日本'],
    ['koi8-r', [0xdb, 0xcb, 0xcf, 0xcc, 0xc1], 'школа'],
    ['ISO-2022-KR', [0x41, 0x42], 'AB'],
  ])('decodes %s bytes', (label, bytes, text) => {
    expect(decodeBytes(new Uint8Array(bytes), label)).toBe(text);
  });
});
