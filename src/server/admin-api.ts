/**
 * The admin API's actions under `{admin.path}/api/` (docs/server.md, "The admin API"). Each
 * checks its query or body with every reason, then asks the store, and returns an outcome: the
 * answer plus what the audit log keeps of the call (the subject it named, as a digest, and a few
 * facts; never a query's values).
 */
import { METHODS } from '../core/record';
import { readJsonBody } from './body';
import { dayRange, decodeCursor, encodeCursor, Query } from './admin-query';
import type { ErrorCode } from './respond';
import type { AdminAction, ConsentStore, SearchPosition, StoredRequest } from './store';
import { MAX_MESSAGE, subjectReasons } from './validate';

/** What an action made of a call. */
export interface Outcome {
  readonly status: number;
  readonly body: unknown;
  /** The subject the call named (the audit log keeps its digest). */
  readonly subject?: string | null;
  /** Facts for the audit log. */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Headers of the answer beyond the JSON ones. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The retention a server runs with: days after expiry, and how often its job purges. */
export interface Retention {
  readonly days: number;
  readonly intervalHours: number;
}

/** What an action knows about one call. */
export interface ActionContext {
  readonly request: Request;
  readonly url: URL;
  readonly store: ConsentStore;
  readonly now: number;
  /** The configured retention, or null when none is. */
  readonly retention: Retention | null;
  /** The path's parameters (a request's id). */
  readonly params: readonly string[];
}

type Action = (ctx: ActionContext) => Promise<Outcome>;

/** The largest body an admin call needs (a subject and a note). */
const MAX_ADMIN_BODY = 16 * 1024;
const STATS_DAYS = 30;
const MAX_STATS_DAYS = 366;

/** A structured error outcome. */
export const failure = (status: number, code: ErrorCode, error: string, reasons?: readonly string[]): Outcome => ({
  status,
  body: reasons ? { error, code, reasons } : { error, code },
});

const invalid = (reasons: readonly string[]): Outcome =>
  failure(400, 'admin/invalid', 'invalid admin request', reasons);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON object body of a POST (empty: `{}`) with only `allowed` keys, or the outcome that refuses it. */
async function bodyOf(
  ctx: ActionContext,
  allowed: readonly string[],
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; refused: Outcome }> {
  const read = await readJsonBody(ctx.request, MAX_ADMIN_BODY, { emptyAs: {} });
  if (!read.ok)
    return {
      ok: false,
      refused:
        read.status === 413
          ? failure(413, 'request/too-large', read.reason)
          : failure(400, 'request/invalid-json', read.reason, [read.reason]),
    };
  if (!isObject(read.value)) return { ok: false, refused: invalid(['(root): must be an object']) };
  const extra = Object.keys(read.value).filter((k) => !allowed.includes(k));
  if (extra.length) return { ok: false, refused: invalid(extra.map((k) => `${k}: not allowed`)) };
  return { ok: true, body: read.value };
}

const field = (body: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(body, key) ? body[key] : undefined;

/** A request as the inbox lists it (without the client's network, which only an export of its subject shows). */
const listed = ({ clientNet: _, ...request }: StoredRequest) => request;

const stats: Action = async (ctx) => {
  const q = new Query(ctx.url, ['from', 'to']);
  const range = dayRange(q, ctx.now, STATS_DAYS, MAX_STATS_DAYS);
  if (q.reasons.length) return invalid(q.reasons);
  // `retention` tells the page whether a purge can be asked for (null: none is configured).
  const body = { ...range, ...(await ctx.store.stats(range)), retention: ctx.retention };
  return { status: 200, body, detail: range };
};

const records: Action = async (ctx) => {
  const q = new Query(ctx.url, ['subject', 'from', 'to', 'method', 'limit', 'before']);
  const subject = q.subject(false);
  const [from, to] = [q.day('from'), q.day('to')];
  const method = q.oneOf('method', METHODS);
  const limit = q.int('limit', 1, 500, 50);
  const cursor = q.get('before');
  const before: SearchPosition | null = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !before) q.reasons.push('before: not a cursor this server gave (use `next` as it is)');
  if (q.reasons.length) return invalid(q.reasons);
  const found = await ctx.store.search({
    limit,
    ...(subject === undefined ? {} : { subject }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(method === undefined ? {} : { method }),
    ...(before ? { before } : {}),
  });
  return {
    status: 200,
    body: { records: found.hits, next: found.next && encodeCursor(found.next) },
    subject: subject ?? null,
    detail: { filters: [...ctx.url.searchParams.keys()], count: found.hits.length },
  };
};

const exportSubject: Action = async (ctx) => {
  const q = new Query(ctx.url, ['subject']);
  const subject = q.subject(true);
  if (subject === undefined || q.reasons.length) return invalid(q.reasons);
  const found = await ctx.store.exportSubject(subject);
  const detail = {
    records: found.records.length,
    requests: found.requests.length,
    erasures: found.erasures.length,
    integrityEvents: found.integrityEvents.length,
  };
  return { status: 200, body: { subject, exportedAt: new Date(ctx.now).toISOString(), ...found }, subject, detail };
};

const erase: Action = async (ctx) => {
  const read = await bodyOf(ctx, ['subject', 'requestId']);
  if (!read.ok) return read.refused;
  const { body } = read;
  const subject = field(body, 'subject');
  const requestId = field(body, 'requestId');
  const reasons = subjectReasons(subject);
  if (requestId !== undefined && !(Number.isSafeInteger(requestId) && (requestId as number) >= 1))
    reasons.push('requestId: a request number (a whole number from 1)');
  if (reasons.length) return invalid(reasons);
  if (requestId !== undefined) {
    const request = await ctx.store.request(requestId as number);
    if (request?.subject !== subject) return invalid([`requestId: no request ${String(requestId)} of this subject`]);
  }
  const result = await ctx.store.erase(subject as string, (requestId as number | undefined) ?? null);
  return {
    status: 200,
    body: result,
    subject: subject as string,
    detail: { erased: result.erased, requestId: requestId ?? null },
  };
};

/** A page at a time: anyone can send requests, and they stay. */
const requests: Action = async (ctx) => {
  const q = new Query(ctx.url, ['status', 'limit', 'after']);
  const status = q.oneOf('status', ['open', 'closed', 'all'] as const, 'open');
  const limit = q.int('limit', 1, 1000, 500);
  const after = q.int('after', 0, 1e15 - 1, 0);
  if (q.reasons.length) return invalid(q.reasons);
  // One more tells whether a page follows; a store of your own may ignore `after`.
  const found = (await ctx.store.requests({ status, after, limit: limit + 1 })).filter((r) => r.id > after);
  const page = found.slice(0, limit);
  const next = found[limit] ? page[limit - 1]!.id : null;
  return { status: 200, body: { requests: page.map(listed), next }, detail: { status, count: page.length } };
};

const closeRequest: Action = async (ctx) => {
  const id = Number(ctx.params[0]);
  const read = await bodyOf(ctx, ['note']);
  if (!read.ok) return read.refused;
  const note = field(read.body, 'note');
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_MESSAGE))
    return invalid([`note: a text of at most ${MAX_MESSAGE} characters`]);
  const closed = await ctx.store.closeRequest(id, (note as string | undefined) ?? null);
  if (closed === 'unknown')
    return { ...failure(404, 'admin/not-found', `no request ${id}`), detail: { requestId: id } };
  if (closed === 'closed')
    return { ...failure(409, 'admin/conflict', `request ${id} is already closed`), detail: { requestId: id } };
  return { status: 200, body: { request: listed(closed) }, subject: closed.subject, detail: { requestId: id } };
};

const purge: Action = async (ctx) => {
  const read = await bodyOf(ctx, []);
  if (!read.ok) return read.refused;
  if (ctx.retention === null)
    return failure(400, 'admin/no-retention', 'no retention is configured (the server option retention.days)');
  const result = await ctx.store.purge(ctx.retention.days, 'admin');
  const { purged, purgedAt, retentionDays } = result;
  return {
    status: 200,
    body: { purged, purgedAt, retentionDays },
    detail: { purged, anchors: result.anchors, cutoff: result.cutoff },
  };
};

const chain: Action = async (ctx) => {
  const q = new Query(ctx.url, ['subject']);
  const subject = q.subject(true);
  if (subject === undefined || q.reasons.length) return invalid(q.reasons);
  const report = await ctx.store.verifyChain(subject);
  return {
    status: 200,
    body: { subject, ...report },
    subject,
    detail: { verified: report.verified, records: report.records },
  };
};

const audit: Action = async (ctx) => {
  const q = new Query(ctx.url, ['limit']);
  const limit = q.int('limit', 1, 1000, 100);
  if (q.reasons.length) return invalid(q.reasons);
  return { status: 200, body: { entries: await ctx.store.auditLog(limit) }, detail: { limit } };
};

/** The actions by path (below `api/`), each with its methods. */
const ROUTES: readonly { path: RegExp; action: AdminAction; methods: Readonly<Record<string, Action>> }[] = [
  { path: /^stats$/, action: 'stats', methods: { GET: stats } },
  { path: /^records$/, action: 'records', methods: { GET: records } },
  { path: /^export$/, action: 'export', methods: { GET: exportSubject } },
  { path: /^erase$/, action: 'erase', methods: { POST: erase } },
  { path: /^requests$/, action: 'requests', methods: { GET: requests } },
  { path: /^requests\/([1-9]\d{0,14})\/close$/, action: 'close-request', methods: { POST: closeRequest } },
  { path: /^purge$/, action: 'purge', methods: { POST: purge } },
  { path: /^chain$/, action: 'chain', methods: { GET: chain } },
  { path: /^audit$/, action: 'audit', methods: { GET: audit } },
];

/** The action a path (below `api/`) names, its methods and parameters; null when none does. */
export function findAction(
  path: string,
): { action: AdminAction; methods: Readonly<Record<string, Action>>; params: string[] } | null {
  for (const route of ROUTES) {
    const match = route.path.exec(path);
    if (match) return { action: route.action, methods: route.methods, params: match.slice(1) };
  }
  return null;
}
