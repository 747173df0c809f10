/**
 * The banner counts of `sync.analytics` in real Chromium, through the script tag: an endpoint on
 * another port (so CORS and cookies are real) records every request it gets, headers and body.
 * An impression post carries no identifier (no subject, no record id, no cookie, none of the
 * site's headers, no referrer, only the contract's keys), while the same page's record post
 * carries the cookie and the header; shown and answered arrive once each for Accept all, Reject
 * all and a page view left unanswered (sent as the page goes); nothing is counted without
 * `sync.analytics`; and candor/server (the built dist/server.mjs) turns them into aggregates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { ImpressionCount } from '../../src/core/impressions';
import type { ConsentRecord } from '../../src/core/record';
import { expect, test as base } from './fixtures';
import type * as ServerEntry from '../../src/entries/server';

/** One request as the endpoint received it. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An endpoint that answers CORS for the page's origin (with credentials) and records every request. */
interface Recorder {
  readonly url: string;
  readonly seen: Seen[];
  /** The impression posts' bodies. */
  impressions(): Seen[];
  /** The records posted to the records route. */
  records(): ConsentRecord[];
}

const test = base.extend<{ endpoint: Recorder }>({
  endpoint: async ({ origin }, use) => {
    const seen: Seen[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const cors = {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          vary: 'Origin',
        };
        if (req.method === 'OPTIONS') {
          res.writeHead(204, {
            ...cors,
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': 'content-type, x-site-token',
          });
        } else
          res.writeHead(req.url?.endsWith('/impressions') ? 202 : 200, { ...cors, 'content-type': 'application/json' });
        res.end(req.method === 'OPTIONS' ? undefined : '{}');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as { port: number };
    const posts = (path: string) => seen.filter((s) => s.method === 'POST' && s.path === path);
    await use({
      url: `http://127.0.0.1:${port}/api/consent`,
      seen,
      impressions: () => posts('/api/consent/impressions'),
      records: () => posts('/api/consent').flatMap((s) => (JSON.parse(s.body) as { records: ConsentRecord[] }).records),
    });
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  },
});

const PAGE = '/test/e2e/pages/banner-counts.html';
const REVISION = 2;

/**
 * The site's config: counts with `analytics`; records by default with credentials and a header of
 * the site's (the recording endpoint allows both), so that the counts' omission of them shows.
 */
async function prepare(
  context: BrowserContext,
  origin: string,
  endpoint: string,
  analytics: boolean,
  records: object = { credentials: 'include', headers: { 'x-site-token': 'site-secret' } },
): Promise<void> {
  const config = {
    policy: { revision: REVISION, contact: 'privacy@example.com' },
    purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
    sync: { endpoint, analytics, ...records },
  };
  await context.addInitScript((c) => ((window as { candorConfig?: unknown }).candorConfig = c), config);
  // A cookie of the site's on the endpoint's host: a request with credentials would carry it.
  await context.addCookies([{ name: 'visitor', value: 'v-123', url: origin }]);
}

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });
/** The counts this browser keeps (IndexedDB, once the engine created it) and those it handed over (localStorage). */
const keptIn = (page: Page) =>
  page.evaluate(async () => {
    await window.Candor!.ready;
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('candor');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const kept = await new Promise<unknown>((ok) => {
      const r = db.transaction('kv').objectStore('kv').get('impressions:v1');
      r.onsuccess = () => ok(r.result ?? []);
    });
    db.close();
    return { kept, handed: JSON.parse(localStorage.getItem('candor:v1:impressions-sent') ?? '[]') as unknown };
  });

/** Every count the endpoint got, summed per locale; each post checked against the contract and for identifiers. */
function totals(endpoint: Recorder, secrets: readonly string[] = []): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const post of endpoint.impressions()) {
    expect(post.headers['cookie']).toBeUndefined();
    expect(post.headers['x-site-token']).toBeUndefined();
    expect(post.headers['authorization']).toBeUndefined();
    expect(post.headers['referer']).toBeUndefined();
    for (const secret of secrets) expect(post.body).not.toContain(secret);
    const body = JSON.parse(post.body) as { impressions: ImpressionCount[] };
    expect(Object.keys(body)).toEqual(['impressions']);
    for (const c of body.impressions) {
      expect(Object.keys(c).sort()).toEqual(['answered', 'day', 'locale', 'policyRevision', 'shown']);
      expect(c.policyRevision).toBe(REVISION);
      expect([0, 1].map((d) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10))).toContain(c.day);
      const t = (out[c.locale] ??= [0, 0]);
      t[0] += c.shown;
      t[1] += c.answered;
    }
  }
  return out;
}

for (const [button, granted] of [
  ['Accept all', true],
  ['Reject all', false],
] as const) {
  test(`${button} on a first visit's banner: one shown, one answered, and the post carries no identifier`, async ({
    context,
    page,
    origin,
    endpoint,
  }) => {
    await prepare(context, origin, endpoint.url, true);
    await page.goto(`${origin}${PAGE}`);
    await banner(page).getByRole('button', { name: button }).click();
    await expect.poll(() => endpoint.records().length).toBe(1);
    await expect.poll(() => totals(endpoint)).toEqual({ en: [1, 1] });
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(granted);
    // The record's post carries the site's cookie and header (credentials: include), the counts' none of them.
    const recordPost = endpoint.seen.find((s) => s.method === 'POST' && s.path === '/api/consent')!;
    expect(recordPost.headers['cookie']).toContain('visitor=v-123');
    expect(recordPost.headers['x-site-token']).toBe('site-secret');
    const [record] = endpoint.records();
    const secrets = [record!.id, record!.subject, 'v-123', 'site-secret'];
    expect(totals(endpoint, secrets)).toEqual({ en: [1, 1] });
    // The preflight of the counts asks for no header of the site's either.
    for (const pre of endpoint.seen.filter((s) => s.method === 'OPTIONS' && s.path.endsWith('/impressions')))
      expect(pre.headers['access-control-request-headers']).toBe('content-type');
    // Nothing is left to send, and the next page view sends nothing again.
    await expect.poll(() => keptIn(page)).toEqual({ kept: [], handed: [] });
    await page.reload();
    await expect.poll(() => keptIn(page)).toEqual({ kept: [], handed: [] });
    expect(totals(endpoint)).toEqual({ en: [1, 1] });
  });
}

test('a page view left unanswered is sent as the page goes, once; the next page view’s answer adds to it', async ({
  context,
  page,
  origin,
  endpoint,
}) => {
  await prepare(context, origin, endpoint.url, true);
  await page.goto(`${origin}${PAGE}`);
  await expect(banner(page)).toBeVisible();
  await expect.poll(async () => (await keptIn(page)).kept).toEqual([expect.objectContaining({ shown: 1 })]);
  await page.goto(`${origin}${PAGE}?next`); // pagehide: the first page view hands its count over
  await expect.poll(() => totals(endpoint)).toEqual({ en: [1, 0] });
  await expect(banner(page)).toBeVisible(); // still no decision: asked again
  await banner(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => totals(endpoint)).toEqual({ en: [2, 1] });
  await expect.poll(() => endpoint.records().length).toBe(1);
  await expect.poll(() => keptIn(page)).toEqual({ kept: [], handed: [] });
  expect(totals(endpoint, [endpoint.records()[0]!.subject])).toEqual({ en: [2, 1] });
  // A page view without a banner (decided) counts nothing, and leaves nothing to send.
  await page.reload();
  await expect(banner(page)).toBeHidden();
  await expect.poll(() => keptIn(page)).toEqual({ kept: [], handed: [] });
  await page.goto(`${origin}${PAGE}?last`);
  await expect.poll(() => keptIn(page)).toEqual({ kept: [], handed: [] });
  expect(totals(endpoint)).toEqual({ en: [2, 1] });
});

test('without sync.analytics nothing is counted, loaded or sent', async ({ context, page, origin, endpoint }) => {
  await prepare(context, origin, endpoint.url, false);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${origin}${PAGE}`);
  await expect(banner(page)).toBeVisible();
  await page.evaluate(() => window.Candor!.ready);
  await page.goto(`${origin}${PAGE}?next`);
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => endpoint.records().length).toBe(1);
  await page.goto(`${origin}${PAGE}?last`);
  await page.evaluate(() => window.Candor!.ready);
  expect(endpoint.seen.filter((s) => s.path.endsWith('/impressions'))).toEqual([]);
  expect(requested.filter((u) => /impressions/.test(u))).toEqual([]);
  expect((await keptIn(page)).kept).toEqual([]);
});

test('candor/server keeps the counts as aggregates: shown and answered per day, revision and locale', async ({
  context,
  page,
  origin,
}) => {
  test.setTimeout(120_000); // a new embedded database takes seconds to create on a busy machine
  const dir = mkdtempSync(join(tmpdir(), 'candor-impressions-'));
  // The built candor/server, as an npm user gets it (the build runs before the browser tests; the
  // type check runs before the build, so the types come from its source).
  const built = '../../dist/server.mjs';
  const { createConsentServer, listen } = (await import(built)) as typeof ServerEntry;
  const token = 'e2e-admin-token-0123456789abcdefghijklmnopqrstuvwxyz';
  const consent = createConsentServer({
    dataDir: join(dir, 'db'),
    origins: [origin],
    admin: { token },
    rateLimit: false,
  });
  const server = await listen(consent, { port: 0 });
  try {
    await prepare(context, origin, `${server.url}/api/consent`, true, {});
    await page.goto(`${origin}${PAGE}`);
    await expect(banner(page)).toBeVisible();
    await expect.poll(async () => (await keptIn(page)).kept).toEqual([expect.objectContaining({ shown: 1 })]);
    await page.goto(`${origin}${PAGE}?next`);
    await banner(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => keptIn(page)).toEqual({ kept: [], handed: [] });
    const stats = async () => {
      const res = await fetch(`${server.url}/candor-admin/api/stats`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await res.json()) as {
        impressions: ImpressionCount[];
        decisions: { method: string; count: number }[];
      };
    };
    await expect
      .poll(async () => (await stats()).impressions.map(({ locale, shown, answered }) => [locale, shown, answered]))
      .toEqual([['en', 2, 1]]);
    expect((await stats()).impressions[0]!.policyRevision).toBe(REVISION);
    // The decision itself is counted apart, from its record (once it has arrived).
    await expect
      .poll(async () => (await stats()).decisions.map(({ method, count }) => [method, count]))
      .toEqual([['banner:accept-all', 1]]);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
