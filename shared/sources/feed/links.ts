/** Links found in feeds: resolved against xml:base or the feed address, and unwrapped from Google's redirects. */

const MAX_URL = 4096;

/** The target of a google.*\/url?...&url=... click-tracking redirect (Google Alerts), else the URL itself. */
export function unwrapGoogleRedirect(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (!/^(www\.)?google\.[a-z]{2,3}(\.[a-z]{2})?$/i.test(u.hostname) || u.pathname !== '/url') return url;
  const target = u.searchParams.get('url') ?? u.searchParams.get('q');
  return target && /^https?:\/\//i.test(target) ? target : url;
}

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] | undefined {
  let value = 0;
  for (let shift = 0, i = at; i < bytes.length && shift < 35; shift += 7, i++) {
    value |= (bytes[i] & 0x7f) << shift;
    if ((bytes[i] & 0x80) === 0) return [value, i + 1];
  }
  return undefined;
}

/**
 * Google News RSS links (news.google.com/rss/articles/CBMi...) wrap the publisher's URL in a
 * base64url protobuf. Older ids carry it in field 4 and decode offline; newer ones ("AU_yqL...")
 * can only be resolved by asking Google, so those stay as Google News links.
 */
export function decodeGoogleNewsUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const m = /^\/(?:rss\/)?articles\/([A-Za-z0-9_-]+)$/.exec(u.pathname);
  if (u.hostname !== 'news.google.com' || !m) return url;
  const bytes = new Uint8Array(Buffer.from(m[1], 'base64url'));
  // Field 1 varint (tag 0x08), then field 4 length-delimited (tag 0x22) holding the URL.
  for (let i = 0; i < Math.min(bytes.length, 16); i++) {
    if (bytes[i] !== 0x22) continue;
    const len = readVarint(bytes, i + 1);
    if (!len) break;
    const [size, start] = len;
    const inner = Buffer.from(bytes.subarray(start, start + size)).toString('utf8');
    if (/^https?:\/\/[^\s]+$/.test(inner) && !inner.startsWith('AU_yqL')) return inner;
    break;
  }
  return url;
}

/** A link from a feed as an absolute http(s) URL, or undefined for javascript:, mailto:, garbage and oversized links. */
export function resolveLink(href: string | undefined, base: string | undefined): string | undefined {
  const text = href?.trim();
  if (!text || text.length > MAX_URL) return undefined;
  let u: URL;
  try {
    u = new URL(text, base);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const unwrapped = decodeGoogleNewsUrl(unwrapGoogleRedirect(u.href));
  if (unwrapped === u.href) return u.href.length <= MAX_URL ? u.href : undefined;
  // The unwrapped target is the publisher's text, not yet a URL: parsed again, so it is escaped like any other link.
  return resolveLink(unwrapped, undefined);
}

/** An xml:base in scope, resolved against the enclosing base. */
export function nestedBase(xmlBase: string | undefined, parent: string | undefined): string | undefined {
  if (!xmlBase) return parent;
  try {
    return new URL(xmlBase.trim(), parent).href;
  } catch {
    return parent;
  }
}
