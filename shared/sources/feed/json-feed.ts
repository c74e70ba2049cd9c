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
