/**
 * A local HTTP proxy for WebKitGTK's MiniBrowser (`--proxy=`), which has no host-resolver rules
 * and no init scripts. It
 * - sends every request for 127.0.0.1, localhost or *.candor.test to 127.0.0.1 on the same port
 *   (test sites on subdomains, for cookies on a parent domain), and refuses every other host;
 * - puts an error collector first in every HTML page, passing the rest on as it comes (WebKitWebDriver gives no access to the
 *   console or to page errors): it reports uncaught errors and unhandled rejections with
 *   `sendBeacon` to `/__engines/error`, which the proxy answers itself and records per session.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

const LOOPBACK = /^(127\.0\.0\.1|localhost|([a-z0-9-]+\.)*candor\.test)$/;
const REPORT_PATH = '/__engines/error';

/** The collector, as the first element of <head>; `token` names the session. */
const collector = (token: string): string =>
  `<script>(function(){var u=${JSON.stringify(`${REPORT_PATH}?session=${token}`)};` +
  'function s(m){try{navigator.sendBeacon(u,String(m))}catch(e){}}' +
  'addEventListener("error",function(e){s((e.message||"error")+" at "+e.filename+":"+e.lineno)});' +
  'addEventListener("unhandledrejection",function(e){var r=e.reason;s("Unhandled rejection: "+(r&&r.message||r))})})();</script>';

/** Inserts the collector after the opening <head> tag (or at the start when there is none). */
export function inject(html: string, token: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return collector(token) + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + collector(token) + html.slice(at);
}

export interface LoopbackProxy {
  readonly url: string;
  /** Starts collecting errors for a new session; returns its token. */
  begin(): string;
  /** The errors pages of session `token` reported. */
  errors(token: string): string[];
  close(): Promise<void>;
}

const forwardHeaders = (h: IncomingHttpHeaders): IncomingHttpHeaders => {
  const out = { ...h };
  delete out['proxy-connection'];
  delete out['accept-encoding']; // plain bodies, so HTML can be rewritten
  return out;
};

export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const reports = new Map<string, string[]>();
  let current = '';
  let n = 0;
  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URLs only: this is a proxy');
      return;
    }
    if (!LOOPBACK.test(target.hostname)) {
      res
        .writeHead(502, { 'content-type': 'text/plain' })
        .end(`the test proxy reaches only loopback hosts, not ${target.hostname}`);
      return;
    }
    if (target.pathname === REPORT_PATH) {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const token = target.searchParams.get('session') ?? '';
        reports.get(token)?.push(body);
        res.writeHead(204).end();
      });
      return;
    }
    const token = current;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 80),
        method: req.method,
        path: target.pathname + target.search,
        headers: forwardHeaders(req.headers),
      },
      (up) => {
        const html = req.method === 'GET' && /^text\/html/i.test(String(up.headers['content-type'] ?? ''));
        if (!html) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        // The collector goes in once `<head>` has come; the rest passes as it comes (a page the
        // server sends in parts reaches the browser in parts too: pages/streamed.html).
        const headers = { ...up.headers };
        delete headers['content-length'];
        res.writeHead(up.statusCode ?? 502, headers);
        let start: string | null = '';
        up.setEncoding('utf8');
        up.on('data', (d: string) => {
          if (start === null) return void res.write(d);
          start += d;
          if (!/<head(\s[^>]*)?>/i.test(start)) return;
          res.write(inject(start, token));
          start = null;
        });
        up.on('end', () => res.end(start === null ? undefined : inject(start, token)));
        up.on('error', () => res.destroy()); // a page cut off upstream is cut off for the browser too
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${e.message}`);
    });
    req.pipe(upstream);
  });
  server.on('connect', (_req, socket) => socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n')); // no https in these tests
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    begin() {
      current = `s${++n}`;
      reports.set(current, []);
      return current;
    },
    errors: (token) => [...(reports.get(token) ?? [])],
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
