/**
 * Measures the three installed XML layers on what feeds throw at us, to justify the choice in
 * shared/sources/feed/xml-tree.ts. Prints numbers; asserts nothing. Run:
 *   npx tsx test/feeds/bench-xml.ts
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parseFeed as feedsmithParse } from 'feedsmith';
import { parseFeed } from '../../shared/sources/feed/parse.js';
import { parseXml } from '../../shared/sources/feed/xml-tree.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function bigFeed(items: number): string {
  const item = (i: number) =>
    `<item><title>Item ${i} about Northbrook Academy &amp; friends</title><link>https://big.example/${i}</link>` +
    `<guid>https://big.example/${i}</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>` +
    `<description><![CDATA[<p>Paragraph ${i} with <b>bold</b> text and a <a href="/x">link</a>. ${'Lorem ipsum dolor sit amet. '.repeat(12)}</p>]]></description></item>`;
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${Array.from({ length: items }, (_, i) => item(i)).join('')}</channel></rss>`;
}

const layers: Record<string, (xml: string) => unknown> = {
  'htmlparser2 (xml-tree.ts)': (xml) => parseXml(xml),
  'fast-xml-parser': (xml) => new XMLParser({ ignoreAttributes: false, processEntities: true }).parse(xml),
  feedsmith: (xml) => feedsmithParse(xml),
};

function time(fn: () => unknown, runs = 5): number {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

const big = bigFeed(10_000);
console.log(`10,000-item RSS, ${(big.length / 1024 / 1024).toFixed(1)} MB:`);
for (const [name, fn] of Object.entries(layers)) {
  console.log(`  ${name.padEnd(28)} ${time(() => fn(big), 3).toFixed(0).padStart(6)} ms/parse`);
}
console.log(`  ${'parseFeed (whole pipeline)'.padEnd(28)} ${time(() => parseFeed(big), 3).toFixed(0).padStart(6)} ms/parse, keeps ${parseFeed(big).items.length} items`);

for (const name of ['billion-laughs.xml', 'xxe.xml', 'truncated.xml', 'wordpress-rss2.xml']) {
  console.log(`${name}:`);
  for (const [layer, fn] of Object.entries(layers)) {
    let outcome: string;
    try {
      const json = JSON.stringify(fn(fixture(name)));
      outcome = `ok, ${json.length} chars of output${/evil\.example|injected/.test(json) ? ', DTD MARKUP LEAKED IN' : ''}${/lollollol/.test(json) ? ', ENTITIES EXPANDED' : ''}`;
    } catch (err) {
      outcome = `throws: ${(err as Error).message.slice(0, 70)}`;
    }
    console.log(`  ${layer.padEnd(28)} ${outcome}`);
  }
}
