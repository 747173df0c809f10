/**
 * The site owner's side of candor/server, under its own path (`admin.path`, default
 * `/candor-admin`), apart from the visitor-facing endpoint: no CORS header on any answer (a page
 * on another origin can neither preflight nor read it), the bearer token on every API call, and
 * every API call audited before its answer leaves (those without a valid token, which anyone can
 * send to the append-only log, once a minute, counted). Only the rate limit is shared with the
 * endpoint's rules (its own buckets); page files need no token.
 */
import { clientAddressOf } from './client-address';
import { failure, findAction } from './admin-api';
import { createTokenCheck, type TokenCheck } from './admin-auth';
import { servePage } from './admin-page';
import type { Outcome, Retention } from './admin-api';
import type { AdminOptions } from './options';
import type { RateLimiter } from './rate-limit';
import { json, problem } from './respond';
import { SubjectTooLarge, type ConsentStore } from './store';

/** What the admin side runs with. */
export interface AdminDeps {
  /** The admin path, without a trailing slash. */
  readonly path: string;
  readonly pageDir: string | null;
  readonly store: () => Promise<ConsentStore | null>;
  readonly now: () => number;
  readonly limit: RateLimiter | null;
  readonly trustProxy: boolean;
  /** The retention the server runs with (the stats answer says it; the purge needs it), or null. */
  readonly retention: Retention | null;
  readonly onAudit: AdminOptions['onAudit'];
  readonly onError: (e: unknown) => void;
}

/** The admin side: whether it owns a path, and its answer. */
export interface Admin {
  owns(pathname: string): boolean;
  handle(request: Request, url: URL, info: unknown): Promise<Response>;
}

const API = '/api/';

const CHALLENGE = 'Bearer realm="candor-admin"';

/** The methods the log names; others are `other`. */
const LOGGED_METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** What a failed admin call answers: 413 for a subject too large for one answer, else 500 (and `onError`). */
function failed(e: unknown, onError: (e: unknown) => void): Outcome {
  if (e instanceof SubjectTooLarge) {
    const { records, bytes } = e;
    return { ...failure(413, 'admin/too-large', e.message), detail: { records, bytes } };
  }
  onError(e);
  return failure(500, 'server/internal', 'internal error');
}

/** Creates the admin side for `token`. */
export function createAdmin(token: string, deps: AdminDeps): Admin {
  const check = createTokenCheck(token);
  let refused = 0;
  let refusedLogged = -Infinity;

  /** The outcome of an API call below `api/`: refused, or the action's. */
  const outcomeOf = async (request: Request, url: URL, name: string, store: ConsentStore, presented: TokenCheck) => {
    const found = findAction(name);
    const action = found?.action ?? 'unknown';
    if (!found) return { action, outcome: failure(404, 'admin/not-found', 'no such admin call') };
    const run = Object.hasOwn(found.methods, request.method) ? found.methods[request.method] : undefined;
    if (!run) {
      const refused = failure(405, 'request/method', `${request.method} is not allowed here`);
      return { action, outcome: { ...refused, headers: { allow: Object.keys(found.methods).join(', ') } } };
    }
    if (presented !== 'ok') {
      const refused = failure(401, 'admin/unauthorized', 'this call needs the admin token (Authorization: Bearer …)');
      const challenge = presented === 'invalid' ? `${CHALLENGE}, error="invalid_token"` : CHALLENGE;
      return { action, outcome: { ...refused, headers: { 'www-authenticate': challenge } } };
    }
    const ctx = { request, url, store, now: deps.now(), retention: deps.retention, params: found.params };
    try {
      return { action, outcome: await run(ctx) };
    } catch (e) {
      return { action, outcome: failed(e, deps.onError) }; // audited too
    }
  };

  const api = async (request: Request, url: URL, name: string): Promise<Response> => {
    const store = await deps.store();
    // Nothing is answered unaudited: without the store, nothing is answered.
    if (!store)
      return problem(503, 'server/unavailable', 'the consent store is unavailable', undefined, { 'retry-after': '30' });
    const presented = check(request);
    const { action, outcome } = await outcomeOf(request, url, name, store, presented);
    let detail = outcome.detail ?? {};
    if (presented !== 'ok') {
      refused++;
      const now = deps.now();
      if (now - refusedLogged < 60_000) return json(outcome.status, outcome.body, outcome.headers);
      refusedLogged = now;
      detail = { refused }; // since the last such row, this one included
      refused = 0;
    }
    const entry = await store.audit({
      action,
      method: LOGGED_METHODS.includes(request.method) ? request.method : 'other',
      status: outcome.status,
      subject: outcome.subject ?? null,
      detail,
    });
    try {
      deps.onAudit?.(entry);
    } catch (e) {
      deps.onError(e);
    }
    return json(outcome.status, outcome.body, outcome.headers);
  };

  return {
    owns: (pathname) => pathname === deps.path || pathname.startsWith(`${deps.path}/`),
    async handle(request, url, info) {
      try {
        if (deps.limit) {
          const client = clientAddressOf(request, info, deps.trustProxy);
          const wait = client === null ? 0 : deps.limit(client);
          if (wait)
            return problem(429, 'request/rate-limited', 'too many requests: retry later', undefined, {
              'retry-after': String(wait),
            });
        }
        const rest = url.pathname.slice(deps.path.length);
        if (rest === '') return new Response(null, { status: 308, headers: { location: `${deps.path}/` } });
        if (rest.startsWith(API)) return await api(request, url, rest.slice(API.length).replace(/\/+$/, ''));
        return await servePage(request, rest, deps.pageDir);
      } catch (e) {
        deps.onError(e);
        return problem(500, 'server/internal', 'internal error');
      }
    },
  };
}
