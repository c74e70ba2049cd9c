import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeUTF8 } from 'entities';
import type { TrustConfig } from '../shared/config/schema.js';

/**
 * A small local web that stands in for the internet in the local run and tests: an RSS feed of
 * posts about the configured trust and academies, and the post pages the feed links to. The posts
 * cover the cases a monitor must see (self-harm, a pupil's name and video shared, a threat, a
 * complaint, a breach report) and the ones they must not (praise, a sports idiom, a namesake).
 */
export interface FixturePost {
  slug: string;
  author: string;
  hoursAgo: number;
  title: string;
  text: string;
  /** 'gone' serves 404, as a deleted post does, so evidence falls back to a card. */
  page: 'live' | 'gone';
  image?: boolean;
}

export function fixturePosts(config: TrustConfig): FixturePost[] {
  const at = (i: number) => config.academies[i % config.academies.length]!;
  const shortName = (i: number) => at(i).aliases.find((a) => a !== at(i).name && a.split(' ').length <= 2) ?? at(i).name;
  return [
    {
      slug: 'netball-champions',
      author: 'Northbrook Gazette',
      hoursAgo: 2,
      title: `${at(0).name} netball team crowned county champions`,
      text: `Congratulations to the Year 9 netball team at ${at(0).name}, who won the county final on Saturday. Fantastic teamwork! #proud`,
      page: 'live',
    },
    {
      slug: 'sports-day',
      author: '@proud_parent_22',
      hoursAgo: 3,
      title: `Sports day at ${at(1).name}`,
      text: `The kids were absolutely killing it at ${at(1).name} sports day today, what a shot from the egg and spoon winner 😂`,
      page: 'live',
    },
    {
      slug: 'cant-do-this',
      author: '@quiet_one_07',
      hoursAgo: 4,
      title: 'cant do this anymore',
      text: `cant do this anymore. another day at ${shortName(0)} being ignored. got the blades ready tonight, nobody would even notice if i was gone`,
      page: 'live',
    },
    {
      slug: 'crying-video',
      author: '@yr8banter',
      hoursAgo: 5,
      title: 'lmaooo',
      text: `everyone share this video of Jessica Morley from Year 8 at ${at(2 % config.academies.length).name} crying in the changing rooms 😂😂 she's such a loser, send it round`,
      page: 'gone',
      image: true,
    },
    {
      slug: 'send-complaint',
      author: 'Concerned Parent',
      hoursAgo: 6,
      title: `Still no reply from ${at(3 % config.academies.length).name}`,
      text: `This is the third time I have written to ${at(3 % config.academies.length).name} about my son's SEND support. His EHCP provision is not being delivered and nobody answers my emails. I will be making a formal complaint to the governors.`,
      page: 'live',
    },
    {
      slug: 'cyber-attack',
      author: 'Northbrook Gazette',
      hoursAgo: 8,
      title: `${config.trust.name} confirms cyber attack`,
      text: `${config.trust.name} has confirmed that a cyber attack last week may have exposed pupils' names, addresses and medical information. Parents say they were told nothing for five days.`,
      page: 'live',
    },
    {
      slug: 'somerset-namesake',
      author: 'Somerset Live',
      hoursAgo: 9,
      title: 'Millfield School in Somerset opens new sports centre',
      text: 'Millfield School in Street, Somerset, has opened a new £10m sports centre for its boarding pupils.',
      page: 'live',
    },
    {
      slug: 'summer-fair',
      author: 'PTA',
      hoursAgo: 30,
      title: `${at(1).name} summer fair raises £2,400`,
      text: `Thank you to every family who came to the ${at(1).name} summer fair. Together we raised £2,400 for new library books!`,
      page: 'live',
    },
  ];
}

const rfc822 = (date: Date): string => date.toUTCString();

export function renderFeed(config: TrustConfig, baseUrl: string, now: Date): string {
  const items = fixturePosts(config)
    .map(
      (post) => `    <item>
      <title>${escapeUTF8(post.title)}</title>
      <link>${baseUrl}/posts/${post.slug}</link>
      <guid isPermaLink="true">${baseUrl}/posts/${post.slug}</guid>
      <dc:creator>${escapeUTF8(post.author)}</dc:creator>
      <pubDate>${rfc822(new Date(now.getTime() - post.hoursAgo * 3_600_000))}</pubDate>
      <description>${escapeUTF8(post.text)}</description>${post.image ? `\n      <media:thumbnail url="${baseUrl}/img/${post.slug}.png"/>` : ''}
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Northbrook local social (fixture)</title>
    <link>${baseUrl}/</link>
    <description>Local fixture feed for mention-monitor's local run and tests</description>
${items}
  </channel>
</rss>
`;
}

function renderPostPage(post: FixturePost, posted: Date): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeUTF8(post.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 body{font-family:system-ui,Arial,sans-serif;background:#eef1f5;margin:0}
 header{background:#1d3a5f;color:#fff;padding:12px 20px;font-weight:600}
 article{background:#fff;max-width:640px;margin:24px auto;padding:20px;border-radius:10px;box-shadow:0 1px 3px #0002}
 .author{font-weight:600} time{color:#667;font-size:14px} p{font-size:18px;line-height:1.5}
</style></head>
<body><header>Northbrook local social</header>
<article><div class="author">${escapeUTF8(post.author)}</div><time datetime="${posted.toISOString()}">${posted.toUTCString()}</time>
<h1>${escapeUTF8(post.title)}</h1><p>${escapeUTF8(post.text)}</p></article></body></html>`;
}

export interface FixtureWeb {
  baseUrl: string;
  feedUrl: string;
  stop(): Promise<void>;
}

/**
 * Post URLs are mention ids, so the local run listens on a fixed port: the same post has the same
 * URL run after run, and a second run finds it already stored. If the port is taken, any free port
 * is used and that run's posts look new.
 */
export const FIXTURE_WEB_PORT = 8790;

export async function startFixtureWeb(config: TrustConfig, now: () => Date = () => new Date(), port = FIXTURE_WEB_PORT): Promise<FixtureWeb> {
  let baseUrl = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    if (path === '/rss.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(renderFeed(config, baseUrl, now()));
      return;
    }
    const post = fixturePosts(config).find((p) => path === `/posts/${p.slug}`);
    if (post?.page === 'live') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderPostPage(post, new Date(now().getTime() - post.hoursAgo * 3_600_000)));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Not found</title><h1>Sorry, this post has been deleted.</h1>');
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(port).catch(() => listen(0));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    feedUrl: `${baseUrl}/rss.xml`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
