/**
 * A server on 127.0.0.1 that sends `/stream.html` in two parts, the second once the promise `gap`
 * returns for that request settles (the test says when: `heldParts`), so that a page can be
 * caught while the parser has only part of it; every other path comes from `origin`. `headers` go
 * with the page (a CSP, say).
 */
import { createServer, type Server } from 'node:http';

export async function streamingServer(
  origin: string,
  parts: readonly [string, string],
  gap: () => Promise<unknown>,
  headers: Record<string, string> = {},
): Promise<Server & { readonly url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/stream.html') {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store', ...headers }).write(parts[0]);
      const rest = (): void => void res.end(parts[1]);
      return void gap().then(rest, rest);
    }
    void fetch(`${origin}${req.url ?? '/'}`).then(async (r) => {
      res.writeHead(r.status, {
        'content-type': r.headers.get('content-type') ?? 'text/plain',
        'cache-control': 'no-store',
      });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return Object.assign(server, { url: `http://127.0.0.1:${port}/stream.html` });
}

/**
 * While `holding`, each request for the page gets its second part only once the test calls
 * `release()` (which also ends the holding); `hold()` holds the next ones again.
 */
export function heldParts(holding = true): { gap: () => Promise<unknown>; hold: () => void; release: () => void } {
  let release = (): void => {};
  return {
    gap: () => (holding ? new Promise<void>((r) => (release = r)) : Promise.resolve()),
    hold: () => void (holding = true),
    release: () => ((holding = false), release()),
  };
}
