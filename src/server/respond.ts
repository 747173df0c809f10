/**
 * Every answer of candor/server is JSON with `cache-control: no-store`. Errors are structured
 * (`{ error, code, reasons? }`) and never carry a stack trace or an exception's message: what
 * went wrong inside is logged on the server (`onError`), the client only learns what it can fix.
 */

/** A stable, machine-readable error code. */
export type ErrorCode =
  | 'request/bad-target'
  | 'request/not-found'
  | 'request/method'
  | 'request/origin'
  | 'request/too-large'
  | 'request/rate-limited'
  | 'request/invalid-json'
  | 'records/invalid'
  | 'subject/invalid'
  | 'subject/forbidden'
  | 'requests/invalid'
  | 'impressions/invalid'
  | 'admin/unauthorized'
  | 'admin/invalid'
  | 'admin/not-found'
  | 'admin/conflict'
  | 'admin/no-retention'
  | 'admin/page-missing'
  | 'admin/too-large'
  | 'server/unavailable'
  | 'server/internal';

/** A JSON answer. */
export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  h.set('cache-control', 'no-store');
  h.set('x-content-type-options', 'nosniff');
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: h });
}

/** A structured error answer: what failed (`code`), in words, and every reason when there are several. */
export function problem(
  status: number,
  code: ErrorCode,
  message: string,
  reasons?: readonly string[],
  headers: HeadersInit = {},
): Response {
  return json(status, reasons ? { error: message, code, reasons } : { error: message, code }, headers);
}
