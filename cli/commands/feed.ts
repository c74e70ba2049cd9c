import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { createHttpClient } from '../../shared/net/http.js';
import { fetchFeed, FEED_MAX_BYTES } from '../../shared/sources/feed/fetch.js';
import { parseFeed, type ParsedFeed } from '../../shared/sources/feed/parse.js';
import { feedToMentions } from '../../shared/sources/feed/to-mentions.js';
import { tidyGoogleNewsItem } from '../../shared/sources/google-news.js';
import type { Platform } from '../../shared/sources/mention.js';

const FEED_PLATFORMS = ['rss', 'google_alerts', 'google_news'] as const;
type FeedPlatform = (typeof FEED_PLATFORMS)[number];

/** Reads a local feed file, refusing anything a poll would refuse too. */
function readLocalFeed(path: string): ParsedFeed {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    const hint = /^[\w-]+(\.[\w-]+)+(\/|$)/.test(path) ? ` If you meant a web address, write it in full: https://${path}` : '';
    throw new Error(`There is no file called ${path}.${hint}`);
  }
  if (size > FEED_MAX_BYTES) {
    throw new Error(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB; feeds over ${FEED_MAX_BYTES / 1024 / 1024} MB are refused when polling, so this one would be too.`);
  }
  return parseFeed(new Uint8Array(readFileSync(path)));
}

export function register(program: Command): void {
  program
    .command('feed')
    .description('read an RSS, Atom or JSON feed (web address or file) and print its mentions as JSON lines, to test a feed before adding it')
    .argument('<url-or-file>', 'e.g. https://news.example.co.uk/rss or ./saved-feed.xml')
    .option('-p, --platform <type>', `how to read it: ${FEED_PLATFORMS.join(', ')}`, 'rss')
    .addHelpText('after', '\nEach line is one mention: id, platform, url, title, text, author, publishedAt, media.\nProblems found in the feed are listed on stderr.')
    .action(async (target: string, opts: { platform: string }) => {
      if (!FEED_PLATFORMS.includes(opts.platform as FeedPlatform)) {
        throw new Error(`--platform must be one of ${FEED_PLATFORMS.join(', ')} (got "${opts.platform}").`);
      }
      const platform = opts.platform as Platform;
      const isUrl = /^https?:\/\//i.test(target);
      const feed = isUrl
        ? await fetchFeed({
            http: createHttpClient(),
            url: target,
            label: 'feed',
            fixHint: 'Check the address opens in a browser and shows a feed (XML or JSON), not a web page.',
          })
        : readLocalFeed(target);
      const now = new Date();
      const { mentions } = feedToMentions(feed, {
        platform,
        sourceId: 'cli',
        feedUrl: isUrl ? target : `file:${target}`,
        now,
        adjust: platform === 'google_news' ? tidyGoogleNewsItem : undefined,
      });
      process.stdout.on('error', () => undefined); // "| head" closes the pipe early; that is fine
      for (const m of mentions) {
        const line = { id: m.id, platform: m.platform, url: m.url, title: m.title, text: m.text, author: m.author, publishedAt: m.publishedAt, media: m.media };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      const kind = { rss: 'RSS', rdf: 'RSS 1.0 (RDF)', atom: 'Atom', json: 'JSON Feed' }[feed.format];
      const capped = feed.totalItems > feed.items.length ? ` (of ${feed.totalItems})` : '';
      process.stderr.write(`${mentions.length} mentions${capped} from ${kind} feed "${feed.title ?? 'untitled'}", character set ${feed.charset}.\n`);
      for (const w of feed.warnings) process.stderr.write(`  warning: ${w}\n`);
    });
}
