import iconv from 'iconv-lite';

/**
 * Maps a declared charset label to the decoder browsers use for it, by the WHATWG Encoding
 * Standard's label table (Node's TextDecoder holds it): ISO-8859-1, latin1 and ASCII are really
 * windows-1252 (curly quotes in 0x80-0x9F), GB2312 is GBK, and names iconv-lite knows that are not
 * charsets ('base64', 'hex', 'binary') are unknown. Returns undefined for a label we cannot decode.
 */
export function decoderFor(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const encoding = whatwgEncoding(label.trim().replace(/^["']|["']$/g, ''));
  return encoding && iconv.encodingExists(encoding) ? encoding : undefined;
}

function whatwgEncoding(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    // Node's ICU has no ISO-8859-16 decoder, so TextDecoder refuses the one label the standard gives it; iconv-lite has one.
    return label.toLowerCase() === 'iso-8859-16' ? 'iso-8859-16' : undefined;
  }
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
