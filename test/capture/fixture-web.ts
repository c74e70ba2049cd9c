import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny fixture web on 127.0.0.1 (free port) standing in for a social platform: a post page, a
 * slow one, redirects, a deleted post, a consent wall, a login wall, a very long page, and a page
 * that tries to download a file and open a pop-up. Nothing here reaches the internet.
 */

export const POST_TEXT = 'Year 9 pupils at Northbrook Academy were filmed fighting behind the sports hall today';

const page = (title: string, body: string, head = ''): string => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>body{font:16px sans-serif;margin:0;padding:16px}article{max-width:680px}</style>${head}</head>
<body>${body}</body></html>`;

const post = `<article><h1>@parent_of_two</h1><p>${POST_TEXT}</p><img src="/pixel.svg" width="40" height="40" alt=""></article>`;

const PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#c33"/></svg>';

export interface FixtureWeb {
  base: string;
  /** How many requests each path received. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export interface FixtureWebOptions {
  host?: string;
  /** Where /redirect-away and /leak point: e.g. a server that must never be reached. */
  elsewhere?: string;
}

export async function startFixtureWeb(opts: FixtureWebOptions = {}): Promise<FixtureWeb> {
  const hits = new Map<string, number>();
  const elsewhere = opts.elsewhere ?? 'http://169.254.169.254';
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const html = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    };
    switch (path) {
      case '/post':
        return html(200, page('Post', post));
      case '/pixel.svg':
        res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(PIXEL);
        return;
      case '/slow':
        setTimeout(() => html(200, page('Slow post', post)), 1_500);
        return;
      case '/hang':
        // Answers the headers and never finishes the body: the capture must give up on its own.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><title>hang</title><p>loading');
        return;
      case '/redirect':
        res.writeHead(302, { location: '/redirect-2' }).end();
        return;
      case '/redirect-2':
        res.writeHead(301, { location: '/post' }).end();
        return;
      case '/redirect-away':
        res.writeHead(302, { location: `${elsewhere}/latest/meta-data/` }).end();
        return;
      case '/leak':
        return html(200, page('Leak', `${post}<img src="${elsewhere}/secret.png" alt="">`));
      case '/navigate-away':
        return html(200, page('Away', `${post}<script>location = '${elsewhere}/latest/meta-data/'</script>`));
      case '/forged-guard-header':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-mention-monitor-guard': 'refused' }).end(page('Forged', post));
        return;
      case '/deleted':
        return html(404, page('Not found', '<h1>Sorry, this post was deleted by the person who originally posted it.</h1>'));
      case '/deleted-200':
        return html(200, page('Gone', '<h1>Hmm...this page doesn\u2019t exist. Try searching for something else.</h1>'));
      case '/wall':
        return html(200, page('Log in', '<form><h1>Log in to continue</h1><input name="u"><input type="password" name="p"><button>Log in</button></form>'));
      case '/consent':
        return html(
          200,
          page(
            'Consent',
            `${post}<div id="wall" style="position:fixed;inset:0;background:#fff;z-index:9"><p>We value your privacy</p>
<button onclick="document.getElementById('wall').remove()">Accept all</button></div>`,
          ),
        );
      case '/long':
        return html(200, page('Long', `${post}<div style="height:60000px;background:linear-gradient(#fff,#00f)"></div><p>end</p>`));
      case '/wide':
        // A fixed-width desktop layout that does not adapt to phones.
        return html(200, `<!doctype html><html><head><meta charset="utf-8"><title>Wide</title></head><body style="margin:0"><div style="width:1200px">${post}</div></body></html>`);
      case '/download':
        return html(
          200,
          page(
            'Download',
            `${post}<a id="dl" href="/file.bin" download>file</a><script>
document.getElementById('dl').click();
window.open('/post', '_blank');
</script>`,
          ),
        );
      case '/file.bin':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="payload.exe"' }).end(
          Buffer.alloc(1024, 1),
        );
        return;
      case '/busy':
        // Loads, then its script never yields: only the capture's own watchdog can end it.
        return html(200, page('Busy', `${post}<script>setTimeout(() => { for (;;) {} }, 50)</script>`));
      case '/error':
        return html(500, page('Error', '<h1>Something went wrong</h1>'));
      case '/heavy':
        return html(200, page('Heavy', `${post}<img src="/huge.png" alt="">`));
      case '/huge.png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(3 * 1024 * 1024));
        return;
      case '/big':
        return html(200, page('Big', `${post}<p>${'x'.repeat(3 * 1024 * 1024)}</p>`));
      default:
        return html(404, page('Not found', '<h1>Not found</h1>'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
  const { port, address } = server.address() as AddressInfo;
  return {
    base: `http://${address}:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
