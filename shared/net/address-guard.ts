import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { NetError } from './errors.js';

/**
 * The SSRF guard: we fetch URLs that come from config files and from hostile feeds (redirects,
 * enclosure links), from inside AWS where 169.254.169.254 hands out credentials. Only globally
 * routable unicast addresses may be contacted.
 */
export class BlockedAddressError extends Error {
  readonly kind = 'blocked' as const;
  constructor(message: string) {
    super(message);
    this.name = 'BlockedAddressError';
  }
}

/** IPv6 global unicast is 2000::/3; everything outside it is local, special or unallocated. */
const globalUnicast6 = ipaddr.parseCIDR('2000::/3');

/** true only for globally routable unicast addresses, after normalising IPv4-mapped IPv6 etc. */
export function isPublicAddress(ip: string): boolean {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  // A zone id pins the address to a local interface: never public.
  if (text === '' || text.includes('%')) return false;
  if (!ipaddr.isValid(text)) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns ::ffff:7f00:1 into 127.0.0.1, so the IPv4 rules apply to mapped addresses.
    addr = ipaddr.process(text);
  } catch {
    return false;
  }
  if (addr.kind() === 'ipv4') return addr.range() === 'unicast';
  const v6 = addr as ipaddr.IPv6;
  return v6.range() === 'unicast' && v6.match(globalUnicast6);
}

export interface GuardOptions {
  /** Skip the address checks (local development and tests against 127.0.0.1). Schemes are still checked. */
  allowPrivate?: boolean;
  /** Resolves a host name to addresses; defaults to the system resolver. Injected by tests. */
  resolve?: (hostname: string) => Promise<string[]>;
}

const systemResolve = async (hostname: string): Promise<string[]> =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** The host of a URL without IPv6 brackets or trailing dots, lower-cased. */
function bareHost(u: URL): string {
  let host = u.hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.replace(/\.+$/, '');
}

/** Parses a URL, refusing anything but http and https with a message a person can act on. */
export function parseHttpUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BlockedAddressError(
      `"${String(url).slice(0, 200)}" is not a valid web address. Use a full address starting with https://.`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new BlockedAddressError(`Refused to fetch a ${u.protocol} address: only http:// and https:// addresses are allowed.`);
  }
  return u;
}

/**
 * Parses the URL; allows only http/https; resolves the host and throws BlockedAddressError if ANY
 * resolved address is not public, unless allowPrivate. Returns the resolved addresses, which the
 * HTTP client then connects to (so a second, rebinding DNS answer is never used).
 */
export async function assertPublicUrl(url: string, opts: GuardOptions = {}): Promise<string[]> {
  const u = parseHttpUrl(url);
  const host = bareHost(u);
  if (host === '') throw new BlockedAddressError(`The address ${u.protocol}//${u.host} has no host name.`);
  const refuse = (why: string) =>
    new BlockedAddressError(
      `Refused to fetch ${u.protocol}//${u.host}: ${why}. Only public internet addresses may be fetched; ` +
        'if this is a feed on your own network, publish it on a public address instead.',
    );

  if (ipaddr.isValid(host) || host.includes('%')) {
    if (!opts.allowPrivate && !isPublicAddress(host)) throw refuse(`${host} is a private, local or reserved address`);
    // The address as checked, in its one standard spelling: "0127.0.0.1" would be read again by whoever connects.
    return [ipaddr.isValid(host) ? ipaddr.parse(host).toString() : host];
  }
  // RFC 6761: localhost and *.localhost are loopback whatever DNS says.
  if (!opts.allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw refuse(`${host} is this machine (loopback)`);
  }
  let addresses: string[];
  try {
    addresses = await (opts.resolve ?? systemResolve)(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'lookup failed';
    throw new NetError(
      `Could not find the server ${host} (DNS: ${code}). Check the address is spelt correctly and opens in a browser.`,
      'unavailable',
      code === 'EAI_AGAIN',
    );
  }
  if (addresses.length === 0) {
    throw new NetError(`The server name ${host} has no addresses. Check the address is spelt correctly.`, 'unavailable');
  }
  if (!opts.allowPrivate) {
    const bad = addresses.find((a) => !isPublicAddress(a));
    if (bad !== undefined) throw refuse(`${host} resolves to ${bad}, a private, local or reserved address`);
  }
  return addresses;
}
