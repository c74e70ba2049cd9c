import { escapeUTF8 } from 'entities';

/**
 * The evidence card: when the live post cannot be shown (login wall, removed, refused address,
 * browser error) we render what the platform's API gave us and screenshot that instead. Every
 * field is stranger-written text, so every field is escaped and the page carries a CSP that
 * forbids scripts and any network fetch; it is rendered with JavaScript off and the network shut.
 */

export interface CardInput {
  caseId: string;
  platform: string;
  url: string;
  text: string;
  author?: string;
  publishedAt?: string;
  /** Why the card stands in for the page, in words for the reader. */
  reason: string;
  capturedAt: string;
}

/** Long posts are shown in full up to this many characters; the raw payload keeps everything. */
const MAX_TEXT_CHARS = 20_000;

const esc = (s: string): string => escapeUTF8(s);

const row = (label: string, value: string | undefined): string =>
  value === undefined || value === '' ? '' : `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`;

export function renderCard(input: CardInput): string {
  const text =
    input.text.length > MAX_TEXT_CHARS
      ? `${input.text.slice(0, MAX_TEXT_CHARS)}\n[… ${input.text.length - MAX_TEXT_CHARS} more characters in raw.json]`
      : input.text;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence card ${esc(input.caseId)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 24px; background: #f4f4f4; color: #111; }
  main { max-width: 720px; margin: 0 auto; background: #fff; border: 2px solid #333; padding: 24px; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  .reason { color: #8a1c1c; margin: 0 0 16px; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 16px; }
  th { text-align: left; width: 9em; vertical-align: top; padding: 4px 8px 4px 0; color: #555; font-weight: 600; }
  td { padding: 4px 0; overflow-wrap: anywhere; }
  .post { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid #333; padding: 8px 12px; background: #fafafa; }
  footer { margin-top: 16px; font-size: 13px; color: #555; }
</style>
</head>
<body>
<main>
<h1>Evidence card: the post as the platform reported it</h1>
<p class="reason">${esc(input.reason)}</p>
<table>
${row('Platform', input.platform)}
${row('Author', input.author)}
${row('Posted', input.publishedAt)}
${row('Address', input.url)}
${row('Case', input.caseId)}
${row('Card made', input.capturedAt)}
</table>
<div class="post">${esc(text)}</div>
<footer>Rendered by mention-monitor from the stored platform data (raw.json in this capture), not from the live page.</footer>
</main>
</body>
</html>
`;
}
