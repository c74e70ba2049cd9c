import { describe, expect, it, vi } from 'vitest';
import { parseFeedDate } from '../../shared/sources/feed/dates.js';
import { htmlToText } from '../../shared/sources/feed/html-text.js';
import { decodeGoogleNewsUrl, resolveLink, unwrapGoogleRedirect } from '../../shared/sources/feed/links.js';
import { parseFeed } from '../../shared/sources/feed/parse.js';
import { feedToMentions } from '../../shared/sources/feed/to-mentions.js';
import { parseXml, stripDoctype, textContent, type XmlElement } from '../../shared/sources/feed/xml-tree.js';

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 23 Nov 2026 17:30:00 +0000', '2026-11-23T17:30:00.000Z'],
    ['Mon, 23 Nov 2026 17:30:00 GMT', '2026-11-23T17:30:00.000Z'],
    ['Mon, 23 Nov 2026 17:30:00 BST', '2026-11-23T16:30:00.000Z'],
    ['Mon, 23 Nov 2026 12:30:00 EST', '2026-11-23T17:30:00.000Z'],
    ['23 Nov 2026 17:30 +0100', '2026-11-23T16:30:00.000Z'],
    ['Mon, 23 Nov 26 17:30:00 GMT', '2026-11-23T17:30:00.000Z'],
    ['Mon,23 Nov 2026 17:30:00 GMT', '2026-11-23T17:30:00.000Z'],
    ['Mon, 23 November 2026 17:30:00 GMT', '2026-11-23T17:30:00.000Z'],
    ['Mo, 23 Dez 2026 17:30:00 +0100', '2026-12-23T16:30:00.000Z'],
    ['2026-11-23T17:30:00Z', '2026-11-23T17:30:00.000Z'],
    ['2026-11-23T17:30:00.123+01:00', '2026-11-23T16:30:00.123Z'],
    ['2026-11-23T17:30:00+0000', '2026-11-23T17:30:00.000Z'],
    ['2026-11-23 17:30:00', '2026-11-23T17:30:00.000Z'],
    ['2026-11-23', '2026-11-23T00:00:00.000Z'],
    ['20261123T173000Z', '2026-11-23T17:30:00.000Z'],
    ['November 23, 2026 17:30:00 GMT', '2026-11-23T17:30:00.000Z'],
    ['November 24, 2026 8:00 PM', '2026-11-24T20:00:00.000Z'],
    ['Mon, 23 Nov 2026 5:30 PM GMT+1', '2026-11-23T16:30:00.000Z'],
    ['Mon Nov 23 2026 17:30:00 GMT+0000 (Greenwich Mean Time)', '2026-11-23T17:30:00.000Z'],
    ['2026-11-23T17:30:00+01', '2026-11-23T16:30:00.000Z'],
    ['Tue, 29 Feb 2028 10:00:00 GMT', '2028-02-29T10:00:00.000Z'],
    // What publishers' CMSs print beside the standards.
    ['2026-11-23 17:30:00 GMT', '2026-11-23T17:30:00.000Z'],
    ['2026-11-23T17:30:00 BST', '2026-11-23T16:30:00.000Z'],
    ['2026-11-23 17:30 UTC+1', '2026-11-23T16:30:00.000Z'],
    ['2026-11-23 17:30:00 +0000 (UTC)', '2026-11-23T17:30:00.000Z'],
    ['2026-11-23 9:05', '2026-11-23T09:05:00.000Z'],
    ['2026/11/23', '2026-11-23T00:00:00.000Z'],
    ['2026/11/23 17:30:00', '2026-11-23T17:30:00.000Z'],
    ['2026-1-5', '2026-01-05T00:00:00.000Z'],
    ['Monday 23rd November 2026', '2026-11-23T00:00:00.000Z'],
    ['23rd of November, 2026 at 17:30', '2026-11-23T17:30:00.000Z'],
    // European dotted dates are always day first.
    ['24.11.2026', '2026-11-24T00:00:00.000Z'],
    ['24.11.2026 08:00', '2026-11-24T08:00:00.000Z'],
    ['Di, 4.11.2026 08:00:30 +0100', '2026-11-04T07:00:30.000Z'],
    ['Dienstag, 24.11.2026', '2026-11-24T00:00:00.000Z'],
    ['Tue. 24.11.2026', '2026-11-24T00:00:00.000Z'],
    // A two-digit year beside a weekday or a time.
    ['24.11.26 08:00', '2026-11-24T08:00:00.000Z'],
    ['Di, 24.11.26', '2026-11-24T00:00:00.000Z'],
    ['Tue, 24 Nov 2026 17:00:00 JST', '2026-11-24T08:00:00.000Z'],
    ['2026-11-24 11:00 MSK', '2026-11-24T08:00:00.000Z'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  it.each([
    [''], ['yesterday'], ['0000-00-00 00:00:00'], ['Mon, 32 Foo 2026 17:30:00 GMT'], ['1970-01-01T00:00:00Z'], ['x'.repeat(200)], [undefined],
    // Day and month order are a guess in all-numeric dates: 5 November in the UK, 11 May in the US.
    ['05/11/2026 09:00'], ['11/23/2026'],
    ['2026-02-31T00:00:00Z'], ['Sun, 29 Feb 2027 10:00:00 GMT'], ['2026-11-23T17:30:00+99:99'], ['Mon, 23 Nov 2026 17:30:00 +1500'], ['Nov 24, 2026 13:00 PM'],
    ['32.11.2026'], ['24.13.2026'], ['24.11.2026.'], ['1.24.11.2026'],
    // Only a weekday may come before a dotted date: a version number is not a date.
    ['Version 1.2.2026'], ['v1.2.2026'], ['Build 24.11.2026'],
    // A two-digit year alone could be a version too.
    ['24.11.26'], ['Version 1.2.26'],
    ['2026-11-23 17:30:00 Moon'], ['2026/11-23'], ['2026-11/23'], ['2026/13/01'], ['202611-23'],
  ])('gives no date for %j', (input) => {
    expect(parseFeedDate(input)).toBeUndefined();
  });

  it("reads a date without a zone as UTC, whatever the machine's zone", () => {
    vi.stubEnv('TZ', 'Europe/London');
    try {
      expect([parseFeedDate('June 22, 2026 17:30:00'), parseFeedDate('Mon, 22 Jun 2026')]).toEqual(['2026-06-22T17:30:00.000Z', '2026-06-22T00:00:00.000Z']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('links', () => {
  it.each([
    ['https://www.google.com/url?rct=j&sa=t&url=https://paper.example/a%3Fb%3D1&ct=ga', 'https://paper.example/a?b=1'],
    ['https://google.co.uk/url?q=https://paper.example/b&sa=U', 'https://paper.example/b'],
    ['https://www.google.com/url?url=javascript:alert(1)', 'https://www.google.com/url?url=javascript:alert(1)'],
    ['https://www.google.com/search?q=https://paper.example/', 'https://www.google.com/search?q=https://paper.example/'],
    ['https://notgoogle.example/url?url=https://paper.example/', 'https://notgoogle.example/url?url=https://paper.example/'],
  ])('unwraps %s to %s', (input, expected) => {
    expect(unwrapGoogleRedirect(input)).toBe(expected);
  });

  it('decodes an old-style Google News article id to the publisher URL', () => {
    const id = Buffer.concat([Buffer.from([0x08, 0x13, 0x22, 22]), Buffer.from('https://paper.example/'), Buffer.from([0xd2, 0x01, 0x00])]).toString('base64url');
    expect(decodeGoogleNewsUrl(`https://news.google.com/rss/articles/${id}?oc=5`)).toBe('https://paper.example/');
  });

  it.each([
    ['/a', 'https://site.example/feed/', 'https://site.example/a'],
    ['b', 'https://site.example/feed/', 'https://site.example/feed/b'],
    ['  https://site.example/c  ', undefined, 'https://site.example/c'],
    ['javascript:alert(1)', 'https://site.example/', undefined],
    ['mailto:head@school.example', 'https://site.example/', undefined],
    ['relative-without-base', undefined, undefined],
    [`https://site.example/${'a'.repeat(5000)}`, undefined, undefined],
  ])('resolves %j against %j to %j', (href, base, expected) => {
    expect(resolveLink(href, base)).toBe(expected);
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['a<br>b<br/>c', 'a\nb\nc'],
    ['Fish &amp; chips &pound;5 &nbsp;today&hellip;', 'Fish & chips £5 today…'],
    ['<script>alert("x")</script><style>p{}</style>visible', 'visible'],
    ['<b>bold</b>   and\n\n\n  spaced', 'bold and\n\nspaced'],
    ['<ul><li>one</li><li>two</li></ul>', 'one\ntwo'],
    ['unclosed <b>tags <i>everywhere', 'unclosed tags everywhere'],
  ])('reduces %j to %j', (html, text) => {
    expect(htmlToText(html).text).toBe(text);
  });

  it.each([
    ['<img src="a.jpg">', true, false],
    ['<video src="a.mp4"></video>', false, true],
    ['<iframe src="https://www.youtube.com/embed/abc"></iframe>', false, true],
    ['<iframe src="https://maps.example/"></iframe>', false, false],
  ])('notes media in %j', (html, image, video) => {
    const result = htmlToText(html);
    expect([result.hasImage, result.hasVideo]).toEqual([image, video]);
  });

  it('caps the text with an ellipsis', () => {
    expect(htmlToText(`<p>${'word '.repeat(1000)}</p>`, 20).text).toBe('word word word word…');
  });
});

describe('xml tree', () => {
  it('strips a DOCTYPE with an internal subset, quotes and brackets included', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "]>"><!ENTITY b \'<item>\'>]><rss/>';
    expect(stripDoctype(xml)).toEqual({ xml: '<?xml version="1.0"?><rss/>', stripped: true, declaredEntities: true });
  });

  it('skips comments and processing instructions in the internal subset, whatever quotes and brackets they hold', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!-- don't ] --><?pi "?><!ENTITY a "b">]><rss/>`;
    expect(stripDoctype(xml)).toEqual({ xml: '<?xml version="1.0"?><rss/>', stripped: true, declaredEntities: true });
  });

  it('resolves namespace prefixes, whatever a feed calls them', () => {
    const doc = parseXml('<rss xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:m="http://search.yahoo.com/mrss/"><d:creator>x</d:creator><m:thumbnail url="a"/></rss>');
    expect(doc.root?.children.map((c) => (typeof c === 'string' ? c : c.name))).toEqual(['dc:creator', 'media:thumbnail']);
  });

  it('decodes only the XML entities and character references', () => {
    const doc = parseXml('<t>&lt;&gt;&amp;&quot;&apos;&#169;&#x1F600;&eacute;&custom;</t>');
    expect(doc.root?.children).toEqual(['<>&"\'©😀&eacute;&custom;']);
  });

  it('past maxElements, leaves out the oldest records rather than the last ones read', () => {
    const records = { names: ['item'], maxKept: 100, dateOf: (el: XmlElement) => textContent(el) };
    const items = ['2026-01-03', '2026-01-01', '2026-01-04', '2026-01-02'].map((d) => `<item><b>${d}</b></item>`).join('');
    const doc = parseXml(`<r>${items}</r>`, { maxElements: 5, maxDepth: 10, maxTextChars: 100 }, records);
    expect([doc.root?.children.map((c) => textContent(c as XmlElement)), doc.droppedRecords]).toEqual([['2026-01-03', '2026-01-04'], 2]);
    expect(doc.warnings).toEqual(['the feed has more than 5 XML elements; left out its 2 oldest items to stay within that']);
  });

  it('past maxElements, leaves out undated records first and says so', () => {
    const records = { names: ['item'], maxKept: 100, dateOf: (el: XmlElement) => textContent(el) || undefined };
    const items = ['2026-01-03', '', '2026-01-04', '', '2026-01-02', '2026-01-05'].map((d) => `<item><b>${d}</b></item>`).join('');
    const doc = parseXml(`<r>${items}</r>`, { maxElements: 7, maxDepth: 10, maxTextChars: 100 }, records);
    expect([doc.root?.children.map((c) => textContent(c as XmlElement)), doc.droppedRecords]).toEqual([['2026-01-03', '2026-01-04', '2026-01-05'], 3]);
    expect(doc.warnings).toEqual(['the feed has more than 7 XML elements; left out 2 items with no readable date and its oldest item to stay within that']);
  });

  it('past maxElements, leaves out only undated records when that is enough, and says so', () => {
    const records = { names: ['item'], maxKept: 100, dateOf: (el: XmlElement) => textContent(el) || undefined };
    const items = ['2026-01-03', '', '2026-01-04'].map((d) => `<item><b>${d}</b></item>`).join('');
    const doc = parseXml(`<r>${items}</r>`, { maxElements: 5, maxDepth: 10, maxTextChars: 100 }, records);
    expect(doc.warnings).toEqual(['the feed has more than 5 XML elements; left out an item with no readable date to stay within that']);
  });

  it('keeps only the newest maxKept records, with no warning of its own: the feed reader says how many it kept', () => {
    const records = { names: ['item'], maxKept: 2, dateOf: (el: XmlElement) => textContent(el) };
    const items = ['2026-01-03', '2026-01-01', '2026-01-04', '2026-01-02'].map((d) => `<item><b>${d}</b></item>`).join('');
    const doc = parseXml(`<r>${items}</r>`, { maxElements: 100, maxDepth: 10, maxTextChars: 100 }, records);
    expect([doc.root?.children.map((c) => textContent(c as XmlElement)), doc.droppedRecords, doc.warnings]).toEqual([['2026-01-03', '2026-01-04'], 2, []]);
  });

  it('does not let an item cut off by the end of the document push out a complete one', () => {
    const records = { names: ['item'], maxKept: 100, dateOf: (el: XmlElement) => textContent(el) };
    const doc = parseXml('<r><item><b>2026-01-01</b></item><item><b>2026-01-03</b></item><item><b>2026-01-04</b>', { maxElements: 5, maxDepth: 10, maxTextChars: 100 }, records);
    const items = (doc.root?.children ?? []) as XmlElement[];
    expect([items.map((c) => [textContent(c), c.cut ?? false]), doc.droppedRecords]).toEqual([[['2026-01-01', false], ['2026-01-03', false], ['2026-01-04', true]], 0]);
    expect(doc.warnings).toEqual(['the feed ends before its XML is complete (truncated?); kept what could be read']);
  });

  it('stops keeping elements past maxElements and says so', () => {
    const doc = parseXml(`<r>${'<i/>'.repeat(100)}</r>`, { maxElements: 10, maxDepth: 10, maxTextChars: 100 });
    expect([doc.root?.children.length, doc.warnings]).toEqual([9, ['the feed has more than 10 XML elements; the rest was ignored']]);
  });
});

describe('feedToMentions', () => {
  const now = new Date('2026-11-24T08:00:00Z');
  const feedOf = (items: string) => parseFeed(`<rss version="2.0"><channel><title>t</title><link>https://site.example/</link>${items}</channel></rss>`);

  it('identifies a linkless item by its guid within this feed', () => {
    const feed = feedOf('<item><guid isPermaLink="false">42</guid><title>a</title></item>');
    const one = feedToMentions(feed, { platform: 'rss', sourceId: 's', feedUrl: 'https://site.example/rss', now }).mentions[0];
    const other = feedToMentions(feed, { platform: 'rss', sourceId: 's', feedUrl: 'https://other.example/rss', now }).mentions[0];
    expect([one.id, one.id === other.id, one.url]).toEqual([expect.stringMatching(/^rss:/), false, 'https://site.example/']);
  });

  it('ignores future dates for the cursor and never moves it backwards', () => {
    const feed = feedOf(
      '<item><link>https://site.example/a</link><pubDate>Tue, 24 Nov 2026 07:00:00 GMT</pubDate></item>' +
        '<item><link>https://site.example/b</link><pubDate>Fri, 01 Jan 2027 00:00:00 GMT</pubDate></item>',
    );
    const opts = { platform: 'rss' as const, sourceId: 's', feedUrl: 'https://site.example/rss', now };
    expect(feedToMentions(feed, opts).cursor).toBe('2026-11-24T07:00:00.000Z');
    expect(feedToMentions(feed, { ...opts, cursor: '2026-11-24T07:30:00.000Z' }).cursor).toBe('2026-11-24T07:30:00.000Z');
  });

  it('always keeps undated items, since the store dedupes them', () => {
    const feed = feedOf('<item><link>https://site.example/undated</link><title>u</title></item>');
    const result = feedToMentions(feed, { platform: 'rss', sourceId: 's', feedUrl: 'https://site.example/rss', now, cursor: '2026-11-24T07:30:00.000Z' });
    expect(result.mentions.map((m) => m.title)).toEqual(['u']);
  });
});
