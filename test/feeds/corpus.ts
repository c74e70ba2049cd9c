import { readFileSync } from 'node:fs';

/** The bytes of a fixture feed; fixtures/README.md says which documentation each one follows. */
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** A generated RSS 2.0 feed with n items, newest last, for size and cap tests (never committed). */
export function generatedRss(n: number, bodyChars = 40): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
    items.push(`<item><title>Item ${i}</title><link>https://gen.example/${i}</link><pubDate>${day}</pubDate><description>${'x'.repeat(bodyChars)}</description></item>`);
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Generated</title><link>https://gen.example/</link>${items.join('')}</channel></rss>`;
}
