import iconv from 'iconv-lite';

/**
 * Maps a declared charset label to the decoder browsers use for it, by the WHATWG Encoding
 * Standard's label table (Node's TextDecoder holds it): ISO-8859-1, latin1 and ASCII are really
 * windows-1252 (curly quotes in 0x80-0x9F), GB2312 is GBK, and names iconv-lite knows that are not
 * charsets ('base64', 'hex', 'binary') are unknown. Returns undefined for a label we cannot decode,
 * including those the standard gives its "replacement" decoder (ISO-2022-KR): TextDecoder refuses
 * them, and decoding would turn the whole text into one U+FFFD. decodeWith decodes the result.
 */
export function decoderFor(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const name = label.trim().replace(/^["']|["']$/g, '');
  try {
    return new TextDecoder(name).encoding;
  } catch {
    // Node's ICU has no ISO-8859-16 decoder, so TextDecoder refuses the one label the standard gives it; iconv-lite has one.
    return name.toLowerCase() === 'iso-8859-16' ? 'iso-8859-16' : undefined;
  }
}

/**
 * Bytes as text in a decoder from decoderFor; bytes that do not fit it become U+FFFD, never an error.
 * iconv-lite decodes what it has, as it always has here; the rest (ISO-2022-JP, x-mac-cyrillic) only
 * Node's own TextDecoder has.
 */
export function decodeWith(bytes: Uint8Array, decoder: string): string {
  if (!iconv.encodingExists(decoder)) return new TextDecoder(decoder).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), decoder);
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
  return decodeWith(bytes, decoderFor(label) ?? 'utf-8');
}
