import { describe, expect, it } from 'vitest';
import { assertPublicUrl, BlockedAddressError, isPublicAddress } from '../../shared/net/address-guard.js';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'IPv4 loopback'],
    ['127.255.255.254', 'the rest of 127/8'],
    ['0.0.0.0', 'the unspecified address'],
    ['10.1.2.3', '10/8'],
    ['172.16.0.1', '172.16/12 start'],
    ['172.31.255.255', '172.16/12 end'],
    ['192.168.1.1', '192.168/16'],
    ['100.64.0.1', 'carrier-grade NAT 100.64/10'],
    ['169.254.169.254', 'the cloud metadata service'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['198.18.0.1', 'benchmarking'],
    ['240.0.0.1', 'reserved class E'],
    ['2130706433', 'decimal 127.0.0.1'],
    ['0x7f.1', 'hex short form of 127.0.0.1'],
    ['0177.0.0.1', 'octal 127.0.0.1'],
    ['127.1', 'short form 127.1'],
    ['0x7f000001', 'hex 127.0.0.1'],
    ['::1', 'IPv6 loopback'],
    ['[::1]', 'bracketed IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback, dotted'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['[::ffff:169.254.169.254]', 'IPv4-mapped metadata service'],
    ['::7f00:1', 'IPv4-compatible loopback'],
    ['::ffff:0:7f00:1', 'SIIT-translated loopback'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['fd00::1', 'unique local fd00::/8'],
    ['fc00::1', 'unique local fc00::/7'],
    ['fe80::1', 'link local'],
    ['fe80::1%eth0', 'link local with a zone id'],
    ['fec0::1', 'deprecated site local'],
    ['ff02::1', 'IPv6 multicast'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['100::1', 'IPv6 discard'],
    ['not an address', 'a non-address'],
    ['', 'the empty string'],
    ['1.2.3.4.5', 'five octets'],
  ])('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    ['93.184.216.34', 'a public IPv4 address'],
    ['8.8.8.8', 'a public resolver'],
    ['172.32.0.1', 'just past 172.16/12'],
    ['100.128.0.1', 'just past 100.64/10'],
    ['2606:4700:4700::1111', 'a public IPv6 address'],
    ['::ffff:8.8.8.8', 'an IPv4-mapped public address'],
  ])('allows %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });
});

const publicResolver = async () => ['93.184.216.34'];
const resolverTo = (...addresses: string[]) => async () => addresses;

describe('assertPublicUrl', () => {
  it('returns the address it checked in its standard spelling, so whoever connects cannot read it differently', async () => {
    // Two trailing dots make the URL parser treat the host as a name; ipaddr.js reads what is left as octal.
    expect(await assertPublicUrl('http://0127.0.0.1../')).toEqual(['87.0.0.1']);
  });

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0/',
    'http://0.0.0.0:8080/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.0.1/',
    'http://100.64.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://localhost../',
    'http://feeds.localhost/',
    'http://127.0.0.1./',
    'https://user:pass@127.0.0.1/',
  ])('refuses %s without looking it up', async (url) => {
    await expect(assertPublicUrl(url, { resolve: publicResolver })).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it.each([
    ['http://[fe80::1%25eth0]/', 'an IPv6 zone id'],
    ['file:///etc/passwd', 'a file URL'],
    ['ftp://example.com/feed', 'an ftp URL'],
    ['gopher://example.com:70/', 'a gopher URL'],
    ['javascript:alert(1)', 'a javascript URL'],
    ['not a url', 'text that is no URL'],
  ])('refuses %s (%s)', async (url) => {
    await expect(assertPublicUrl(url, { resolve: publicResolver })).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it.each([
    [['127.0.0.1'], 'loopback'],
    [['10.0.0.5'], 'a private address'],
    [['169.254.169.254'], 'the metadata service'],
    [['93.184.216.34', '192.168.1.1'], 'one private among public addresses'],
    [['2606:4700::1', '::1'], 'an IPv6 loopback among public addresses'],
    [['::ffff:10.0.0.1'], 'an IPv4-mapped private address'],
  ])('refuses a host name that resolves to %j (%s)', async (addresses) => {
    await expect(assertPublicUrl('https://feeds.example.com/rss', { resolve: resolverTo(...addresses) })).rejects.toThrow(
      /feeds\.example\.com resolves to .* private, local or reserved/,
    );
  });

  it('says which host and address it refused and what to do', async () => {
    await expect(assertPublicUrl('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(
      /Refused to fetch http:\/\/169\.254\.169\.254: 169\.254\.169\.254 is a private.*public address instead/,
    );
  });

  it('returns the resolved addresses of a public host', async () => {
    await expect(assertPublicUrl('https://feeds.example.com/rss', { resolve: resolverTo('93.184.216.34', '2606:4700::1') })).resolves.toEqual([
      '93.184.216.34',
      '2606:4700::1',
    ]);
  });

  it('looks up the host name without its trailing dot', async () => {
    const asked: string[] = [];
    await assertPublicUrl('https://feeds.example.com./rss', { resolve: async (h) => (asked.push(h), ['93.184.216.34']) });
    expect(asked).toEqual(['feeds.example.com']);
  });

  it('resolves localhost through the system resolver to a loopback address', async () => {
    const addresses = await assertPublicUrl('http://localhost/', { allowPrivate: true });
    expect(addresses.every((a) => !isPublicAddress(a))).toBe(true);
  });

  it('allows private addresses when allowPrivate is set, but still only http and https', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:8080/', { allowPrivate: true })).resolves.toEqual(['127.0.0.1']);
    await expect(assertPublicUrl('file:///etc/passwd', { allowPrivate: true })).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('reports a name that does not resolve as unavailable, not blocked', async () => {
    const failing = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(assertPublicUrl('https://no-such-host.example/', { resolve: failing })).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/Could not find the server no-such-host\.example.*spelt correctly/),
    });
  });
});
