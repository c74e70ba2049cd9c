import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for hostile platforms and websites on 127.0.0.1 with a free port. Each route is a
 * handler; hits are counted per path so tests can prove a refused address was never contacted.
 */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startHostileWeb(routes: Record<string, Route> = {}) {
  const hits = new Map<string, number>();
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    open.add(res);
    res.on('close', () => open.delete(res));
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    routes,
    hits: (path: string) => hits.get(path) ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type HostileWeb = Awaited<ReturnType<typeof startHostileWeb>>;

export const send = (status: number, contentType: string, body: string | Uint8Array, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(body);
  };

/** Plays a script of answers in turn, then repeats the last: 429, 500, a hang, then the real feed. */
export function sequence(...steps: Route[]): Route {
  let call = 0;
  return (req, res) => steps[Math.min(call++, steps.length - 1)]!(req, res);
}

/** Sends headers and a first chunk, then never finishes: a page or feed that never loads. */
export const neverFinishes: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.write('<!doctype html><html><head><title>still loading</title></head><body><p>Northbrook');
};

const xmlEscape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export interface FeedItem {
  title: string;
  link: string;
  text: string;
  publishedAt: string;
}

/** RSS 2.0 as https://www.rssboard.org/rss-specification describes it: channel, items with guid and pubDate. */
export function rss(items: FeedItem[], title = 'Northbrook Gazette'): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.link)}</link><guid>${xmlEscape(i.link)}</guid>` +
        `<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate><description>${xmlEscape(i.text)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xmlEscape(title)}</title><link>https://news.example.org/</link><description>Local news</description>\n${entries}\n</channel></rss>\n`;
}
