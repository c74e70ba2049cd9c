import iconv from 'iconv-lite';

/**
 * Maps a declared charset label to the decoder browsers actually use for it (WHATWG Encoding):
 * pages labelled ISO-8859-1 or ASCII are really windows-1252 (curly quotes in 0x80-0x9F), and
 * GB2312 pages use GBK characters. Returns undefined for a label we cannot decode.
 */
export function decoderFor(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'ansi_x3.4-1968', 'cp819', 'ibm819', 'iso_8859-1'].includes(name)) {
    return 'windows-1252';
  }
  if (['gb2312', 'gbk', 'x-gbk', 'csgb2312', 'chinese', 'iso-ir-58', 'gb_2312-80', 'gb_2312'].includes(name)) return 'gbk';
  if (name === 'utf8') return 'utf-8';
  return iconv.encodingExists(name) ? name : undefined;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return m?.[2];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes with a declared label; unknown labels fall back to UTF-8 (invalid bytes become U+FFFD). */
export function decodeBytes(bytes: Uint8Array, label?: string): string {
  const decoder = decoderFor(label) ?? 'utf-8';
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), decoder);
}
