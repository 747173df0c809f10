/** The e2e pages and the built bundles: the repository root, read-only, on 127.0.0.1 (random port). */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** Serves the repository root (dist/, test/e2e/pages/; never node_modules/ or dot files); resolves with its origin. */
export async function startStaticServer(): Promise<{ origin: string; server: Server }> {
  const { origin, server } = await serveStatic({
    mounts: [{ prefix: '/', dir: ROOT }],
    deny: (path) => path.split('/').includes('node_modules'),
    headers: { 'cache-control': 'no-store' },
    emptyFavicon: true, // browsers ask for it; a 404 would be a console error in every test
  });
  return { origin, server };
}
