import { z } from 'zod';

/**
 * JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). Lenient where publishers are
 * sloppy (extra fields, wrong types in optional fields become absent) and strict only about what we
 * need: an items array.
 */
const optionalString = z.string().optional().catch(undefined);

const Author = z.object({ name: optionalString, url: optionalString }).passthrough();

export const JsonFeedItem = z
  .object({
    id: z.union([z.string(), z.number()]).optional().catch(undefined),
    url: optionalString,
    external_url: optionalString,
    title: optionalString,
    content_html: optionalString,
    content_text: optionalString,
    summary: optionalString,
    image: optionalString,
    banner_image: optionalString,
    date_published: optionalString,
    date_modified: optionalString,
    author: Author.optional().catch(undefined),
    authors: z.array(Author).optional().catch(undefined),
    attachments: z
      .array(z.object({ url: optionalString, mime_type: optionalString }).passthrough())
      .optional()
      .catch(undefined),
  })
  .passthrough();
export type JsonFeedItem = z.infer<typeof JsonFeedItem>;

export const JsonFeed = z
  .object({
    version: z.string().regex(/jsonfeed\.org\/version\//, 'version must be a https://jsonfeed.org/version/... URL'),
    title: optionalString,
    home_page_url: optionalString,
    feed_url: optionalString,
    author: Author.optional().catch(undefined),
    authors: z.array(Author).optional().catch(undefined),
    items: z.array(z.unknown()),
  })
  .passthrough();
export type JsonFeed = z.infer<typeof JsonFeed>;

/** What could be read of a JSON Feed cut off part-way: its fields and its items up to the cut. */
export interface CutJsonFeed {
  feed: Record<string, unknown>;
  /** The text ended inside an item, which was skipped. */
  itemCut: boolean;
}

/** Thrown inside salvageCutJsonFeed at the end of the text; caught there. */
class EndOfText extends Error {}

/** Index of the next character that is not JSON whitespace. */
function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  if (i >= text.length) throw new EndOfText();
  return i;
}

/** Index just past the string starting at text[i]. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new EndOfText();
}

/**
 * Index just past the value starting at text[i], found by matching brackets outside strings; the
 * value is checked afterwards by JSON.parse. A number or word running into the end of the text may
 * itself be cut ("12" of "123"), so it counts as unfinished too.
 */
function valueEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  if (text[i] !== '{' && text[i] !== '[') {
    for (let j = i; j < text.length; j++) if (' \t\n\r,]}'.includes(text[j])) return j;
    throw new EndOfText();
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') j = stringEnd(text, j) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return j + 1;
  }
  throw new EndOfText();
}

/** Reads the items array starting at text[i] into `items` until it closes (returns the index past it) or the text ends (throws EndOfText). */
function readItems(text: string, i: number, items: unknown[], state: { inItem: boolean }): number {
  i = skipSpace(text, i + 1);
  for (let first = true; text[i] !== ']'; first = false) {
    if (!first) {
      if (text[i] !== ',') throw new SyntaxError('expected , between items');
      i = skipSpace(text, i + 1);
    }
    state.inItem = true;
    const end = valueEnd(text, i);
    items.push(JSON.parse(text.slice(i, end)));
    state.inItem = false;
    i = skipSpace(text, end);
  }
  return i + 1;
}

/**
 * A JSON Feed whose file was cut off part-way (a dropped connection, a full disk on the server):
 * its fields and complete items up to the cut, the way a cut-off XML feed keeps its complete items.
 * Undefined if the text is broken anywhere but at its end, or no item survived. One pass over the
 * text, each item parsed once, so the work stays proportional to its length.
 */
export function salvageCutJsonFeed(text: string): CutJsonFeed | undefined {
  // No prototype: a hostile "__proto__" key is then just a field.
  const feed: Record<string, unknown> = Object.create(null);
  let items: unknown[] = [];
  const state = { inItem: false };
  try {
    let i = skipSpace(text, 0);
    if (text[i] !== '{') return undefined;
    i = skipSpace(text, i + 1);
    // The object closing means the text was not cut off, only broken.
    for (let first = true; text[i] !== '}'; first = false) {
      if (!first) {
        if (text[i] !== ',') return undefined;
        i = skipSpace(text, i + 1);
      }
      if (text[i] !== '"') return undefined;
      const keyEnd = stringEnd(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipSpace(text, keyEnd);
      if (text[i] !== ':') return undefined;
      i = skipSpace(text, i + 1);
      if (key === 'items' && text[i] === '[') {
        // A repeated key replaces the earlier one, as in JSON.parse, so the feed reads the same once whole.
        items = [];
        feed.items = items;
        i = skipSpace(text, readItems(text, i, items, state));
      } else {
        const end = valueEnd(text, i);
        feed[key] = JSON.parse(text.slice(i, end));
        i = skipSpace(text, end);
      }
    }
    return undefined;
  } catch (err) {
    if (!(err instanceof EndOfText) || items.length === 0) return undefined;
    return { feed, itemCut: state.inItem };
  }
}
