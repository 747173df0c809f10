/**
 * The `node:http` adapter: turns the Fetch handler into a `(req, res)` listener for
 * `http.createServer`, Express (`app.use('/api/consent', listener)`, mounted before any body
 * parser) or any framework on node:http; and `listen()`, which starts a server once the store is
 * ready, so a newer schema stops the process before it answers anything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ConsentServer } from './handler';
import { problem } from './respond';

/** @see toNodeListener */
export interface NodeListenerOptions {
  /** Take the scheme from `X-Forwarded-Proto` (behind your own TLS proxy). @default false */
  readonly trustProxy?: boolean;
}

/** A Host header: a name or an IPv4 address, or an IPv6 address in brackets, and a port. */
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The request as a Fetch `Request`, or null when its target is not a URL a browser would send. */
function toRequest(req: IncomingMessage, trustProxy: boolean): Request | null {
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const forwarded = trustProxy
    ? String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  const scheme = forwarded === 'https' || (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  // The Host header is the client's: one with a path in it (`x/candor-admin`) would move the request
  // to another route than its target names, past a proxy that forwards only the endpoint's paths.
  if (!HOST.test(host)) return null;
  let url: URL;
  try {
    if (!target.startsWith('/') || target.startsWith('//')) return null;
    url = new URL(`${scheme}://${host}${target}`);
    decodeURIComponent(url.pathname); // bad percent-encoding (`/%`) is refused, never a crash
    // No `..`, `%2e` or `\` the parser resolves: routes go by the raw path, as an Express mount or proxy did.
    if (url.pathname !== target.replace(/[?#].*$/s, '')) return null;
  } catch {
    return null;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const parsed = (req as { body?: unknown }).body; // Express with a body parser in front already read the stream
  const body = !hasBody
    ? null
    : req.readableEnded && parsed !== undefined
      ? JSON.stringify(parsed)
      : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    body,
    ...(body ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a Fetch `Response` to a node:http response. */
async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A node:http listener for `handler`. */
export function toNodeListener(
  handler: ConsentServer,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      // Methods a Fetch `Request` cannot carry (its constructor throws): no route takes them anyway.
      if (/^(?:CONNECT|TRACE|TRACK)$/i.test(req.method ?? ''))
        return await send(res, problem(405, 'request/method', `${req.method} is not allowed here`));
      const request = toRequest(req, options.trustProxy === true);
      const response = request
        ? await handler(request, { clientAddress: req.socket.remoteAddress })
        : problem(400, 'request/bad-target', 'bad request target');
      await send(res, response);
    } catch {
      // The handler never throws; this is the client going away mid-answer.
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  };
}

/** Waits for the store (throws on a newer schema), then listens on `port` and `host`. */
export async function listen(
  handler: ConsentServer,
  { port = 8787, host = '127.0.0.1', trustProxy = false }: { port?: number; host?: string; trustProxy?: boolean } = {},
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  await handler.ready;
  const server = createServer(toNodeListener(handler, { trustProxy }));
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, host, () => ok()));
  const address = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}`;
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    await handler.close();
  };
  return { server, url, close };
}
