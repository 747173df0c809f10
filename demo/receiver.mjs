// The reference sync receiver (docs/sync-protocol.md), on node:http with no dependencies.
// - POST {base}            { records: ConsentRecord[] } → 200 { accepted, duplicates }; each record is
//                          validated against docs/consent-record.schema.json (400 lists every reason),
//                          and refused when dated more than a day ahead (it would stay the newest).
// - GET  {base}?subject=…  → { record: newest record of that subject | null }
// - POST {base}/requests   { type, subject, message? } → 202 (data-subject requests)
// - GET  {base}/records    → { records }: every record, to anyone (a demo: the proof-of-consent page and tests)
// Records are stored append-only as JSON Lines with fsync, deduplicated by id (the first copy of an
// id in a batch is kept, as candor/server does), and reloaded on start. CORS with credentials for the same origin and an allowlist of other origins (never `*`,
// never `null`; preflight included), with `Vary: Origin`. A body limit (413). Request targets that
// are not URLs a browser would send (`/%`, `//[`) get 400, never a crash. With `faults: true`,
// POST /__faults lets tests fail the next requests (any status, with a Retry-After or a
// Location), delay them, or drop the connection.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '../src/core/json-schema.mjs';

const SCHEMA = JSON.parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../docs/consent-record.schema.json'), 'utf8'),
);
const REQUEST_TYPES = ['access', 'correction', 'deletion', 'do-not-sell'];
const DAY_MS = 86_400_000;

/** Appends lines to a file and makes them durable before answering. */
function appendDurably(file, lines) {
  appendFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function loadLines(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return []; // a torn last line after a crash: the client still has it in its outbox
      }
    });
}

/** `https://www.example.com` as browsers send it in `Origin`; throws for anything else ('*', 'null', paths). */
function toOrigin(entry) {
  const fail = (why) => new Error(`receiver: CORS origin "${entry}" ${why}`);
  if (entry === '*' || entry === 'null') throw fail('is never allowed (answers carry credentials): list each origin');
  let url;
  try {
    url = new URL(entry);
  } catch {
    throw fail('is not an origin such as https://www.example.com');
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    url.origin === 'null' ||
    url.username ||
    url.password ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    entry.endsWith('?') ||
    entry.endsWith('#')
  ) {
    throw fail('is not an origin such as https://www.example.com (scheme, host and port only)');
  }
  // No browser sends a wildcard in Origin: such an entry would refuse every page (its records dropped).
  if (url.hostname.includes('*')) throw fail('has a wildcard, which matches no page: list each origin');
  return url.origin;
}

/** The origins of a comma-separated list, such as the CANDOR_ALLOWED_ORIGINS variable (unset: none). */
export function parseOrigins(list) {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(toOrigin);
}

/**
 * The request target as a URL, or the status that refuses it: 414 when very long, 400 when it is
 * not a URL a browser would send (bad percent-encoding such as `/%`, `//[`, `//host/…`).
 */
function targetUrl(target) {
  if (typeof target !== 'string' || !target) return { status: 400 };
  if (target.length > 8192) return { status: 414 };
  const base = 'http://receiver.invalid';
  try {
    const url = new URL(target, base);
    if (target.startsWith('/') ? url.origin !== base : !/^https?:\/\//i.test(target)) return { status: 400 };
    decodeURIComponent(url.pathname); // throws on bad percent-encoding
    return { url };
  } catch {
    return { status: 400 };
  }
}

/**
 * Creates a receiver. `dir` holds records.jsonl and requests.jsonl; `base` is the endpoint path.
 * CORS (with credentials) answers the same origin and the listed `origins` (such as
 * `https://www.example.com`; '*' and 'null' throw); any other origin gets no CORS headers and its
 * preflight a 403. Bodies over `maxBody` bytes get 413.
 */
export function createReceiver({ dir, origins = [], base = '/consent', maxBody = 256 * 1024, faults = false } = {}) {
  const allowed = new Set(origins.map(toOrigin));
  // A body a little over the limit is read to its end before the 413, so the client sees the
  // answer; above this the 413 goes out at once and the connection closes (the client may see a reset).
  const drainLimit = Math.max(4 * maxBody, 1024 * 1024);
  mkdirSync(dir, { recursive: true });
  const recordsFile = resolve(dir, 'records.jsonl');
  const requestsFile = resolve(dir, 'requests.jsonl');
  const records = new Map(loadLines(recordsFile).map((r) => [r.id, r]));
  const requests = loadLines(requestsFile);
  let plan = { failNext: 0, status: 500, delayMs: 0, drop: 0, retryAfter: null, location: null };
  const stats = { posts: 0, accepted: 0, duplicates: 0, rejected: 0 };

  /** Whether `req` comes from an origin this receiver answers CORS for (same origin, or listed). */
  const originAllowed = (req) => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || origin === 'null') return false; // null: sandboxed frames, file:, opaque redirects
    const host = req.headers.host;
    const same = host ? `${req.socket.encrypted ? 'https' : 'http'}://${host}`.toLowerCase() : null;
    return origin === same || allowed.has(origin);
  };
  const cors = (req, res) => {
    res.setHeader('vary', 'Origin'); // the answer depends on it, allowed or not
    if (originAllowed(req)) {
      res.setHeader('access-control-allow-origin', req.headers.origin);
      res.setHeader('access-control-allow-credentials', 'true');
      // Else a page on another origin cannot read it, and retries on its own backoff.
      res.setHeader('access-control-expose-headers', 'Retry-After');
    }
  };
  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  /** The body, or null once a 413 (too large) or 400 (unreadable) has been sent. */
  const readBodyOrRefuse = (req, res) =>
    readBody(req).catch((e) => {
      send(
        res,
        e.status ?? 400,
        { error: e.status === 413 ? `body larger than ${maxBody} bytes` : 'could not read the body' },
        e.close ? { connection: 'close' } : {},
      );
      return null;
    });
  const tooLarge = (close) => Object.assign(new Error('too large'), { status: 413, close });
  const readBody = (req) =>
    new Promise((ok, fail) => {
      if (Number(req.headers['content-length']) > drainLimit) return fail(tooLarge(true));
      let size = 0;
      const chunks = [];
      req.on('data', (c) => {
        size += c.length;
        if (size <= maxBody) chunks.push(c);
        else if (size > drainLimit) {
          req.pause();
          fail(tooLarge(true));
        } // else: over the limit, read on and drop, and answer 413 at the end
      });
      req.on('end', () => (size > maxBody ? fail(tooLarge(false)) : ok(Buffer.concat(chunks).toString('utf8'))));
      req.on('error', fail);
    });
  const parseJson = (text) => {
    try {
      return { value: JSON.parse(text) };
    } catch (e) {
      return { error: `body is not valid JSON: ${e.message}` };
    }
  };

  async function handle(req, res) {
    cors(req, res);
    const { url, status } = targetUrl(req.url);
    if (!url) return send(res, status, { error: status === 414 ? 'request target too long' : 'bad request target' });
    if (req.method === 'OPTIONS') {
      if (req.headers.origin !== undefined && !originAllowed(req))
        return send(res, 403, { error: 'origin not allowed' });
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'content-type, authorization',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    if (faults && url.pathname === '/__faults' && req.method === 'POST') {
      const { value } = parseJson(await readBody(req));
      plan = { failNext: 0, status: 500, delayMs: 0, drop: 0, retryAfter: null, location: null, ...value };
      return send(res, 200, { plan });
    }
    if (faults && url.pathname === '/__stats') return send(res, 200, { ...stats, stored: records.size });
    if (url.pathname === base && req.method === 'POST') {
      stats.posts++;
      if (plan.delayMs) await new Promise((r) => setTimeout(r, plan.delayMs));
      if (plan.drop > 0) {
        plan.drop--;
        return req.socket.destroy(); // the connection drops: the client sees a network error
      }
      if (plan.failNext > 0) {
        plan.failNext--;
        return send(
          res,
          plan.status,
          { error: 'injected fault' },
          {
            ...(plan.retryAfter ? { 'retry-after': String(plan.retryAfter) } : {}),
            ...(plan.location ? { location: String(plan.location) } : {}),
          },
        );
      }
      const text = await readBodyOrRefuse(req, res);
      if (text === null) return;
      const { value, error } = parseJson(text);
      if (error) return send(res, 400, { error, reasons: [error] });
      if (typeof value !== 'object' || value === null || !Array.isArray(value.records))
        return send(res, 400, { error: 'expected { "records": [...] }', reasons: ['records: required, a list'] });
      const reasons = value.records.flatMap((r, i) => {
        const found = validate(SCHEMA, r, `records[${i}]`);
        const ahead = !found.length && Date.parse(r.issuedAt) > Date.now() + DAY_MS;
        return ahead ? [`records[${i}].issuedAt: more than a day after the receiver's clock`] : found;
      });
      if (reasons.length) {
        stats.rejected += value.records.length;
        return send(res, 400, { error: 'invalid consent records', reasons });
      }
      const seen = new Set();
      const unique = value.records.filter((r) => !records.has(r.id) && !seen.has(r.id) && seen.add(r.id));
      if (unique.length) appendDurably(recordsFile, unique);
      for (const r of unique) records.set(r.id, r);
      stats.accepted += unique.length;
      stats.duplicates += value.records.length - unique.length;
      return send(res, 200, { accepted: unique.length, duplicates: value.records.length - unique.length });
    }
    if (url.pathname === base && req.method === 'GET') {
      const subject = url.searchParams.get('subject');
      if (!subject) return send(res, 400, { error: 'subject is required' });
      const newest = [...records.values()]
        .filter((r) => r.subject === subject)
        .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt))[0];
      return send(res, 200, { record: newest ?? null });
    }
    if (url.pathname === `${base}/records` && req.method === 'GET') {
      return send(res, 200, {
        records: [...records.values()].sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt)),
      });
    }
    if (url.pathname === `${base}/requests` && req.method === 'POST') {
      const text = await readBodyOrRefuse(req, res);
      if (text === null) return;
      const { value, error } = parseJson(text);
      const reasons = error ? [error] : [];
      if (!error) {
        if (!REQUEST_TYPES.includes(value?.type)) reasons.push(`type: must be one of ${REQUEST_TYPES.join(', ')}`);
        if (typeof value?.subject !== 'string' || !value.subject) reasons.push('subject: required');
        if (value?.message !== undefined && (typeof value.message !== 'string' || value.message.length > 5000))
          reasons.push('message: a text of at most 5000 characters');
      }
      if (reasons.length) return send(res, 400, { error: 'invalid request', reasons });
      const entry = {
        type: value.type,
        subject: value.subject,
        message: value.message ?? null,
        receivedAt: new Date().toISOString(),
      };
      appendDurably(requestsFile, [entry]);
      requests.push(entry);
      return send(res, 202, { received: true });
    }
    return send(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      console.error('receiver:', e);
    });
  });
  return {
    server,
    /** The request handler, to mount the receiver inside another node:http server. */
    handle: (req, res) =>
      handle(req, res).catch((e) => {
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
        console.error('receiver:', e);
      }),
    records: () => [...records.values()],
    requests: () => requests.slice(),
    stats: () => ({ ...stats }),
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((ok) => server.listen(port, host, () => ok(`http://${host}:${server.address().port}`))),
    close: () => new Promise((ok) => (server.closeAllConnections?.(), server.close(() => ok()))),
  };
}

// `node demo/receiver.mjs [port]`: a standalone receiver for development.
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? process.env.RECEIVER_PORT ?? 8787);
  if (process.env.RECEIVER_ORIGINS !== undefined)
    console.warn('receiver: RECEIVER_ORIGINS is no longer read; list the allowed origins in CANDOR_ALLOWED_ORIGINS');
  const origins = parseOrigins(process.env.CANDOR_ALLOWED_ORIGINS);
  const receiver = createReceiver({ dir: resolve(process.env.RECEIVER_DIR ?? 'demo/.data'), origins });
  receiver
    .listen(port)
    .then((url) =>
      console.log(
        `Candor sync receiver: ${url}/consent (CORS: same origin${origins.length ? `, ${origins.join(', ')}` : ' only; CANDOR_ALLOWED_ORIGINS adds others'})`,
      ),
    );
}
