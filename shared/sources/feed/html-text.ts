import { Parser } from 'htmlparser2';
import iconv from 'iconv-lite';
import { CONTROL_CHARS } from '../../control-chars.js';

export interface HtmlText {
  text: string;
  hasImage: boolean;
  hasVideo: boolean;
}

/** Elements whose content is never shown to a reader. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'object', 'svg', 'math', 'iframe', 'noembed', 'noframes']);
/** Elements that stand apart as paragraphs, so words either side do not run together. */
const BLOCK = new Set([
  'p', 'div', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'section',
  'article', 'header', 'footer', 'figure', 'figcaption', 'hr', 'dl', 'aside', 'nav', 'address',
]);
/** Elements that start a new line within a paragraph or list. */
const LINE = new Set(['br', 'li', 'tr', 'dt', 'dd']);
/** Table cells sit side by side: a space keeps "U11" and "Northbrook" apart. */
const CELL = new Set(['td', 'th']);
const VIDEO_HOST = /(youtube(-nocookie)?\.com|youtu\.be|vimeo\.com|tiktok\.com|dailymotion\.com|facebook\.com\/plugins\/video)/i;

/** Cuts text to a length without splitting a surrogate pair, marking the cut with an ellipsis. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Characters 128-159 from a numeric reference ("&#146;") are how windows-1252 text gets into XML; HTML
 * reads them as that charset's curly quotes and dashes, and so do we. The few it leaves undefined go.
 */
const C1_AS_WINDOWS_1252 = [...iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'windows-1252')].map((c) => (c === '\uFFFD' ? '' : c));
const C1 = /[\u0080-\u009f]/g;

/** Collapses runs of spaces inside lines and blank lines between them, and drops control characters. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(C1, (c) => C1_AS_WINDOWS_1252[c.charCodeAt(0) - 0x80])
    .replace(CONTROL_CHARS, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0\u200b]+/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}

/** A title or a name: one line, however the feed wrapped it. */
export const oneLine = (text: string): string => tidyWhitespace(text).replace(/\n+/g, ' ');

/**
 * Reduces HTML (a feed description, content:encoded, Atom html/xhtml content) to readable text.
 * Entities are decoded from htmlparser2's built-in HTML table, never from the document; scripts,
 * styles and other hidden content are dropped; images and embedded videos are noted.
 */
export function htmlToText(html: string, maxChars = 20_000): HtmlText {
  const parts: string[] = [];
  let length = 0;
  let hidden = 0;
  let hasImage = false;
  let hasVideo = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (HIDDEN.has(name)) hidden++;
        if (BLOCK.has(name)) parts.push('\n\n');
        if (LINE.has(name)) parts.push('\n');
        if (CELL.has(name)) parts.push(' ');
        if (name === 'img' || name === 'picture') hasImage = true;
        if (name === 'video') hasVideo = true;
        if (name === 'iframe' && VIDEO_HOST.test(attrs.src ?? '')) hasVideo = true;
      },
      onclosetag(name) {
        if (HIDDEN.has(name) && hidden > 0) hidden--;
        if (BLOCK.has(name)) parts.push('\n\n');
      },
      ontext(text) {
        // Keep a margin over the limit so whitespace tidying still leaves maxChars of words.
        if (hidden > 0 || length > maxChars * 2) return;
        parts.push(text);
        length += text.length;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return { text: clip(tidyWhitespace(parts.join('')), maxChars), hasImage, hasVideo };
}

/** Whether a string looks like markup rather than plain text (RSS does not say which it has). */
export const looksLikeHtml = (s: string): boolean => hasHtmlTag(s) || /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i.test(s);

/** Whether a string holds an HTML tag ("<p>", "</b>"), not only entities. */
export const hasHtmlTag = (s: string): boolean => /<\/?[a-z][a-z0-9]*[\s/>]/i.test(s);
