/**
 * A fake of candor/server's admin API (docs/server.md, "Admin API") for the site-owner page's DOM
 * tests: an in-memory state, the bearer token checked, every call logged with its method, path,
 * query and body, and room to make the next answer anything (a 500, a wrong shape).
 */
export const TOKEN = 't'.repeat(40);

export interface FakeRecord {
  id: string;
  subject: string;
  issuedAt: string;
  method: string;
  policyRevision: number;
  locale: string;
  purposes: Record<string, boolean>;
}
export interface FakeRequest {
  id: number;
  type: string;
  subject: string;
  message: string | null;
  receivedAt: string;
  closedAt: string | null;
  closeNote: string | null;
}
export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export function fakeAdminApi(base = 'https://shop.example/candor-admin/api/') {
  const state = {
    token: TOKEN,
    records: [] as { record: FakeRecord; receivedAt: string; erased: boolean }[],
    requests: [] as FakeRequest[],
    erasures: [] as { subject: string; erasedAt: string; records: number }[],
    retention: { days: 30, intervalHours: 24 } as { days: number; intervalHours: number } | null | undefined,
    stats: {
      from: '2026-11-28',
      to: '2026-11-30',
      decisions: [] as object[],
      purposes: [] as object[],
      otherPurposes: undefined as number | undefined,
      impressions: [] as object[],
    },
    /** The inbox's page size (`GET requests` answers every request in one page without it). */
    requestsPage: undefined as number | undefined,
    /** Answers the next call with this instead (status and body), once. */
    override: null as { status: number; body: unknown } | null,
  };
  const calls: Call[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const route = (method: string, path: string, q: Record<string, string>, body: Record<string, unknown>) => {
    if (method === 'GET' && path === 'stats')
      return json(200, { ...state.stats, ...(state.retention === undefined ? {} : { retention: state.retention }) });
    if (method === 'GET' && path === 'records') {
      let list = state.records.filter(
        (r) =>
          (!q['subject'] || r.record.subject === q['subject']) &&
          (!q['method'] || r.record.method === q['method']) &&
          (!q['before'] || r.record.id < q['before']),
      );
      list = [...list].sort((a, b) => (a.record.id < b.record.id ? 1 : -1));
      const limit = Number(q['limit'] ?? 50);
      const page = list.slice(0, limit);
      return json(200, { records: page, next: list.length > limit ? page[page.length - 1]!.record.id : null });
    }
    if (method === 'GET' && path === 'export') {
      const subject = q['subject']!;
      return json(200, {
        subject,
        exportedAt: '2026-11-30T12:00:00.000Z',
        records: state.records
          .filter((r) => r.record.subject === subject)
          .map(({ record, receivedAt }) => ({ record, receivedAt, clientNet: null })),
        requests: state.requests.filter((r) => r.subject === subject),
        erasures: state.erasures
          .filter((e) => e.subject === subject)
          .map(({ erasedAt, records }) => ({ erasedAt, records, requestId: null })),
      });
    }
    if (method === 'GET' && path === 'chain') {
      const n = state.records.filter((r) => r.record.subject === q['subject']).length;
      return json(200, { subject: q['subject'], verified: true, records: n, breaks: [] });
    }
    if (method === 'POST' && path === 'erase') {
      const mine = state.records.filter((r) => r.record.subject === body['subject'] && !r.erased);
      for (const r of mine) {
        r.erased = true;
        r.record.subject = `erased:${r.record.id}`;
      }
      if (!mine.length) return json(200, { erased: 0 });
      state.erasures.push({
        subject: String(body['subject']),
        erasedAt: '2026-11-30T12:30:00.000Z',
        records: mine.length,
      });
      return json(200, { erased: mine.length, erasedAt: '2026-11-30T12:30:00.000Z' });
    }
    if (method === 'GET' && path === 'requests') {
      const s = q['status'] ?? 'open';
      const list = state.requests
        .filter((r) => (s === 'all' || (s === 'open') === (r.closedAt === null)) && r.id > Number(q['after'] ?? 0))
        .sort((a, b) => a.id - b.id);
      const page = list.slice(0, state.requestsPage ?? list.length);
      return json(200, { requests: page, next: page.length < list.length ? page.at(-1)!.id : null });
    }
    const close = /^requests\/(\d+)\/close$/.exec(path);
    if (method === 'POST' && close) {
      const r = state.requests.find((x) => x.id === Number(close[1]));
      if (!r) return json(404, { error: 'no such request' });
      if (r.closedAt) return json(409, { error: 'already closed' });
      r.closedAt = '2026-11-30T13:00:00.000Z';
      r.closeNote = typeof body['note'] === 'string' ? body['note'] : null;
      return json(200, { request: r });
    }
    if (method === 'POST' && path === 'purge')
      return state.retention
        ? json(200, { purged: 2, purgedAt: '2026-11-30T14:00:00.000Z', retentionDays: state.retention.days })
        : json(400, { error: 'no retention configured', code: 'admin/no-retention' });
    return json(404, { error: 'not found' });
  };

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const path = url.href.startsWith(base) ? url.pathname.slice(new URL(base).pathname.length) : `?${url.pathname}`;
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    calls.push({ method, path, query: Object.fromEntries(url.searchParams), body });
    const headers = new Headers(init.headers);
    if (headers.get('authorization') !== `Bearer ${state.token}`)
      return json(401, { error: 'admin token missing or wrong', code: 'admin/unauthorized' });
    if (state.override) {
      const o = state.override;
      state.override = null;
      return json(o.status, o.body);
    }
    return route(method, path, Object.fromEntries(url.searchParams), body);
  };
  return { state, calls, fetch, base: new URL(base) };
}

/** A record of the fake store. */
export const fakeRecord = (
  n: number,
  subject: string,
  method = 'banner:accept-all',
  day = '2026-11-30',
): FakeRecord => ({
  id: `rec-${String(n).padStart(4, '0')}`,
  subject,
  issuedAt: `${day}T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  method,
  policyRevision: 1,
  locale: 'en',
  purposes: { necessary: true, analytics: method !== 'banner:reject-all', marketing: method === 'banner:accept-all' },
});
