import { SourceError } from './source.js';

/**
 * One spelling per web address, so the same post reached through two sources (a Google Alert and the
 * site's own RSS, a share link and the API) is stored once: redirect wrappers unwrapped, tracking
 * parameters dropped, host and scheme folded. Meaningful parameters (?id=, ?v=, ?p=) are kept, in a
 * stable order.
 */

export const MAX_URL_LENGTH = 4096;
const MAX_UNWRAP = 5;

/**
 * A URL that cannot be canonicalised: not a URL, not http(s), or too long. `canonicalUrl` throws this
 * (it never returns a placeholder); it is a SourceError of kind `bad_response`, so a source that
 * lets it escape reports the item as a bad platform response rather than crashing the poll.
 */
export class InvalidUrlError extends SourceError {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`The link "${url.slice(0, 200)}" ${reason}; the item was skipped. If the source keeps sending such links, check its settings.`, 'bad_response');
    this.name = 'InvalidUrlError';
  }
}

/** Hosts whose only job is to send the reader on, and the parameter that holds the destination. */
const REDIRECTORS: { host: RegExp; path?: RegExp; params: string[] }[] = [
  // Google search results and Google Alerts feed links: /url?rct=j&sa=t&url=https://...&ct=ga&usg=...
  { host: /^(www\.)?google\.[a-z.]+$/, path: /^\/url$/, params: ['url', 'q'] },
  { host: /^(l|lm|m|www)\.facebook\.com$/, path: /^\/l\.php$/, params: ['u'] },
  { host: /^l\.messenger\.com$/, path: /^\/l\.php$/, params: ['u'] },
  { host: /^l\.instagram\.com$/, params: ['u'] },
  // Reddit's outbound tracker: out.reddit.com/t3_<id>?url=...&token=...&app_name=...
  { host: /^out\.reddit\.com$/, params: ['url'] },
  { host: /^(www\.|m\.)?youtube\.com$/, path: /^\/redirect$/, params: ['q'] },
  { host: /^(www\.)?linkedin\.com$/, path: /^\/redir\/redirect$/, params: ['url'] },
  { host: /^(www\.)?duckduckgo\.com$/, path: /^\/l\/?$/, params: ['uddg'] },
  { host: /^t\.umblr\.com$/, path: /^\/redirect$/, params: ['z'] },
  { host: /^steamcommunity\.com$/, path: /^\/linkfilter\/?$/, params: ['url', 'u'] },
  { host: /^slack-redir\.net$/, path: /^\/link$/, params: ['url'] },
  { host: /^href\.li$/, params: [] },
];

/** Parameters that only say who shared or clicked: they never change what the page shows. */
const TRACKING = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid',
  'igsh', 'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'vero_id',
  'wickedid', 'rb_clickid', 's_cid', 'ocid', 'cmpid', 'ncid', 'sr_share', 'share_id', 'ref_src', 'ref_url',
  'rdt', 'utm', 'at_medium', 'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4',
  '__twitter_impression', 'spm', 'xtor', 'cid_source',
]);
const TRACKING_PREFIX = /^(utm_|pk_|mtm_|hsa_|at_)/;

/** Per-platform share parameters that look meaningful elsewhere (?s= is a search on many sites). */
const PLATFORM_TRACKING: { host: RegExp; params: Set<string> }[] = [
  { host: /^x\.com$/, params: new Set(['s', 't', 'ref', 'src', 'lang']) },
  { host: /^youtube\.com$/, params: new Set(['si', 'feature', 'pp', 'ab_channel', 't', 'app']) },
  { host: /^open\.spotify\.com$/, params: new Set(['si', 'context']) },
  { host: /^instagram\.com$/, params: new Set(['hl', 'img_index', 'utm_source']) },
  { host: /^tiktok\.com$/, params: new Set(['is_from_webapp', 'sender_device', 'web_id', 'is_copy_url', 'lang', '_r', '_t', 'share_app_id', 'share_item_id', 'share_link_id', 'source', 'tt_from', 'u_code', 'user_id', 'sec_user_id', 'checksum', 'timestamp', 'social_sharing']) },
  { host: /^facebook\.com$/, params: new Set(['mibextid', 'rdid', 'share_url', 'sfnsn', 'ref', '__tn__', '__cft__[0]', 'comment_tracking', 'notif_id', 'notif_t', 'paipv', 'eav', 'locale']) },
  { host: /^reddit\.com$/, params: new Set(['share_id', 'ref', 'ref_source', 'context', 'rdt', 'utm_name', 'sh']) },
  { host: /^bsky\.app$/, params: new Set(['ref_src']) },
];

/** Hosts that are one site under several names. */
const HOST_ALIASES: Record<string, string> = {
  'twitter.com': 'x.com',
  'mobile.twitter.com': 'x.com',
  'mobile.x.com': 'x.com',
  'fxtwitter.com': 'x.com',
  'vxtwitter.com': 'x.com',
  'fixupx.com': 'x.com',
  'old.reddit.com': 'reddit.com',
  'new.reddit.com': 'reddit.com',
  'np.reddit.com': 'reddit.com',
  'music.youtube.com': 'youtube.com',
  'youtube-nocookie.com': 'youtube.com',
  'mbasic.facebook.com': 'facebook.com',
  'web.facebook.com': 'facebook.com',
  'touch.facebook.com': 'facebook.com',
};

function parse(raw: string): URL {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidUrlError(String(raw), 'is empty');
  if (raw.length > MAX_URL_LENGTH) throw new InvalidUrlError(raw, `is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidUrlError(raw, 'is not a web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidUrlError(raw, `uses ${url.protocol.replace(':', '')}: only http and https links are kept`);
  }
  if (url.hostname === '') throw new InvalidUrlError(raw, 'has no host name');
  return url;
}

/** The destination inside a redirect wrapper, if `url` is one and the destination is a web address. */
function unwrap(url: URL): URL | undefined {
  const host = url.hostname.replace(/\.$/, '');
  for (const r of REDIRECTORS) {
    if (!r.host.test(host) || (r.path && !r.path.test(url.pathname))) continue;
    if (r.params.length === 0) {
      // href.li/?https://example.org/: the whole query is the destination.
      const inner = url.search.slice(1);
      return tryParse(inner);
    }
    for (const name of r.params) {
      const value = url.searchParams.get(name);
      const inner = value ? tryParse(value) : undefined;
      if (inner) return inner;
    }
  }
  // Google's AMP viewer: www.google.com/amp/s/example.org/story -> https://example.org/story
  const amp = /^(www\.)?google\.[a-z.]+$/.test(host) ? /^\/amp\/(s\/)?(.+)$/.exec(url.pathname) : null;
  if (amp) return tryParse(`${amp[1] ? 'https' : 'http'}://${amp[2]}${url.search}`);
  return undefined;
}

function tryParse(value: string): URL | undefined {
  try {
    const inner = new URL(value);
    return inner.protocol === 'http:' || inner.protocol === 'https:' ? inner : undefined;
  } catch {
    return undefined;
  }
}

function foldHost(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  host = HOST_ALIASES[host] ?? host;
  // www. and m. (and mobile.) are the same site; keep at least a name and a suffix ("m.co" stays).
  const stripped = host.replace(/^(www\d?|m|mobile|amp)\./, '');
  if (stripped !== host && stripped.includes('.')) host = HOST_ALIASES[stripped] ?? stripped;
  return host;
}

function isTracking(name: string, host: string): boolean {
  const lower = name.toLowerCase();
  if (TRACKING.has(lower) || TRACKING_PREFIX.test(lower)) return true;
  return PLATFORM_TRACKING.some((p) => p.host.test(host) && p.params.has(lower));
}

/**
 * The canonical spelling of a web address. Throws InvalidUrlError (never returns a placeholder) when
 * `url` is not an http(s) address or is longer than MAX_URL_LENGTH.
 *
 * - redirect wrappers (google.com/url, l.facebook.com/l.php, out.reddit.com, ...) are unwrapped;
 * - utm_*, fbclid, gclid, igshid, si and other tracking parameters are dropped, the rest sorted;
 * - twitter.com/mobile.twitter.com become x.com, www./m./mobile. are dropped, the host is lower-case;
 * - the scheme becomes https (unless the site names its own port), default ports, user names, fragments and a trailing slash are dropped;
 * - youtu.be/ID becomes youtube.com/watch?v=ID and X paths are lower-cased (user names ignore case).
 */
export function canonicalUrl(raw: string): string {
  let url = parse(raw);
  for (let i = 0; i < MAX_UNWRAP; i++) {
    const inner = unwrap(url);
    if (!inner || inner.href.length > MAX_URL_LENGTH) break;
    url = inner;
  }

  let finalHost = foldHost(url.hostname);
  let path = url.pathname;
  const params: [string, string][] = [];
  if (finalHost === 'youtu.be' && path.length > 1) {
    finalHost = 'youtube.com';
    params.push(['v', path.slice(1).split('/')[0]]);
    path = '/watch';
  }
  for (const [name, value] of url.searchParams) if (!isTracking(name, finalHost)) params.push([name, value]);
  if (finalHost === 'x.com') {
    // Old hash-bang links: twitter.com/#!/user/status/1 -> x.com/user/status/1.
    if ((path === '/' || path === '') && url.hash.startsWith('#!/')) path = url.hash.slice(2);
    path = path.toLowerCase().replace(/^(\/[^/]+\/status\/\d+)\/(photo|video|analytics)(\/\d+)?\/?$/, '$1');
  }
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';

  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  // A site on its own port keeps its scheme: https on port 8080 is not the same server as http there.
  const port = url.port && !(url.port === '443' || url.port === '80') ? `:${url.port}` : '';
  const scheme = port ? url.protocol.slice(0, -1) : 'https';
  return `${scheme}://${finalHost}${port}${path}${query ? `?${query}` : ''}`;
}
