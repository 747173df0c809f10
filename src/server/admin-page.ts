/**
 * The site owner's page, served at `{admin.path}/`: three files from `pageDir` by a fixed list
 * (no other name, so no path from a request ever reaches the file system), read on each request,
 * with a strict CSP and no caching. The page asks for the token itself; serving it needs none.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { json, problem } from './respond';

/** The page's files by path below `{admin.path}`, with their content types. */
const FILES: Readonly<Record<string, readonly [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/admin.js': ['admin.js', 'text/javascript; charset=utf-8'],
  '/admin.css': ['admin.css', 'text/css; charset=utf-8'],
};

/** The headers of every page file. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  // No handle on the page for one that opens it (the shop's script, same origin: the token field).
  'cross-origin-opener-policy': 'same-origin',
};

/** The page's default folder: `admin/` next to this module (dist/admin/ beside dist/server.mjs). */
export const defaultPageDir = (): string => fileURLToPath(new URL('admin/', import.meta.url));

/** Answers a request for `rest` (the path below `{admin.path}`, from `/`) from `pageDir` (null: no page). */
export async function servePage(request: Request, rest: string, pageDir: string | null): Promise<Response> {
  const entry = Object.hasOwn(FILES, rest) ? FILES[rest] : undefined;
  if (!entry) return problem(404, 'admin/not-found', 'not found');
  if (request.method !== 'GET')
    return problem(405, 'request/method', `${request.method} is not allowed here`, undefined, { allow: 'GET' });
  const missing = (why: string): Response =>
    json(404, {
      error: `the site-owner page is not installed: ${why}; the admin API still answers`,
      code: 'admin/page-missing',
    });
  if (pageDir === null) return missing('this server was started with admin.pageDir null');
  const [file, type] = entry;
  let body: Buffer;
  try {
    body = await readFile(join(pageDir, file));
  } catch {
    return missing(`admin.pageDir has no ${file} (npm run build makes dist/admin/)`);
  }
  return new Response(new Uint8Array(body), { status: 200, headers: { ...PAGE_HEADERS, 'content-type': type } });
}
