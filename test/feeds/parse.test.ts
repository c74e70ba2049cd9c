import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../shared/sources/feed/parse.js';
import { fixtureBytes, generatedRss } from './corpus.js';

const first = (name: string, url?: string) => parseFeed(fixtureBytes(name), { url });

describe('parseFeed: real-world feed shapes', () => {
  it.each([
    ['wordpress-rss2.xml', 'rss', 'utf-8', 2, {
      title: 'Northbrook Academy pupils raise £2,000 for hospice',
      url: 'https://gazette.northbrook.example/2026/11/23/northbrook-academy-hospice/',
      author: 'Jo Whitfield', publishedAt: '2026-11-23T17:30:00.000Z', image: true, video: true,
    }],
    ['blogger-atom.xml', 'atom', 'utf-8', 2, {
      title: 'Christmas fair at Millfield Primary Academy',
      url: 'https://millfieldpta.blogspot.com/2026/11/christmas-fair.html',
      author: 'Sarah Quinn', publishedAt: '2026-11-23T19:45:00.001Z', image: true, video: false,
    }],
    ['rdf-10.rdf', 'rdf', 'utf-8', 2, {
      title: "New crossing for St Aidan's CofE Academy", url: 'https://council.northbrook.example/news/crossing',
      author: 'Highways team', publishedAt: '2026-11-20T10:30:00.000Z',
    }],
    ['rss-091.xml', 'rss', 'windows-1252', 2, {
      title: 'Riverside Junior Academy café opens', url: 'http://riverside-residents.example/news/cafe.html',
      text: "The school's community café opens on Fridays.",
    }],
    ['jsonfeed-11.json', 'json', 'utf-8', 2, {
      title: 'Homework policy at Northbrook Academy', url: 'https://parents.northbrook.example/t/homework-policy',
      author: 'worried_mum_77', publishedAt: '2026-11-23T21:02:00.000Z', image: true,
    }],
    ['google-alerts.xml', 'atom', 'utf-8', 2, {
      title: 'Parents praise Northbrook Academy after Ofsted visit',
      url: 'https://www.cambridge-news.example/news/northbrook-academy-ofsted-123456',
      text: 'Inspectors said pupils at Northbrook Academy feel safe & well supported. The report ...', author: undefined,
    }],
    ['google-news.xml', 'rss', 'utf-8', 2, {
      url: 'https://www.cambridge-news.example/news/local-news/northbrook-academy-ofsted-2026-123456',
      sourceName: 'Cambridge News', publishedAt: '2026-11-23T17:00:00.000Z',
    }],
    ['windows-1252.xml', 'rss', 'windows-1252', 1, { title: '“Riverside Juniors” mascots – €5 £3 tickets', text: 'It’s the café’s treat.' }],
    ['iso-8859-1.xml', 'rss', 'windows-1252', 1, { title: 'Crème brûlée for St Aidan’s staff', text: '£4.50 naïve pricing' }],
    ['gb2312.xml', 'rss', 'gbk', 1, { title: '北布鲁克学院学生访问北京', text: 'Northbrook Academy 学生今天抵达。' }],
    ['bbc-rss2.xml', 'rss', 'utf-8', 1, {
      title: 'Northbrook school praised for anti-bullying work', text: 'Inspectors say pupils at Northbrook Academy know who to talk to.',
      publishedAt: '2026-11-24T06:05:31.000Z', image: true, video: false,
    }],
    ['youtube-atom.xml', 'atom', 'utf-8', 1, {
      title: "Year 11 Leavers' Assembly 2026", url: 'https://www.youtube.com/watch?v=AbCdEfGhIjk',
      text: "Highlights from the leavers' assembly at Northbrook Academy.\nMusic: school orchestra.", image: true, video: true,
    }],
    ['reddit-atom.xml', 'atom', 'utf-8', 1, {
      title: 'Uniform change at Northbrook Academy', author: '/u/cambs_dad', guid: 't3_1abcde',
      text: 'Anyone else had a reply from Northbrook Academy about the uniform change?\n\nsubmitted by /u/cambs_dad',
    }],
    ['xml-base-atom.xml', 'atom', 'utf-8', 2, {
      title: 'Carol service', url: 'https://staidans.example/news/2026/carols.html',
      text: "Join us at St Aidan's at 6pm.\n\nMince pies & mulled juice.", author: "St Aidan's office",
    }],
  ])('reads %s as %s in %s with %i items', (name, format, charset, count, expected) => {
    const feed = first(name);
    expect([feed.format, feed.charset, feed.items.length]).toEqual([format, charset, count]);
    expect(feed.items[0]).toMatchObject(expected);
  });

  it('reduces WordPress content:encoded to text without scripts or styles', () => {
    expect(first('wordpress-rss2.xml').items[0].text).toBe(
      'Year 9 pupils at Northbrook Academy held a sponsored walk on Saturday.\n\nHead teacher Mr David Okafor said: “I’m so proud of them.”',
    );
  });

  it('resolves relative links against nested xml:base and skips self/edit links', () => {
    const feed = first('xml-base-atom.xml');
    expect([feed.link, feed.items[1].url, feed.items[1].image]).toEqual(['https://staidans.example/', 'https://staidans.example/terms?year=2027', true]);
  });

  it('keeps an Atom type="text" title literally and reads xhtml titles as markup', () => {
    const feed = first('xml-base-atom.xml');
    expect([feed.title, feed.items[1].title]).toEqual(['St Aidan’s news', 'Term dates <2027>']);
  });

  it.each([
    ['text/html; charset=utf-8', '&lt;p&gt;Northbrook Academy wins&lt;/p&gt;', 'Northbrook Academy wins'],
    ['text/markdown', 'Northbrook **Academy** wins', 'Northbrook **Academy** wins'],
    ['TEXT/PLAIN; charset=utf-8', 'Northbrook Academy wins', 'Northbrook Academy wins'],
  ])('reads Atom content of type %j by its media type, parameters aside', (type, content, text) => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="${type}">${content}</content></entry></feed>`;
    expect(parseFeed(xml).items[0].text).toBe(text);
  });

  it.each([
    ['text/html', '<p>Northbrook <b>Academy</b> wins</p>', 'Northbrook Academy wins'],
    ['text/plain', 'Northbrook Academy wins £500', 'Northbrook Academy wins £500'],
  ])('decodes Atom 0.3 %s content in mode="base64"', (type, content, text) => {
    const base64 = Buffer.from(content).toString('base64').replace(/.{20}/g, '$&\n');
    const xml = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>t</title><content type="${type}" mode="base64">${base64}</content></entry></feed>`;
    expect(parseFeed(xml).items[0].text).toBe(text);
  });

  it.each([
    ['text/html', 'Northbrook Academy wins!'],
    ['text/html', 'Northbrook Academy wins'],
    ['text/plain', 'Northbrook Academy wins'],
  ])('reads %s content marked mode="base64" that is not base64 (%j) as written', (type, content) => {
    const xml = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>t</title><content type="${type}" mode="base64">${content}</content></entry></feed>`;
    expect(parseFeed(xml).items[0].text).toBe(content);
  });

  it('decodes Atom 0.3 application/xhtml+xml content in mode="base64" as HTML', () => {
    const base64 = Buffer.from('<div><p>Northbrook <b>Academy</b> wins</p></div>').toString('base64');
    const xml = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>t</title><content type="application/xhtml+xml" mode="base64">${base64}</content></entry></feed>`;
    expect(parseFeed(xml).items[0].text).toBe('Northbrook Academy wins');
  });

  it.each([
    ['rel="ALTERNATE" after a related link', '<link rel="related" href="https://other.example/r"/><link rel="ALTERNATE" href="https://p.example/alt"/>', 'https://p.example/alt'],
    ['only a related link', '<link rel="related" href="https://other.example/r"/>', undefined],
  ])('takes an Atom entry link by its relation: %s', (_what, links, url) => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>${links}</entry></feed>`;
    expect(parseFeed(xml).items[0].url).toBe(url);
  });

  it('decodes an HTML entity XML does not define (&nbsp;) in an Atom type="text" title, as for RSS titles', () => {
    const xml = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">Northbrook&nbsp;Academy</title></entry></feed>';
    expect(parseFeed(xml).items[0].title).toBe('Northbrook Academy');
  });

  it('reads the href of an RSS link whose text is only whitespace', () => {
    const xml = '<rss version="2.0"><channel><item><title>t</title><link href="https://p.example/a">  </link></item></channel></rss>';
    expect(parseFeed(xml).items[0].url).toBe('https://p.example/a');
  });

  it('resolves a JSON Feed relative url against feed_url and keeps numeric ids as text', () => {
    expect(first('jsonfeed-11.json').items[1]).toMatchObject({ guid: '42', url: 'https://parents.northbrook.example/t/sports-day', author: 'Forum admin' });
  });

  it('keeps an undecodable Google News link rather than guessing', () => {
    expect(first('google-news.xml').items[1].url).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\/CBMi/);
  });

  it('reads an Atom feed that forgot its namespace declaration', () => {
    const feed = parseFeed('<feed><title>Old</title><entry><title>E</title><link href="https://a.example/e"/><updated>2026-11-20T10:00:00Z</updated></entry></feed>');
    expect([feed.format, feed.items[0].title, feed.items[0].url, feed.items[0].publishedAt]).toEqual(['atom', 'E', 'https://a.example/e', '2026-11-20T10:00:00.000Z']);
  });

  it('skips a server warning printed before the XML', () => {
    const feed = parseFeed('<b>Warning</b>: Cannot modify header information in feed.php on line 12\n<?xml version="1.0"?><rss><channel><item><title>a</title></item></channel></rss>');
    expect([feed.items[0].title, feed.warnings[0]]).toEqual(['a', expect.stringMatching(/^skipped \d+ characters/)]);
  });

  it('skips a PHP warning printed as HTML before a feed with no XML declaration', () => {
    const warning = '<br />\n<b>Warning</b>:  Undefined variable $x in <b>/var/www/feed.php</b> on line <b>12</b><br />\n';
    const feed = parseFeed(`${warning}<rss version="2.0"><channel><item><title>a</title></item></channel></rss>`);
    expect([feed.items[0].title, feed.warnings[0]]).toEqual(['a', `skipped ${warning.length} characters of text before the feed's XML (a server error message?)`]);
  });

  it('does not take an XML declaration quoted in CDATA for the start of the feed', () => {
    const xml = '<rss><channel><item><title>a</title><description><![CDATA[ example: <?xml version="1.0"?> ]]></description></item><item><title>b</title></item></channel></rss>';
    const feed = parseFeed(xml);
    expect([feed.items.map((i) => i.title), feed.warnings]).toEqual([['a', 'b'], []]);
  });

  it('accepts an Atom-style link element in an RSS item', () => {
    expect(parseFeed('<rss><channel><item><title>a</title><link href="https://a.example/x"/></item></channel></rss>').items[0].url).toBe('https://a.example/x');
  });

  it('resolves relative RSS links against the feed address', () => {
    const xml = '<rss version="2.0"><channel><title>t</title><item><title>a</title><link>/news/a</link></item></channel></rss>';
    expect(parseFeed(xml, { url: 'https://paper.example/feeds/rss.xml' }).items[0].url).toBe('https://paper.example/news/a');
  });

  it.each([
    ['a plain id', '<guid>12345</guid>', undefined],
    ['isPermaLink="False", capitalised', '<guid isPermaLink="False">https://paper.example/a</guid>', undefined],
    ['an absolute URL', '<guid>https://paper.example/a</guid>', 'https://paper.example/a'],
  ])('takes an RSS guid as the link only when it is an absolute URL: %s', (_what, guid, url) => {
    const xml = `<rss version="2.0"><channel><item><title>a</title>${guid}</item></channel></rss>`;
    expect(parseFeed(xml, { url: 'https://paper.example/feeds/rss.xml' }).items[0].url).toBe(url);
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['file:///etc/passwd'],
  ])('drops an item link of %s', (link) => {
    const xml = `<rss version="2.0"><channel><item><title>a</title><link>${link.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</link></item></channel></rss>`;
    expect(parseFeed(xml, { url: 'https://paper.example/rss' }).items[0].url).toBeUndefined();
  });
});

describe('parseFeed: hostile and broken input', () => {
  it('never expands a billion-laughs entity bomb or lets DTD markup in', () => {
    const feed = first('billion-laughs.xml');
    const json = JSON.stringify(feed);
    expect([feed.items.length, json.includes('lollol'), json.includes('evil.example'), json.length < 2000]).toEqual([1, false, false, true]);
    expect(feed.warnings).toContain('the feed declares its own XML entities; they were ignored, not expanded');
  });

  it('never resolves external entities (XXE)', () => {
    const feed = first('xxe.xml');
    const json = JSON.stringify(feed);
    expect([feed.items[0].title, json.includes('root:'), feed.items[0].url]).toEqual(['&xxe;', false, 'https://xxe.example/1']);
  });

  it('keeps the complete items of a truncated feed, skips the one cut off, and warns', () => {
    const feed = first('truncated.xml');
    expect(feed.items.map((i) => i.title)).toEqual(['Complete item about Millfield Primary']);
    expect(feed.warnings.join()).toMatch(/ends before its XML is complete/);
    expect(feed.warnings.join()).toMatch(/last item was cut off .* skipped/);
  });

  it.each([
    ['inside its link', '<link>https://gaz'],
    ['inside its date', '<link>https://gazette.example/b</link><pubDate>Tue, 24 Nov 20'],
    ['inside a CDATA title', '<title><![CDA'],
    ['by a PHP fatal error', '<title>Northbrook\n\nFatal error: Allowed memory size exhausted in feed.php'],
  ])('never keeps half-written fields from an item cut off %s', (_where, tail) => {
    for (const format of ['rss', 'atom'] as const) {
      const xml =
        format === 'rss'
          ? `<rss><channel><item><title>Complete</title><link>https://gazette.example/a</link></item><item>${tail}`
          : `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Complete</title><link href="https://gazette.example/a"/></entry><entry>${tail}`;
      const feed = parseFeed(xml, { url: 'https://gazette.example/rss' });
      expect(feed.items.map((i) => [i.title, i.url])).toEqual([['Complete', 'https://gazette.example/a']]);
    }
  });

  it.each(['wordpress-rss2.xml', 'blogger-atom.xml', 'rdf-10.rdf', 'google-news.xml', 'xml-base-atom.xml', 'jsonfeed-11.json', 'gb2312.xml'])(
    'survives %s cut off at every 37th byte: a result or a FeedParseError, nothing else',
    (name) => {
      const bytes = fixtureBytes(name);
      const outcomes = new Set<string>();
      for (let cut = 1; cut < bytes.length; cut += 37) {
        try {
          parseFeed(bytes.subarray(0, cut));
          outcomes.add('parsed');
        } catch (err) {
          outcomes.add(err instanceof FeedParseError ? 'refused' : `crashed: ${(err as Error).message}`);
        }
      }
      expect([...outcomes].filter((o) => o.startsWith('crashed'))).toEqual([]);
    },
  );

  it('keeps the complete items of a JSON Feed cut off part-way, skips the one cut off, and warns', () => {
    const whole = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1', title: 'Forum',
      items: [{ id: '1', title: 'First, with {braces} and "quotes" ]', content_text: 'a' }, { id: '2', title: 'Second', content_text: 'b' }, { id: '3', title: 'Third', content_text: 'c' }],
    });
    const feed = parseFeed(whole.slice(0, whole.indexOf('Third') + 3));
    expect([feed.title, feed.items.map((i) => i.title), feed.totalItems]).toEqual(['Forum', ['First, with {braces} and "quotes" ]', 'Second'], 2]);
    expect(feed.warnings).toEqual(['the feed ends before its JSON is complete (truncated?); kept what could be read', 'the last item was cut off by the end of the feed and was skipped']);
  });

  it('keeps every item of a JSON Feed cut off after its items list', () => {
    const whole = JSON.stringify({ version: 'https://jsonfeed.org/version/1', items: [{ id: '1', title: 'One' }], home_page_url: 'https://forum.example/' });
    const feed = parseFeed(whole.slice(0, -10));
    expect([feed.items.map((i) => i.title), feed.warnings]).toEqual([['One'], ['the feed ends before its JSON is complete (truncated?); kept what could be read']]);
  });

  it('salvages a cut-off JSON Feed that repeats its "items" key, reading the last list as JSON.parse does', () => {
    const text = '{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "0", "title": "Old"}], "items": [{"id": "1", "title": "One"}, {"id": "2", "title": "Tw';
    const feed = parseFeed(text);
    expect([feed.items.map((i) => i.title), feed.totalItems]).toEqual([['One'], 1]);
  });

  it('salvages a cut-off JSON Feed with "__proto__" keys without polluting any prototype', () => {
    const hostile = '{"title": "Hijacked", "polluted": "yes", "items": [{"id": "9", "title": "Injected"}]}';
    const text = `{"version": "https://jsonfeed.org/version/1.1", "__proto__": ${hostile}, "items": [{"id": "1", "title": "One", "__proto__": ${hostile}}, {"id": "2", "title": "Tw`;
    const feed = parseFeed(text);
    const item = feed.items[0] as unknown as Record<string, unknown>;
    expect([feed.title, feed.items.map((i) => i.title), item.polluted, ({} as Record<string, unknown>).polluted, Object.getPrototypeOf(feed)]).toEqual([
      undefined, ['One'], undefined, undefined, Object.prototype,
    ]);
  });

  it('does not salvage JSON that is broken rather than cut off', () => {
    expect(() => parseFeed('{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1"}, {oops}, {"id": "3"')).toThrow(/cannot be read/);
  });

  it('decodes invalid UTF-8 with replacement characters and a warning instead of failing', () => {
    const bytes = new Uint8Array([...Buffer.from('<rss><channel><item><title>Café – naïve résumé, bad '), 0xff, ...Buffer.from(' byte</title></item></channel></rss>')]);
    const feed = parseFeed(bytes, { contentType: 'application/rss+xml; charset=utf-8' });
    expect([feed.charset, feed.items[0].title]).toEqual(['utf-8', 'Café – naïve résumé, bad \uFFFD byte']);
    expect(feed.warnings.join()).toMatch(/not valid UTF-8/);
  });

  it('reads a file that claims UTF-8 but has only single-byte accents as windows-1252', () => {
    const feed = parseFeed(iconv.encode('<rss><channel><item><title>Café</title></item></channel></rss>', 'latin1'), { contentType: 'text/xml; charset=utf-8' });
    expect([feed.charset, feed.items[0].title]).toEqual(['windows-1252', 'Café']);
  });

  it('keeps the newest 500 of a 10,000-item page and says so', () => {
    const feed = parseFeed(generatedRss(10_000));
    expect([feed.items.length, feed.totalItems, feed.items[0].title, feed.items[499].title]).toEqual([500, 10_000, 'Item 9500', 'Item 9999']);
    expect(feed.warnings).toContain('the feed has 10000 items; kept the newest 500');
  });

  it.each([
    ['oldest first', false],
    ['newest first', true],
  ])('keeps the newest entries of a feed listed %s that is over the element cap, and counts the ones dropped', (_order, newestFirst) => {
    // 400 entries of 751 elements each: 300,400 elements, over the 200,000 cap, in 2.6 MB.
    const entries = Array.from({ length: 400 }, (_, i) => {
      const updated = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString();
      return `<entry><title>Entry ${i}</title><updated>${updated}</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${'<b>x</b>'.repeat(745)}</div></content></entry>`;
    });
    if (newestFirst) entries.reverse();
    const feed = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Archive</title>${entries.join('')}</feed>`);
    const titles = feed.items.map((i) => i.title);
    expect([titles.includes('Entry 399'), titles.includes('Entry 0'), feed.items.length > 250, feed.totalItems]).toEqual([true, false, true, 400]);
    expect(feed.warnings).toContain(`the feed has more than 200000 XML elements; left out its ${400 - feed.items.length} oldest items to stay within that`);
  });

  it('over the element cap, keeps the newest Atom entries by atom:published, the date the feed reports, not dc:date', () => {
    // 300 entries of 752 elements each: 225,600 elements, over the 200,000 cap. dc:date runs the other way to published.
    const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString();
    const entries = Array.from({ length: 300 }, (_, i) =>
      `<entry><title>Entry ${i}</title><published>${day(i)}</published><dc:date>${day(299 - i)}</dc:date><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${'<b>x</b>'.repeat(745)}</div></content></entry>`);
    const feed = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><title>Archive</title>${entries.join('')}</feed>`);
    const titles = feed.items.map((i) => i.title);
    expect([titles.includes('Entry 299'), titles.includes('Entry 0'), feed.totalItems]).toEqual([true, false, 300]);
  });

  it('cuts an overlong item text to maxTextChars', () => {
    const feed = parseFeed(generatedRss(1, 200_000), { maxTextChars: 1000 });
    expect(feed.items[0].text.length).toBe(1000);
  });

  it.each([
    ['100,000 unclosed tags', `<rss><channel><item><title>deep</title>${'<a>'.repeat(100_000)}</item></channel></rss>`],
    ['close tags that match nothing', `<rss><channel>${'<a></z>'.repeat(10_000)}</channel></rss>`],
    ['tag names that start with a digit', `<rss><channel><item><title>x</title></item>${'<1>'.repeat(10_000)}</channel></rss>`],
    ['a quoted "/>" inside an attribute', `<rss><channel>${'<a t="/>">'.repeat(10_000)}</channel></rss>`],
    ['an unquoted attribute ending in /', `<rss><channel>${'<a b=/>'.repeat(10_000)}</channel></rss>`],
  ])('refuses a document nested absurdly deep (%s)', (_what, xml) => {
    expect(() => parseFeed(xml)).toThrow(/leaves tags open more than 512 levels deep.*Ask the publisher to check their feed/);
  });

  it('reads a feed nested deep but under the limit (500 unclosed tags in a description)', () => {
    const xml = `<rss><channel><item><title>kept</title><description>${'<div>'.repeat(500)}</description></item><item><title>next</title></item></channel></rss>`;
    expect(parseFeed(xml).items.map((i) => i.title)).toEqual(['kept', 'next']);
  });

  it('reads unescaped HTML line breaks in a description without nesting the rest of the feed inside them', () => {
    const xml = '<rss><channel><item><title>a</title><description>one<br>two<br>three</description></item><item><title>b</title></item></channel></rss>';
    const feed = parseFeed(xml);
    expect(feed.items.map((i) => [i.title, i.text])).toEqual([['a', 'one\ntwo\nthree'], ['b', '']]);
  });

  it.each([
    ['numeric references 128-159 as windows-1252 punctuation', '<title>St Aidan&#146;s wins &#150; again</title>', 'St Aidan’s wins – again'],
    ['control characters (escape sequences, bell) dropped', '<title>Bell&#7;ring&#27;[2J day</title>', 'Bellring[2J day'],
    ['a title wrapped over lines as one line', '<title>\n    Northbrook Academy\n    wins the cup\n  </title>', 'Northbrook Academy wins the cup'],
    ['a title escaped twice', '<title>&amp;lt;b&amp;gt;Headline&amp;lt;/b&amp;gt;</title>', 'Headline'],
  ])('reads %s', (_what, title, expected) => {
    expect(parseFeed(`<rss><channel><item>${title}</item></channel></rss>`).items[0].title).toBe(expected);
  });

  it.each([
    ['an RSS author with markup and a script', '<item><author>&lt;a href="x" onclick="y"&gt;Jo&lt;/a&gt; &lt;script&gt;steal()&lt;/script&gt;</author></item>', 'Jo'],
    ['an RSS email author wrapped over lines', '<item><author>jo@example.com (Jo\n  Bloggs)</author></item>', 'Jo Bloggs'],
    ['an author with an HTML entity', '<item><dc:creator>Se&amp;#225;n O&amp;#8217;Brien</dc:creator></item>', 'Seán O’Brien'],
  ])('reads %s as plain text', (_what, item, expected) => {
    expect(parseFeed(`<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>${item}</channel></rss>`).items[0].author).toBe(expected);
  });

  it('reads an Atom author with markup as plain text', () => {
    const xml = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><author><name>&lt;img src=x onerror=alert(1)&gt;Jo</name></author></entry></feed>';
    expect(parseFeed(xml).items[0].author).toBe('Jo');
  });

  it('reads a JSON Feed title and author with entities and markup as plain text', () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'News', items: [{ id: '1', title: 'Fish &amp; chips at St Aidan&#8217;s <b>today</b>', authors: [{ name: '<i>Jo</i>' }], content_text: 'x' }] });
    const item = parseFeed(json).items[0];
    expect([item.title, item.author]).toEqual(['Fish & chips at St Aidan’s today', 'Jo']);
  });

  it.each([
    ['a description escaped twice, with a script', '&amp;lt;p&amp;gt;Northbrook&amp;lt;/p&amp;gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;', 'Northbrook'],
    ['fallback content inside an iframe and a noembed', '<![CDATA[<p>Watch:</p><iframe src="https://www.youtube.com/embed/x"><script>alert(1)</script>fallback</iframe><noembed><img src=x onerror=alert(1)></noembed>]]>', 'Watch:'],
    ['table cells side by side', '<![CDATA[<table><tr><th>Team</th><th>School</th></tr><tr><td>U11</td><td>Northbrook Academy</td></tr></table>]]>', 'Team School\nU11 Northbrook Academy'],
  ])('reads %s as the words a reader sees', (_what, description, expected) => {
    expect(parseFeed(`<rss><channel><item><title>t</title><description>${description}</description></item></channel></rss>`).items[0].text).toBe(expected);
  });

  it('parses a Google redirect target again, so a hostile target is escaped like any link', () => {
    const target = encodeURIComponent('https://evil.example/a"><script>alert(1)</script>\u001b[2J');
    const feed = parseFeed(`<rss><channel><item><title>t</title><link>https://www.google.com/url?rct=j&amp;url=${target}</link></item></channel></rss>`);
    expect(feed.items[0].url).toBe('https://evil.example/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E%1B[2J');
  });

  it('explains a web page with 190,000 elements side by side as a web page, not a crash', () => {
    const html = `<html><body>${'<span>x</span>'.repeat(190_000)}</body></html>`;
    expect(() => parseFeed(html)).toThrow(FeedParseError);
  });

  it('says a gzip file served as a download is compressed, not that it is no feed', () => {
    const gz = gzipSync('<rss><channel><item><title>a</title></item></channel></rss>');
    expect(() => parseFeed(new Uint8Array(gz), { contentType: 'application/x-gzip' })).toThrow(/gzip-compressed file.*not a \.gz file/);
  });

  it.each([
    ['<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>hi</body></html>', /web page.*https:\/\/site\.example\/feed\//],
    ['<!doctype html><html><body>no feed here</body></html>', /web page, not a feed\. Look on the site/],
    ['<svg xmlns="http://www.w3.org/2000/svg"></svg>', /top element is <svg>/],
    ['{"hello": "world"}', /not a JSON Feed/],
    ['{"version": "https://jsonfeed.org/version/1.1", "items": [', /cannot be read/],
    ['Just some text', /neither XML nor JSON/],
    ['   ', /empty/],
  ])('explains why %j is not a feed', (input, message) => {
    expect(() => parseFeed(input, { url: 'https://site.example/page' })).toThrow(FeedParseError);
    expect(() => parseFeed(input, { url: 'https://site.example/page' })).toThrow(message);
  });
});

describe('parseFeed: character sets', () => {
  const rss = (title: string, decl = '') => `<?xml version="1.0"${decl}?><rss version="2.0"><channel><item><title>${title}</title></item></channel></rss>`;
  it.each([
    ['a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss('Café'))]), undefined, 'utf-8'],
    ['a UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss('Café', ' encoding="UTF-16"'), 'utf-16le')]), undefined, 'utf-16le'],
    ['UTF-16BE without a BOM', iconv.encode(rss('Café', ' encoding="UTF-16"'), 'utf-16be'), undefined, 'utf-16be'],
    ['an HTTP charset', iconv.encode(rss('Café'), 'windows-1252'), 'text/xml; charset=ISO-8859-1', 'windows-1252'],
    ['a server default of UTF-8 on a latin-1 file', iconv.encode(rss('Café', ' encoding="iso-8859-1"'), 'latin1'), 'text/xml; charset=UTF-8', 'windows-1252'],
    ['a wrong latin-1 declaration on valid UTF-8', Buffer.from(rss('Café', ' encoding="iso-8859-1"')), 'application/xml; charset=utf-8', 'utf-8'],
    ['no declaration on a latin-1 file', iconv.encode(rss('Café'), 'latin1'), undefined, 'windows-1252'],
    ['an unknown label', Buffer.from(rss('Café', ' encoding="x-klingon"')), undefined, 'utf-8'],
    ['a UTF-16 declaration on UTF-8 bytes (a .NET habit)', Buffer.from(rss('Café', ' encoding="utf-16"')), undefined, 'utf-8'],
    ['an HTTP UTF-16 label on UTF-8 bytes', Buffer.from(rss('Café')), 'text/xml; charset=utf-16', 'utf-8'],
    ['a lone latin-1 declaration on valid UTF-8', Buffer.from(rss('Café', ' encoding="iso-8859-1"')), undefined, 'utf-8'],
    ['an old server default of ISO-8859-1 on valid UTF-8', Buffer.from(rss('Café')), 'text/xml; charset=ISO-8859-1', 'utf-8'],
    ['UTF-16LE with neither BOM nor declaration', iconv.encode('<rss><channel><item><title>Café</title></item></channel></rss>', 'utf-16le'), 'text/xml; charset=utf-16', 'utf-16le'],
    ['UTF-16LE with no BOM starting with a newline', iconv.encode(`\n${rss('Café', ' encoding="UTF-16"')}`, 'utf-16le'), undefined, 'utf-16le'],
    ['UTF-16BE with no BOM starting with spaces', iconv.encode(`  \r\n${rss('Café')}`, 'utf-16be'), undefined, 'utf-16be'],
  ])('decodes a feed with %s', (_what, bytes, contentType, charset) => {
    const feed = parseFeed(new Uint8Array(bytes), { contentType });
    expect([feed.charset, feed.items[0].title]).toEqual([charset, 'Café']);
  });

  it.each([
    ['ISO-2022-JP', Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42]), 'iso-2022-jp', '日本'],
    ['x-mac-cyrillic', Buffer.from([0x98, 0xea, 0xee, 0xeb, 0xe0]), 'x-mac-cyrillic', 'Школа'],
  ])('decodes %s, a charset only the built-in decoder knows', (label, title, charset, expected) => {
    const bytes = Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${label}"?><rss><channel><item><title>`), title, Buffer.from('</title></item></channel></rss>')]);
    const feed = parseFeed(new Uint8Array(bytes));
    expect([feed.charset, feed.items[0].title, feed.warnings]).toEqual([charset, expected, []]);
  });

  it.each([['ISO-2022-KR'], ['HZ-GB-2312']])('treats %s, which browsers decode as one replacement character, as unknown', (label) => {
    const feed = parseFeed(new Uint8Array(Buffer.from(rss('Café', ` encoding="${label}"`))));
    expect([feed.charset, feed.items[0].title, feed.warnings]).toEqual(['utf-8', 'Café', [`unknown character set "${label}" ignored`]]);
  });

  it('reads the declared charset past a server warning printed before the declaration', () => {
    const bytes = Buffer.concat([Buffer.from('Warning: something in feed.php on line 3\n'), iconv.encode(rss('Школа', ' encoding="koi8-r"'), 'koi8-r')]);
    const feed = parseFeed(new Uint8Array(bytes));
    expect([feed.charset, feed.items[0].title]).toEqual(['koi8-r', 'Школа']);
  });
});
