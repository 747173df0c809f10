/**
 * The routes of docs/sync-protocol.md, after the gate (gate.ts) let a request through:
 * `POST {base}` records, `GET {base}?subject=` the newest record, `POST {base}/requests` a
 * data-subject request, `POST {base}/impressions` the banner's anonymous counters. Each checks
 * everything before it writes anything.
 */
import { readJsonBody, type BodyResult } from './body';
import { isCounted } from './counted';
import { parseImpressions } from './impressions';
import { hashRecord } from './record-hash';
import { refreshedCookie, type MirrorCookie } from './mirror-cookie';
import { json, problem } from './respond';
import type { ConsentStore, ReceiptMeta } from './store';
import { forbiddenSubjects, type Authorize } from './subjects';
import { parseDataRequest, parseRecordBatch, subjectReasons } from './validate';

/** What a route knows about one request. */
export interface RouteContext {
  readonly request: Request;
  readonly url: URL;
  readonly store: ConsentStore;
  readonly meta: ReceiptMeta;
  /** The headers every answer carries (CORS). */
  readonly headers: Headers;
}

/** A route. */
export type Route = (ctx: RouteContext) => Promise<Response>;

/** What the routes are configured with. */
export interface RouteDeps {
  readonly now: () => number;
  readonly maxBody: number;
  readonly mirror: MirrorCookie | null;
  readonly authorize: Authorize | null;
  readonly isAnonymous: (subject: string) => boolean;
  readonly onError: (e: unknown) => void;
}

const bodyProblem = (body: Extract<BodyResult, { ok: false }>, headers: Headers): Response =>
  body.status === 413
    ? problem(413, 'request/too-large', body.reason, undefined, headers)
    : problem(400, 'request/invalid-json', body.reason, [body.reason], headers);

/** The routes, by method, for `POST/GET {base}`, `POST {base}/requests` and `POST {base}/impressions`. */
export function createRoutes(deps: RouteDeps): {
  records: Record<string, Route>;
  requests: Record<string, Route>;
  impressions: Record<string, Route>;
} {
  /** A 403 when the request may not write or read one of `subjects`, else null. */
  const forbidden = async (ctx: RouteContext, subjects: readonly string[], at: (s: string) => string) => {
    const refused = await forbiddenSubjects(ctx.request, subjects, deps);
    if (!refused.length) return null;
    const reasons = refused.map((s) => `${at(s)}: this request may not write or read the identified subject`);
    return problem(403, 'subject/forbidden', 'not authorized for an identified subject', reasons, ctx.headers);
  };
  /**
   * Adds the refreshed mirror cookie to a successful answer, only for the newest record the server
   * holds of its subject (never an older decision over a newer one).
   */
  const withCookie = async (ctx: RouteContext, response: Response) => {
    if (!deps.mirror) return response;
    const isCurrent = async (id: string): Promise<boolean> => {
      const record = await ctx.store.get(id);
      return record !== null && (await ctx.store.newest(record.subject))?.id === id;
    };
    const cookie = await refreshedCookie(ctx.request, deps.mirror, isCurrent, deps.now());
    if (cookie) response.headers.append('set-cookie', cookie);
    return response;
  };

  const postRecords: Route = async (ctx) => {
    const body = await readJsonBody(ctx.request, deps.maxBody);
    if (!body.ok) return bodyProblem(body, ctx.headers);
    const batch = parseRecordBatch(body.value, deps.now());
    if (!batch.ok) return problem(400, 'records/invalid', 'invalid consent records', batch.reasons, ctx.headers);
    const subjects = batch.records.map((r) => r.subject);
    const refused = await forbidden(ctx, subjects, (s) => `records[${subjects.indexOf(s)}].subject`);
    if (refused) return refused;
    const hashed = batch.records.map((record) => ({ record, hash: hashRecord(record) }));
    const result = await ctx.store.append(hashed, ctx.meta);
    const answer = {
      accepted: result.accepted.length,
      duplicates: result.duplicates.length,
      chainBreaks: result.chainBreaks,
    };
    return withCookie(ctx, json(200, answer, ctx.headers));
  };

  const getNewest: Route = async (ctx) => {
    const subject = ctx.url.searchParams.get('subject');
    const reasons = subjectReasons(subject ?? undefined);
    if (subject === null || reasons.length)
      return problem(400, 'subject/invalid', 'invalid subject', reasons, ctx.headers);
    const refused = await forbidden(ctx, [subject], () => 'subject');
    if (refused) return refused;
    return withCookie(ctx, json(200, { record: await ctx.store.newest(subject) }, ctx.headers));
  };

  const postRequest: Route = async (ctx) => {
    const body = await readJsonBody(ctx.request, deps.maxBody);
    if (!body.ok) return bodyProblem(body, ctx.headers);
    const parsed = parseDataRequest(body.value);
    if (!parsed.ok)
      return problem(400, 'requests/invalid', 'invalid data-subject request', parsed.reasons, ctx.headers);
    const refused = await forbidden(ctx, [parsed.request.subject], () => 'subject');
    if (refused) return refused;
    await ctx.store.addRequest(parsed.request, ctx.meta);
    return json(202, { received: true }, ctx.headers);
  };

  /** Counts only: no cookie is read or set, the subject is never asked for, the client address never stored. */
  const postImpressions: Route = async (ctx) => {
    const body = await readJsonBody(ctx.request, deps.maxBody);
    if (!body.ok) return bodyProblem(body, ctx.headers);
    const parsed = parseImpressions(body.value, deps.now());
    if (!parsed.ok)
      return problem(400, 'impressions/invalid', 'invalid impression counts', parsed.reasons, ctx.headers);
    // Counts of a revision the aggregates do not count (counted.ts) are received, not added.
    await ctx.store.addImpressions(parsed.counts.filter((c) => isCounted(c.policyRevision, c.day, ctx.meta)));
    return json(202, { received: parsed.counts.length }, ctx.headers);
  };

  return {
    records: { POST: postRecords, GET: getNewest },
    requests: { POST: postRequest },
    impressions: { POST: postImpressions },
  };
}
