import juice from 'juice';
import { buildDigest, DEFAULT_LIMITS, type DigestInput, type DigestLimits, type DigestView } from './build.js';
import { loadTemplate } from './template.js';

export type { DigestInput, DigestLimits, DigestView, PositiveMention } from './build.js';

/** What a renderer hands the mailer; the caller adds the recipients. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Gmail clips a message whose HTML passes about 102 KB, hiding the rest behind a link; stay under 100 KB. */
export const MAX_HTML_BYTES = 100_000;

/** Inlines the <style> rules into style attributes for Outlook and Gmail; media queries stay in <style>. */
export const inlineCss = (html: string): string =>
  juice(html, { removeStyleTags: true, preserveMediaQueries: true, applyWidthAttributes: true, applyAttributesTableElements: true });

export interface RenderDigestOptions {
  maxHtmlBytes?: number;
  limits?: DigestLimits;
}

export interface RenderedDigest extends RenderedEmail {
  /** How many cases were shown in full and as one-line rows after fitting the size limit. */
  limits: DigestLimits;
  htmlBytes: number;
}

/**
 * Renders the daily digest, fitting it under the size limit however many cases there are: the one-line
 * rows are halved first, then the full cases, until it fits; the rest are counted with a pointer to the list.
 */
export function renderDigest(input: DigestInput, options: RenderDigestOptions = {}): RenderedDigest {
  const max = options.maxHtmlBytes ?? MAX_HTML_BYTES;
  const limits = { ...(options.limits ?? DEFAULT_LIMITS) };
  const html = loadTemplate('digest.html');
  const text = loadTemplate('digest.txt');
  for (;;) {
    const view = buildDigest(input, limits);
    const rendered = inlineCss(html.render(view));
    const bytes = Buffer.byteLength(rendered, 'utf8');
    if (bytes <= max) return { subject: view.subject, html: rendered, text: text.render(view), limits, htmlBytes: bytes };
    if (limits.listed > 0) limits.listed = Math.floor(limits.listed / 2);
    else if (limits.detailed > 0) limits.detailed = Math.floor(limits.detailed / 2);
    else throw new Error(`The digest for ${input.academy.id} is ${bytes} bytes with no cases shown; the template itself is too large for email.`);
  }
}
