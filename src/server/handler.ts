/**
 * `createConsentServer(options)`: the sync endpoint of docs/sync-protocol.md as a Fetch handler.
 * Every request passes, in order: the origin check and CORS, the per-client rate limit (gate.ts),
 * the method and path, a client's requests at once, then in its route the body limit and JSON
 * checks, validation (every reason in a 400), the subject check (`authorize`), and only then the
 * store. Nothing is written unless all passed. The admin side (admin.ts), when configured, answers
 * its own path before any of this (no CORS there). The retention job runs beside both.
 */
import { createAdmin, type Admin } from './admin';
import { defaultPageDir } from './admin-page';
import { clientAddressOf, limitKey, truncateAddress } from './client-address';
import { countRules } from './counted';
import { createCors } from './cors';
import { createGate } from './gate';
import { mirrorCookieOf } from './mirror-cookie';
import type { ConsentServerOptions } from './options';
import { createPGliteStore } from './pglite';
import { createBusy, createRateLimiter, type Busy } from './rate-limit';
import { problem } from './respond';
import { retentionSettings, scheduleRetention } from './retention';
import { createRoutes, type Route } from './routes';
import type { ConsentStore } from './store';
import { isAnonymousSubject } from './subjects';

/** The handler, with the store it opened. */
export interface ConsentServer {
  /** `info`: `{ clientAddress }` (docs/server.md); typed loosely on purpose: Next.js passes its route context there. */
  (request: Request, info?: unknown): Promise<Response>;
  /** Resolves with the store once it is open and migrated; rejects when it cannot be (a newer schema, no database). */
  readonly ready: Promise<ConsentStore>;
  /** Stops the retention job (waiting for a purge in progress), then closes the store; once (a second call gets the same promise). */
  close(): Promise<void>;
}

/** Whether `path` is a pathname as the URL parser gives it (no `é`, `{`, `..` it would encode or resolve: such a path never matches). */
const isParsedPath = (path: string): boolean => new URL(path || '/', 'http://h').pathname === (path || '/');

/** Whether two paths overlap: equal, or one inside the other. */
const overlaps = (a: string, b: string): boolean =>
  a === b || (b !== '/' && a.startsWith(`${b}/`)) || (a !== '/' && b.startsWith(`${a}/`));

/** The admin side for `options.admin` (null when not configured); throws for a bad token or path. */
function adminOf(
  options: ConsentServerOptions,
  visitorPaths: readonly string[],
  deps: Omit<Parameters<typeof createAdmin>[1], 'path' | 'pageDir' | 'onAudit'>,
): Admin | null {
  const admin = options.admin;
  if (admin === undefined || admin === null) return null;
  const path = (admin.path ?? '/candor-admin').replace(/\/+$/, '');
  if (!/^(\/[^/?#\s]+)+$/.test(path) || !isParsedPath(path))
    throw new Error(`candor/server: admin.path "${admin.path}" is not a path such as /candor-admin`);
  const clash = visitorPaths.find((p) => overlaps(path, p));
  if (clash !== undefined)
    throw new Error(
      `candor/server: admin.path "${path}" overlaps the visitor-facing ${clash}: keep the admin API out of basePath`,
    );
  return createAdmin(admin.token, {
    ...deps,
    path,
    pageDir: admin.pageDir === undefined ? defaultPageDir() : admin.pageDir,
    onAudit: admin.onAudit,
  });
}

/** The route for a method and path, or the answer that refuses it (404, 405). */
function pick(
  paths: ReadonlyMap<string, Readonly<Record<string, Route>>>,
  request: Request,
  url: URL,
  headers: Headers,
): Route | Response {
  const methods = paths.get(url.pathname.replace(/\/+$/, '') || '/');
  if (!methods) return problem(404, 'request/not-found', 'not found', undefined, headers);
  // Own properties only: a method or path named `constructor` or `__proto__` finds nothing inherited.
  const route = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
  if (route) return route;
  headers.set('allow', [...Object.keys(methods), 'OPTIONS'].join(', '));
  return problem(405, 'request/method', `${request.method} is not allowed here`, undefined, headers);
}

/** Counts a request as its client's: the key, null (no client), or a 429 (slow bodies must not pile up). */
function enter(busy: Busy | null, address: string | null, headers: Headers): string | Response | null {
  if (!busy || !address) return null;
  const key = limitKey(address);
  if (busy.enter(key)) return key;
  headers.set('retry-after', '1');
  return problem(429, 'request/rate-limited', 'too many requests: retry later', undefined, headers);
}

/** Creates the handler. Throws at once for invalid options (an origin such as `*`, an invalid config). */
export function createConsentServer(options: ConsentServerOptions = {}): ConsentServer {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e: unknown) => console.error('candor/server:', e));
  const trustProxy = options.trustProxy === true;
  const base = (options.basePath ?? '/api/consent').replace(/\/+$/, '');
  if (!/^(\/[^/?#\s]+)*$/.test(base) || !isParsedPath(base))
    throw new Error(`candor/server: basePath "${options.basePath}" is not a path such as /api/consent`);
  const maxBody = options.maxBodyBytes ?? 512 * 1024;
  if (!Number.isInteger(maxBody) || maxBody < 1024)
    throw new Error('candor/server: maxBodyBytes must be a whole number of bytes, at least 1024');
  const policy = createCors(options.origins ?? []);
  const gate = createGate({
    cors: policy,
    limit: options.rateLimit === false ? null : createRateLimiter(options.rateLimit ?? {}, now),
    trustProxy,
    onError,
  });
  const mirror = options.config === undefined || options.config === null ? null : mirrorCookieOf(options.config);
  const routes = createRoutes({
    now,
    maxBody,
    mirror,
    authorize: options.authorize ?? null,
    isAnonymous: options.isAnonymous ?? isAnonymousSubject,
    onError,
  });
  const paths = new Map([
    [base || '/', routes.records],
    [`${base}/requests`, routes.requests],
    [`${base}/impressions`, routes.impressions],
  ]);
  // Every option is checked before the store opens: a bad one must not leave a database open (and locked).
  const retention = options.retention ? retentionSettings(options.retention) : null;
  const admin = adminOf(options, [...paths.keys()], {
    store: () => ready.catch(() => null),
    now,
    limit: options.rateLimit === false ? null : createRateLimiter(options.rateLimit ?? {}, now),
    trustProxy,
    retention: retention && { days: retention.days, intervalHours: retention.intervalHours },
    onError,
  });
  const ready = Promise.resolve(options.store ?? createPGliteStore({ dataDir: options.dataDir ?? '.candor-data' }));
  ready.catch(onError); // reported once here; each request then answers 503
  const stopRetention = retention ? scheduleRetention(ready, retention, onError) : async () => {};

  const busy = options.rateLimit === false ? null : createBusy(options.rateLimit?.concurrent);
  const handler = async (request: Request, info?: unknown): Promise<Response> => {
    const url = new URL(request.url);
    if (admin?.owns(url.pathname)) return admin.handle(request, url, info);
    const cors = policy.headers(request, url);
    const address = clientAddressOf(request, info, trustProxy);
    let key: string | Response | null = null;
    try {
      const stop = gate(request, url, cors, info);
      if (stop) return stop;
      const route = pick(paths, request, url, cors);
      if (route instanceof Response) return route;
      if ((key = enter(busy, address, cors)) instanceof Response) return key;
      const store = await ready.catch(() => null);
      if (!store) {
        cors.set('retry-after', '30');
        return problem(503, 'server/unavailable', 'the consent store is unavailable', undefined, cors);
      }
      const meta = { clientNet: options.storeClientAddress && address ? truncateAddress(address) : null };
      return await route({ request, url, store, meta: { ...meta, ...countRules(mirror, now()) }, headers: cors });
    } catch (e) {
      onError(e);
      return problem(500, 'server/internal', 'internal error', undefined, cors);
    } finally {
      if (typeof key === 'string') busy?.leave(key);
    }
  };
  // Once, however often it is called (`listen()`'s close calls it too).
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await stopRetention();
      await (await ready).close();
    })());
  return Object.assign(handler, { ready, close });
}
