/**
 * Turns hostile post text into a short, safe excerpt with the matched words marked. The order matters:
 * clean the text (hidden characters out), mask personal data (same length, so positions still hold),
 * find the matches, cut the window, and only then split into segments that the template escapes one by
 * one and wraps in <mark>. Markup never passes through the escaper and escaped entities are never
 * searched, so a match can neither break the escaping nor land inside an "&amp;".
 */

import { CONTROL_CHARS } from '../control-chars.js';

/** Bidi embeddings, overrides and isolates, and the marks that flip direction: they can reverse text on screen. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Characters that render as nothing, used to dodge keyword filters ("k\u200Bill"). */
const INVISIBLE = /[\u00AD\u180E\u200B\u200C\u2060-\u2064\uFEFF]/g;
/** A zero-width joiner is only legitimate inside an emoji sequence such as 👩‍👧. */
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Unicode tag characters smuggle invisible text; they are kept only in subdivision flags such as England's. */
const TAG_RUN = /(\u{1F3F4}?)([\u{E0000}-\u{E007F}]+)/gu;
const FLAG_TAGS = /^[\u{E0061}-\u{E007A}\u{E0030}-\u{E0039}]+\u{E007F}$/u;

export interface CleanText {
  text: string;
  /** How many hidden or direction-changing characters were taken out: worth telling the reader. */
  hiddenRemoved: number;
}

/** Removes characters that hide or reorder text and folds whitespace, so what the reader sees is what was posted. */
export function cleanText(raw: string, maxLength = 20_000): CleanText {
  let hiddenRemoved = 0;
  const count = (re: RegExp) => (s: string) => s.replace(re, () => {
    hiddenRemoved++;
    return '';
  });
  let text = raw.length > maxLength ? raw.slice(0, maxLength) : raw;
  text = text.replace(TAG_RUN, (whole, flag: string, tags: string) => {
    if (flag && FLAG_TAGS.test(tags)) return whole;
    hiddenRemoved += [...tags].length;
    return flag;
  });
  text = count(BIDI_CONTROLS)(text);
  text = count(INVISIBLE)(text);
  text = count(STRAY_ZWJ)(text);
  text = text.replace(CONTROL_CHARS, ' ');
  text = text.replace(/\s+/g, ' ').trim();
  return { text, hiddenRemoved };
}

export interface Range {
  start: number;
  end: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every place the matched strings occur, case-insensitively, merged where they overlap. */
export function findMatches(text: string, matches: string[], maxHits = 50): Range[] {
  const ranges: Range[] = [];
  const needles = [...new Set(matches.map((m) => cleanText(m, 200).text).filter((m) => m.length > 0))];
  for (const needle of needles) {
    const re = new RegExp(escapeRegExp(needle), 'giu');
    for (const m of text.matchAll(re)) {
      ranges.push({ start: m.index, end: m.index + m[0].length });
      if (ranges.length >= maxHits * 4) break;
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged.slice(0, maxHits);
}

export interface Segment {
  text: string;
  hit: boolean;
}

export interface Excerpt {
  segments: Segment[];
  /** The excerpt as one plain string with matches in *asterisks*, for the text part. */
  plain: string;
  truncated: boolean;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Cuts `length` characters around the first match, on word boundaries where one is near. */
function windowAround(text: string, first: Range | undefined, length: number): Range {
  if (text.length <= length) return { start: 0, end: text.length };
  let start = Math.max(0, Math.min((first?.start ?? 0) - Math.floor(length / 4), text.length - length));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space - start < 20 && (!first || space < first.start)) start = space + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && end - space < 20 && (!first || space >= first.end)) end = space;
  }
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * The excerpt of `shown` (the cleaned, possibly masked, text) around the ranges found in the cleaned text.
 * Both strings have the same length, which is what lets a match found in the original mark the masked copy.
 */
export function buildExcerpt(shown: string, ranges: Range[], maxLength = 280): Excerpt {
  const window = windowAround(shown, ranges[0], maxLength);
  const segments: Segment[] = [];
  const push = (text: string, hit: boolean) => {
    if (text) segments.push({ text, hit });
  };
  if (window.start > 0) push('… ', false);
  let at = window.start;
  for (const r of ranges) {
    const start = Math.max(r.start, window.start);
    const end = Math.min(r.end, window.end);
    if (end <= start) continue;
    push(shown.slice(at, start), false);
    push(shown.slice(start, end), true);
    at = end;
  }
  push(shown.slice(at, window.end), false);
  if (window.end < shown.length) push(' …', false);
  const plain = segments.map((s) => (s.hit ? `*${s.text}*` : s.text)).join('');
  return { segments, plain, truncated: window.start > 0 || window.end < shown.length };
}

/** Shortens a one-line value (an author, a title) for display. */
export function clip(text: string, max: number): string {
  const clean = cleanText(text, max * 4).text;
  if (clean.length <= max) return clean;
  let end = max - 1;
  if (isHighSurrogate(clean.charCodeAt(end - 1))) end--;
  return `${clean.slice(0, end)}…`;
}
