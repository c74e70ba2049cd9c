import { charsetFromContentType, decodeWith, decoderFor, isValidUtf8 } from '../../net/charset.js';

export interface DecodedFeed {
  text: string;
  /** The decoder used, e.g. utf-8, windows-1252, gbk. */
  charset: string;
  warnings: string[];
}

/** BOMs we recognise, longest first, with the decoder they imply. */
const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function bomCharset(bytes: Uint8Array): string | undefined {
  return BOMS.find(([bom]) => bom.every((b, i) => bytes[i] === b))?.[1];
}

/** Characters looked at to recognise UTF-16 without a BOM. */
const UTF16_SNIFF_UNITS = 4;

/**
 * UTF-16 without a BOM: a feed starts with ASCII ("<", a newline, a server's warning), which in
 * UTF-16 puts a zero byte beside every character, after it (LE) or before it (BE). Text in any
 * ASCII-based charset has no zero bytes at all.
 */
function sniffUtf16(bytes: Uint8Array): string | undefined {
  const units = Math.min(UTF16_SNIFF_UNITS, bytes.length >> 1);
  let le = units > 0;
  let be = units > 0;
  for (let i = 0; i < units; i++) {
    const [first, second] = [bytes[2 * i], bytes[2 * i + 1]];
    le &&= first !== 0 && second === 0;
    be &&= first === 0 && second !== 0;
  }
  return le ? 'utf-16le' : be ? 'utf-16be' : undefined;
}

/** How far into a feed a server's error message may push its XML. */
const JUNK_WINDOW = 4096;

/**
 * Characters a server printed before the feed's XML (a PHP warning, as text or as HTML), or 0.
 * The feed starts at its XML declaration or its top element, whichever comes first; text that
 * starts as XML (declaration, comment, DOCTYPE) or JSON has no junk, so a declaration quoted
 * later in the feed (in CDATA) is never mistaken for its start.
 */
export function junkBeforeFeed(text: string): number {
  const head = text.slice(0, JUNK_WINDOW);
  if (/^\s*(<[?!]|\{)/.test(head)) return 0;
  const start = head.search(/<\?xml\s|<(?:[\w.-]+:)?(?:rss|feed|RDF|channel|entry)[\s>]/);
  return start > 0 && head.slice(0, start).trim() !== '' ? start : 0;
}

/** The encoding="..." of an XML declaration, read from the first bytes as ASCII, past any junk before it. */
export function xmlDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, JUNK_WINDOW)).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head.slice(junkBeforeFeed(head)));
  return m?.[1];
}

/**
 * For bytes that claim UTF-8 but are not valid: mostly-UTF-8 text with a few bad bytes (a cut
 * multi-byte character, one pasted Latin-1 word) reads best as UTF-8 with U+FFFD; text with no
 * valid multi-byte sequences at all is a legacy single-byte file.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(bytes);
  let replaced = 0;
  let multibyte = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') replaced++;
    else if (ch.charCodeAt(0) > 0x7f) multibyte++;
  }
  return multibyte > replaced;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return true;
  return false;
}

/**
 * Decodes a feed's bytes. Order: BOM, then the HTTP Content-Type and the XML declaration (when they
 * disagree, the bytes decide: valid UTF-8 is UTF-8, otherwise the non-UTF-8 label wins, because a
 * server's default "charset=UTF-8" on a legacy file is the common real-world mistake; a lone legacy
 * label on bytes that are valid UTF-8 beyond ASCII is the opposite mistake), then UTF-8 if valid,
 * then windows-1252. Invalid UTF-8 is decoded with U+FFFD and a warning, never thrown.
 */
export function decodeFeed(bytes: Uint8Array, contentType?: string): DecodedFeed {
  const warnings: string[] = [];
  const decode = (charset: string): DecodedFeed => {
    const utf8 = charset === 'utf-8';
    if (utf8 && !isValidUtf8(bytes)) warnings.push('the feed is not valid UTF-8; unreadable bytes were replaced with \uFFFD');
    return { text: decodeWith(bytes, charset), charset, warnings };
  };

  const bom = bomCharset(bytes) ?? sniffUtf16(bytes);
  if (bom) return decode(bom);

  // Real UTF-16 was found above by its BOM or zero bytes, so a UTF-16 label on these bytes is wrong (a .NET habit): ignore it.
  const charsetOf = (label: string | undefined): string | undefined => {
    const charset = decoderFor(label);
    if (label && !charset) warnings.push(`unknown character set "${label.slice(0, 40)}" ignored`);
    return charset?.startsWith('utf-16') ? undefined : charset;
  };
  const httpCharset = charsetOf(charsetFromContentType(contentType));
  const xmlCharset = charsetOf(xmlDeclaredCharset(bytes));
  const declared = [httpCharset, xmlCharset].filter((c): c is string => c !== undefined);
  const distinct = [...new Set(declared)];

  if (distinct.length === 1) {
    // Text in a legacy charset with any letter beyond ASCII is almost never valid UTF-8 by chance, while
    // a UTF-8 file labelled ISO-8859-1 by an old server default is common: the bytes win.
    if (distinct[0] !== 'utf-8' && hasNonAscii(bytes) && isValidUtf8(bytes)) {
      warnings.push(`the feed says it is ${distinct[0]} but its bytes are UTF-8; read as UTF-8`);
      return decode('utf-8');
    }
    if (distinct[0] !== 'utf-8' || isValidUtf8(bytes) || mostlyUtf8(bytes)) return decode(distinct[0]);
    warnings.push('the feed says it is UTF-8 but is not; decoded as windows-1252');
    return decode('windows-1252');
  }
  if (distinct.length === 2) {
    const other = distinct.find((c) => c !== 'utf-8');
    if (distinct.includes('utf-8') && isValidUtf8(bytes)) return decode('utf-8');
    warnings.push(`the server says ${httpCharset} but the feed says ${xmlCharset}; used ${other ?? xmlCharset}`);
    return decode(other ?? xmlCharset!);
  }
  if (isValidUtf8(bytes) || mostlyUtf8(bytes)) return decode('utf-8');
  warnings.push('the feed declares no character set and is not UTF-8; decoded as windows-1252');
  return decode('windows-1252');
}
