import { decodeHTMLStrict } from 'entities';
import { decodeFeed, junkBeforeFeed } from './charset.js';
import { parseFeedDate } from './dates.js';
import { clip, hasHtmlTag, htmlToText, looksLikeHtml, oneLine, tidyWhitespace } from './html-text.js';
import { JsonFeed, JsonFeedItem, salvageCutJsonFeed } from './json-feed.js';
import { nestedBase, resolveLink } from './links.js';
import { childNamed, childrenNamed, innerMarkup, isElement, parseXml, textContent, type XmlElement, type XmlRecords } from './xml-tree.js';

/** One entry of any feed format, normalised. */
export interface FeedItem {
  /** The feed's own id (RSS guid, Atom id, RDF about, JSON Feed id), if any. */
  guid?: string;
  /** Absolute http(s) link to the item, relative links resolved, Google redirects unwrapped. */
  url?: string;
  title?: string;
  /** Plain text: HTML reduced to text, capped at maxTextChars. */
  text: string;
  author?: string;
  /** The RSS <source> an item came from (Google News names the publisher here). */
  sourceName?: string;
  /** UTC ISO-8601. */
  publishedAt?: string;
  image: boolean;
  video: boolean;
}

export interface ParsedFeed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title?: string;
  /** The site the feed belongs to. */
  link?: string;
  items: FeedItem[];
  /** Items in the document before the maxItems cap. */
  totalItems: number;
  /** Problems we worked around; shown by `mention-monitor feed` and logged (as counts) by sources. */
  warnings: string[];
  charset: string;
}

export interface ParseFeedOptions {
  /** Where the feed came from: the base for relative links. */
  url?: string;
  /** The HTTP Content-Type, for its charset. */
  contentType?: string;
  /** Items kept; the newest are kept when a feed has more. Default 500. */
  maxItems?: number;
  /** Characters of text kept per item. Default 20,000. */
  maxTextChars?: number;
}

/** The input is not a feed we can read; the message says what to do. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

const MAX_TITLE = 500;
const MAX_AUTHOR = 200;
/** Ids are hashed or compared, never shown; a longer one is hostile or broken. */
const MAX_GUID = 1000;

/** Text that may be HTML (RSS never says): reduced to text when it looks like markup or holds entities. */
function maybeHtml(raw: string | undefined, maxChars: number): { text: string; hasImage: boolean; hasVideo: boolean } {
  if (!raw) return { text: '', hasImage: false, hasVideo: false };
  if (!looksLikeHtml(raw)) return { text: clip(tidyWhitespace(raw), maxChars), hasImage: false, hasVideo: false };
  const once = htmlToText(raw, maxChars);
  // Escaped twice by the publisher ("&amp;lt;p&amp;gt;"): the first pass leaves tags as text, so read it once more.
  if (!hasHtmlTag(once.text)) return once;
  const twice = htmlToText(once.text, maxChars);
  return { text: twice.text, hasImage: once.hasImage || twice.hasImage, hasVideo: once.hasVideo || twice.hasVideo };
}

/** A title or a person's name: plain text on one line, however the feed marked it up or wrapped it. */
const plainLine = (raw: string | undefined, maxChars: number): string | undefined =>
  (raw ? oneLine(maybeHtml(raw, maxChars).text) : '') || undefined;

/** Base64 as publishers wrap it: the alphabet in whole groups of four, padded at the end only, perhaps split over lines. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The content of an Atom 0.3 element marked mode="base64", decoded; undefined if it is not marked
 * so, or is not base64 after all (a publisher's wrong attribute), when the text is read as written.
 * The XML reader already caps an element's text, so decoding it is bounded too. Payloads in a
 * legacy charset are read as UTF-8, as Atom 0.3 gives no way to name another.
 */
function base64Content(el: XmlElement): string | undefined {
  if (el.attrs.mode?.trim().toLowerCase() !== 'base64') return undefined;
  const compact = textContent(el).replace(/\s+/g, '');
  return BASE64.test(compact) ? Buffer.from(compact, 'base64').toString('utf8') : undefined;
}

/** An Atom text construct (title, summary, content) by its type attribute. */
function atomText(el: XmlElement | undefined, maxChars: number): { text: string; hasImage: boolean; hasVideo: boolean } {
  if (!el) return { text: '', hasImage: false, hasVideo: false };
  // A media type's parameters ('text/html; charset=utf-8') do not change how it reads (RFC 4287, 4.1.3).
  const type = (el.attrs.type ?? 'text').split(';')[0].trim().toLowerCase();
  const xhtml = type === 'xhtml' || type === 'application/xhtml+xml';
  const html = type === 'html' || type === 'text/html';
  // Other media types are base64 or external (src=): nothing readable inline.
  if (!xhtml && !html && type !== 'text' && !type.startsWith('text/')) {
    return { text: '', hasImage: type.startsWith('image/'), hasVideo: type.startsWith('video/') };
  }
  const decoded = base64Content(el);
  if (xhtml && decoded === undefined) {
    const div = childNamed(el, 'xhtml:div', 'div');
    return htmlToText(innerMarkup(div ?? el), maxChars);
  }
  const raw = decoded ?? textContent(el);
  // Decoded XHTML is markup in a string, no longer elements in the tree: it reads as HTML.
  if (xhtml || html) return htmlToText(raw, maxChars);
  // Any other text/* (markdown, csv) is the text itself (RFC 4287, 4.1.3.3). The XML reader leaves
  // HTML entities it does not define ('&nbsp;') as written; publishers mean them, so they are decoded as for RSS.
  return { text: clip(tidyWhitespace(decodeHTMLStrict(raw)), maxChars), hasImage: false, hasVideo: false };
}

const firstText = (el: XmlElement, ...names: string[]): string | undefined => {
  for (const name of names) {
    const found = childNamed(el, name);
    const text = found ? textContent(found).trim() : '';
    if (text) return text;
  }
  return undefined;
};

/**
 * An RSS field that may hold HTML. Escaped or CDATA HTML arrives as text; HTML pasted in unescaped
 * arrives as child elements, which are turned back into markup so their line breaks survive.
 */
const firstHtml = (el: XmlElement, ...names: string[]): string | undefined => {
  for (const name of names) {
    const found = childNamed(el, name);
    if (!found) continue;
    const html = (found.children.some(isElement) ? innerMarkup(found) : textContent(found)).trim();
    if (html) return html;
  }
  return undefined;
};

/** "jo@example.com (Jo Bloggs)" is how RSS 2.0 writes authors: keep the name. */
function rssAuthor(raw: string | undefined): string | undefined {
  const line = plainLine(raw, MAX_AUTHOR * 2);
  if (!line) return undefined;
  const name = (/^\S+@\S+\s*\((.+)\)$/.exec(line)?.[1] ?? line).trim();
  return name ? clip(name, MAX_AUTHOR) : undefined;
}

/** An Atom link's relation: 'alternate' when absent, compared without case, the IANA IRI form read as its short name (RFC 4287, 4.2.7.2). */
const relOf = (link: XmlElement): string =>
  (link.attrs.rel ?? 'alternate').trim().toLowerCase().replace(/^http:\/\/www\.iana\.org\/assignments\/relation\//, '');

/** Images and videos attached to an item: enclosures, Media RSS, Atom enclosure links. */
function attachedMedia(item: XmlElement): { image: boolean; video: boolean } {
  let image = false;
  let video = false;
  const visit = (el: XmlElement, depth: number) => {
    for (const child of el.children) {
      if (!isElement(child)) continue;
      const type = (child.attrs.type ?? '').toLowerCase();
      const medium = (child.attrs.medium ?? '').toLowerCase();
      const href = child.attrs.url ?? child.attrs.href ?? '';
      const isEnclosure = child.name === 'enclosure' || (child.name === 'atom:link' && relOf(child) === 'enclosure') || child.name === 'media:content';
      if (child.name === 'media:thumbnail' || child.name === 'itunes:image') image = true;
      if (isEnclosure) {
        if (type.startsWith('image/') || medium === 'image' || /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(href)) image = true;
        // YouTube's media:content is its (Flash-era) player: the item is a video.
        if (type.startsWith('video/') || type === 'application/x-shockwave-flash' || medium === 'video' || /\.(mp4|m4v|mov|webm)(\?|$)/i.test(href)) video = true;
      }
      if (child.name === 'media:group' && depth === 0) visit(child, 1);
    }
  };
  visit(item, 0);
  return { image, video };
}

const CUT_ITEM = 'the last item was cut off by the end of the feed and was skipped';

/**
 * Items a truncated document cut off part-way are left out: their link, date or title may stop
 * mid-word ("https://gaz", "24 Nov 20"), and a wrong link would store the post again under another
 * id once the whole feed is read. The next poll reads them whole.
 */
function completeItems(elements: XmlElement[], warnings: string[]): XmlElement[] {
  const whole = elements.filter((el) => !el.cut);
  if (whole.length < elements.length) warnings.push(CUT_ITEM);
  return whole;
}

/** Chooses which item elements to normalise: all of them, or the newest maxItems by date. `total` counts any left out before. */
function capItems<T>(elements: T[], maxItems: number, dateOf: (el: T) => string | undefined, warnings: string[], total = elements.length): T[] {
  // The XML reader may have left out all but the newest maxItems already (`total` counts them).
  if (total > maxItems) warnings.push(`the feed has ${total} items; kept the newest ${maxItems}`);
  if (elements.length <= maxItems) return elements;
  const ranked = elements.map((el, index) => ({ el, index, at: dateOf(el) ?? '' }));
  ranked.sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? 1 : -1));
  return ranked
    .slice(0, maxItems)
    .sort((a, b) => a.index - b.index)
    .map((r) => r.el);
}

function rssDate(item: XmlElement): string | undefined {
  return parseFeedDate(firstText(item, 'pubDate', 'pubdate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'atom:published', 'dcterms:modified', 'atom:updated'));
}

/**
 * A guid is the item's link only when it already is an absolute http(s) URL: publishers leave out
 * isPermaLink="false" on plain ids ('12345'), which resolved against the feed address would be made-up
 * links, and two feeds in one folder would share them.
 */
function permalinkGuid(guid: string | undefined): string | undefined {
  return guid && /^https?:\/\//i.test(guid) ? resolveLink(guid, undefined) : undefined;
}

function rssItem(item: XmlElement, base: string | undefined, maxText: number): FeedItem {
  const itemBase = nestedBase(item.attrs['xml:base'], base);
  const guidEl = childNamed(item, 'guid');
  const guid = guidEl ? textContent(guidEl).trim() : undefined;
  const linkEl = childNamed(item, 'link');
  const atomLink = childrenNamed(item, 'atom:link').find((l) => relOf(l) === 'alternate');
  const url =
    resolveLink(firstText(item, 'feedburner:origLink'), itemBase) ??
    resolveLink(linkEl ? textContent(linkEl).trim() || linkEl.attrs.href : undefined, nestedBase(linkEl?.attrs['xml:base'], itemBase)) ??
    resolveLink(atomLink?.attrs.href, itemBase) ??
    (guidEl?.attrs.isPermaLink?.toLowerCase() !== 'false' ? permalinkGuid(guid) : undefined) ??
    resolveLink(item.attrs['rdf:about'], itemBase);
  const title = plainLine(firstHtml(item, 'title', 'dc:title'), MAX_TITLE);
  const encoded = firstHtml(item, 'content:encoded');
  const description = firstHtml(item, 'description', 'dc:description', 'media:description');
  const body = maybeHtml(encoded ?? description, maxText);
  const media = attachedMedia(item);
  return {
    guid: (guid || item.attrs['rdf:about'] || firstText(item, 'dc:identifier'))?.slice(0, MAX_GUID),
    url,
    title,
    text: body.text,
    author: rssAuthor(firstText(item, 'dc:creator', 'author', 'itunes:author', 'media:credit')),
    sourceName: rssAuthor(firstText(item, 'source')),
    publishedAt: rssDate(item),
    image: media.image || body.hasImage,
    video: media.video || body.hasVideo,
  };
}

/** Options as parseFeed fills them in. */
type FeedOptions = Required<Pick<ParseFeedOptions, 'maxItems' | 'maxTextChars'>> & ParseFeedOptions;

/** `leftOut`: items the XML reader left out (beyond maxItems, or to stay within its element cap), still counted in totalItems. */
function parseRss(root: XmlElement, opts: FeedOptions, warnings: string[], leftOut: number): Omit<ParsedFeed, 'charset'> {
  const isRdf = root.name === 'rdf:RDF';
  const channel = root.name === 'channel' ? root : childNamed(root, 'channel');
  const channelBase = nestedBase(channel?.attrs['xml:base'], nestedBase(root.attrs['xml:base'], opts.url));
  const siteLink = channel ? resolveLink(firstText(channel, 'link'), channelBase) : undefined;
  // RSS 0.9x/2.0 items sit in the channel; RDF (RSS 0.90/1.0) items are the channel's siblings.
  const itemParent = isRdf ? root : (channel ?? root);
  let elements = childrenNamed(itemParent, 'item');
  if (!isRdf && channel && elements.length === 0) elements = childrenNamed(root, 'item');
  elements = completeItems(elements, warnings);
  const base = channelBase ?? siteLink;
  const chosen = capItems(elements, opts.maxItems, rssDate, warnings, elements.length + leftOut);
  return {
    format: isRdf ? 'rdf' : 'rss',
    title: channel ? plainLine(firstText(channel, 'title'), MAX_TITLE) : undefined,
    link: siteLink,
    items: chosen.map((el) => rssItem(el, base, opts.maxTextChars)),
    totalItems: elements.length + leftOut,
    warnings,
  };
}

/** An Atom entry's dates, the one it is published under first. */
const ATOM_DATES = ['atom:published', 'atom:issued', 'atom:updated', 'atom:modified', 'dc:date'];
/** The same for Atom that forgot its namespace, as the XML reader sees it before parseFeed adopts the namespace. */
const BARE_ATOM_DATES = ATOM_DATES.map((name) => name.replace(/^atom:/, ''));

function atomDate(entry: XmlElement, names = ATOM_DATES): string | undefined {
  return parseFeedDate(firstText(entry, ...names));
}

/** Each format's item element, dated as its parser dates it, so the newest the XML reader keeps are the newest the feed reports. */
const ITEM_DATES: Record<string, (el: XmlElement) => string | undefined> = {
  item: rssDate,
  'atom:entry': (el) => atomDate(el),
  entry: (el) => atomDate(el, BARE_ATOM_DATES),
};

/** Items of every XML format, for the XML reader to keep only the newest maxItems of, and fewer if the document is over its element cap. */
const feedItems = (maxItems: number): XmlRecords => ({ names: Object.keys(ITEM_DATES), dateOf: (el) => ITEM_DATES[el.name](el), maxKept: maxItems });

/** Link relations that point somewhere other than the entry's (or feed's) own page. */
const ELSEWHERE = new Set(['self', 'edit', 'edit-media', 'replies', 'enclosure', 'license', 'via', 'related', 'hub', 'first', 'last', 'next', 'previous']);

function atomLinkOf(entry: XmlElement, base: string | undefined): string | undefined {
  const links = childrenNamed(entry, 'atom:link');
  const alternates = links.filter((l) => relOf(l) === 'alternate');
  const best = alternates.find((l) => !l.attrs.type || /html/i.test(l.attrs.type)) ?? alternates[0];
  const fallback = links.find((l) => !ELSEWHERE.has(relOf(l)));
  const el = best ?? fallback;
  return el ? resolveLink(el.attrs.href, nestedBase(el.attrs['xml:base'], base)) : undefined;
}

function atomAuthor(el: XmlElement | undefined): string | undefined {
  const author = el ? childNamed(el, 'atom:author') : undefined;
  const name = author ? firstText(author, 'atom:name') ?? firstText(author, 'atom:email') : el ? firstText(el, 'dc:creator') : undefined;
  return plainLine(name, MAX_AUTHOR);
}

function atomEntry(entry: XmlElement, base: string | undefined, feedAuthor: string | undefined, maxText: number): FeedItem {
  const entryBase = nestedBase(entry.attrs['xml:base'], base);
  const id = firstText(entry, 'atom:id');
  const content = childNamed(entry, 'atom:content');
  const summary = childNamed(entry, 'atom:summary');
  // Content with src= points elsewhere; the summary is then the readable text.
  const inlineContent = content && !content.attrs.src ? atomText(content, maxText) : undefined;
  const summaryText = atomText(summary, maxText);
  // YouTube and other media feeds carry their only text in Media RSS.
  const mediaDescription = firstText(childNamed(entry, 'media:group') ?? entry, 'media:description');
  const body = inlineContent?.text
    ? inlineContent
    : summaryText.text || !mediaDescription
      ? summaryText
      : { text: clip(tidyWhitespace(mediaDescription), maxText), hasImage: false, hasVideo: false };
  const title = oneLine(atomText(childNamed(entry, 'atom:title'), MAX_TITLE).text);
  const media = attachedMedia(entry);
  return {
    guid: id?.slice(0, MAX_GUID),
    url: atomLinkOf(entry, entryBase) ?? (id && /^https?:\/\//i.test(id) ? resolveLink(id, undefined) : undefined),
    title: title || undefined,
    text: body.text,
    author: atomAuthor(entry) ?? feedAuthor,
    publishedAt: atomDate(entry),
    image: media.image || body.hasImage || (inlineContent?.hasImage ?? false),
    video: media.video || body.hasVideo || (inlineContent?.hasVideo ?? false),
  };
}

/** `leftOut` as for parseRss. */
function parseAtom(root: XmlElement, opts: FeedOptions, warnings: string[], leftOut: number): Omit<ParsedFeed, 'charset'> {
  const base = nestedBase(root.attrs['xml:base'], opts.url);
  const entries = completeItems(childrenNamed(root, 'atom:entry'), warnings);
  const chosen = capItems(entries, opts.maxItems, atomDate, warnings, entries.length + leftOut);
  const feedAuthor = atomAuthor(root);
  return {
    format: 'atom',
    title: oneLine(atomText(childNamed(root, 'atom:title'), MAX_TITLE).text) || undefined,
    link: atomLinkOf(root, base),
    items: chosen.map((el) => atomEntry(el, base, feedAuthor, opts.maxTextChars)),
    totalItems: entries.length + leftOut,
    warnings,
  };
}

function jsonAuthor(item: { author?: { name?: string }; authors?: { name?: string }[] }): string | undefined {
  const name = item.authors?.find((a) => a.name)?.name ?? item.author?.name;
  return plainLine(name, MAX_AUTHOR);
}

/** The JSON, or what came before the cut in a JSON Feed cut off part-way. */
function readJson(text: string, warnings: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const cut = salvageCutJsonFeed(text);
    if (!cut) throw new FeedParseError(`This looks like JSON but cannot be read (${(err as Error).message.slice(0, 120)}). Check the address is a JSON Feed.`);
    warnings.push('the feed ends before its JSON is complete (truncated?); kept what could be read');
    if (cut.itemCut) warnings.push(CUT_ITEM);
    return cut.feed;
  }
}

function parseJsonFeed(text: string, opts: FeedOptions, warnings: string[]): Omit<ParsedFeed, 'charset'> {
  const feed = JsonFeed.safeParse(readJson(text, warnings));
  if (!feed.success) {
    throw new FeedParseError('This is JSON but not a JSON Feed (it needs "version": "https://jsonfeed.org/version/1.1" and an "items" list). Check the address.');
  }
  const base = resolveLink(feed.data.feed_url, opts.url) ?? opts.url;
  const items: JsonFeedItem[] = [];
  for (const raw of feed.data.items) {
    const item = JsonFeedItem.safeParse(raw);
    if (item.success) items.push(item.data);
  }
  if (items.length < feed.data.items.length) warnings.push(`${feed.data.items.length - items.length} items were not objects and were skipped`);
  const chosen = capItems(items, opts.maxItems, (i) => parseFeedDate(i.date_published ?? i.date_modified), warnings);
  const feedAuthor = jsonAuthor(feed.data);
  return {
    format: 'json',
    title: plainLine(feed.data.title, MAX_TITLE),
    link: resolveLink(feed.data.home_page_url, base),
    items: chosen.map((item) => {
      const body = item.content_html ? htmlToText(item.content_html, opts.maxTextChars) : maybeHtml(item.content_text ?? item.summary, opts.maxTextChars);
      const plain = item.content_text && !item.content_html;
      const mimes = (item.attachments ?? []).map((a) => a.mime_type ?? '');
      return {
        guid: item.id === undefined ? undefined : String(item.id).slice(0, MAX_GUID),
        url: resolveLink(item.url, base) ?? resolveLink(item.external_url, base),
        title: plainLine(item.title, MAX_TITLE),
        text: plain ? clip(tidyWhitespace(item.content_text!), opts.maxTextChars) : body.text,
        author: jsonAuthor(item) ?? feedAuthor,
        publishedAt: parseFeedDate(item.date_published ?? item.date_modified),
        image: Boolean(item.image || item.banner_image) || body.hasImage || mimes.some((m) => m.startsWith('image/')),
        video: body.hasVideo || mimes.some((m) => m.startsWith('video/')),
      };
    }),
    totalItems: items.length,
    warnings,
  };
}

/** Puts unprefixed elements into a namespace, for feeds that forgot to declare theirs. */
function adoptNamespace(el: XmlElement, prefix: string): XmlElement {
  return {
    ...el,
    name: el.name.includes(':') ? el.name : `${prefix}:${el.name}`,
    children: el.children.map((c) => (typeof c === 'string' || c.name.includes(':') ? c : adoptNamespace(c, prefix))),
  };
}

/** A web page instead of a feed: find the feed it advertises, so the message can name it. */
function advertisedFeed(html: XmlElement, base: string | undefined): string | undefined {
  // Breadth first, read by index: a page with 190,000 sibling elements is one long queue, not a spread argument list.
  const queue: XmlElement[] = [html];
  for (let seen = 0; seen < queue.length && seen < 5000; seen++) {
    const el = queue[seen];
    if (el.name === 'link' && /alternate/i.test(el.attrs.rel ?? '') && /(rss|atom)\+xml|feed\+json/i.test(el.attrs.type ?? '')) {
      return resolveLink(el.attrs.href, base);
    }
    for (const child of el.children) if (isElement(child) && queue.length < 5000) queue.push(child);
  }
  return undefined;
}

/**
 * Parses RSS 0.9x/1.0/2.0, Atom 1.0 (and 0.3) and JSON Feed 1.0/1.1 from bytes in any charset a
 * real feed declares. Bounded: items capped at maxItems (the newest kept), text at maxTextChars.
 * Malformed and truncated XML gives what could be read plus a warning; only input that is not a
 * feed at all throws FeedParseError.
 */
export function parseFeed(input: Uint8Array | string, options: ParseFeedOptions = {}): ParsedFeed {
  const opts = { maxItems: 500, maxTextChars: 20_000, ...options };
  // gzip's magic number: a .gz file served as a download (application/x-gzip), which HTTP does not unpack.
  if (typeof input !== 'string' && input[0] === 0x1f && input[1] === 0x8b) {
    throw new FeedParseError(
      'This is a gzip-compressed file, not a feed: the server sends it as a download instead of compressing it in transit. ' +
        'Check the address is the feed itself, not a .gz file; if it is, ask the publisher to fix how their server sends it.',
    );
  }
  const decoded = typeof input === 'string' ? { text: input, charset: 'utf-8', warnings: [] as string[] } : decodeFeed(input, opts.contentType);
  let text = decoded.text.replace(/^\uFEFF/, '');
  const warnings = [...decoded.warnings];
  // A PHP warning or stray bytes printed before the XML is a common server fault; readers skip it.
  const junk = junkBeforeFeed(text);
  if (junk > 0) {
    warnings.push(`skipped ${junk} characters of text before the feed's XML (a server error message?)`);
    text = text.slice(junk);
  }
  const start = text.trimStart().slice(0, 1);

  if (start === '{') return { ...parseJsonFeed(text, opts, warnings), charset: decoded.charset };
  if (start !== '<') {
    throw new FeedParseError(
      text.trim() === '' ? 'The feed is empty. Check the address in a browser.' : 'This is not a feed (it is neither XML nor JSON). Check the address points to an RSS, Atom or JSON feed.',
    );
  }
  const doc = parseXml(text, { maxElements: 200_000, maxDepth: 64, maxTextChars: Math.max(opts.maxTextChars * 20, 100_000) }, feedItems(opts.maxItems));
  if (doc.refused) {
    throw new FeedParseError(
      /<html[\s>]/i.test(text.slice(0, 4096))
        ? 'This is a web page, not a feed. Look on the site for an RSS or Atom link (often an orange icon) and use that address.'
        : `This feed cannot be used: ${doc.refused} Ask the publisher to check their feed.`,
    );
  }
  warnings.push(...doc.warnings);
  const root = doc.root;
  const leftOut = doc.droppedRecords;
  if (root && (root.name === 'rss' || root.name === 'rdf:RDF' || root.name === 'channel')) {
    return { ...parseRss(root, opts, warnings, leftOut), charset: decoded.charset };
  }
  // Atom without its namespace declaration (old or hand-made feeds): read it as Atom anyway.
  if (root && root.name === 'feed') {
    warnings.push('the Atom feed does not declare its namespace; read it as Atom 1.0');
    return { ...parseAtom(adoptNamespace(root, 'atom'), opts, warnings, leftOut), charset: decoded.charset };
  }
  if (root && root.name === 'atom:feed') return { ...parseAtom(root, opts, warnings, leftOut), charset: decoded.charset };
  if (root && root.name === 'atom:entry') {
    return { ...parseAtom({ name: 'atom:feed', attrs: {}, children: [root] }, opts, warnings, leftOut), charset: decoded.charset };
  }
  if (root && /^(xhtml:)?html$/i.test(root.name)) {
    const feed = advertisedFeed(root, opts.url);
    throw new FeedParseError(
      feed
        ? `This is a web page, not a feed. The page names its feed: ${feed} - use that address instead.`
        : 'This is a web page, not a feed. Look on the site for an RSS or Atom link (often an orange icon) and use that address.',
    );
  }
  throw new FeedParseError(
    root
      ? `This XML is not a feed (its top element is <${oneLine(root.name).slice(0, 50)}>, not <rss>, <rdf:RDF> or <feed>). Check the address.`
      : 'This is not a feed: no XML elements could be read. Check the address in a browser.',
  );
}
