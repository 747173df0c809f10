/**
 * The site-owner page on the demo (`npm start`, one server for this file, a new embedded database,
 * the admin token from CANDOR_ADMIN_TOKEN), used as a site owner would, after visitors decided in
 * the demo: the charts and the search show their decisions; one visitor's access export, erasure and
 * chain check; a purge of records past retention (made through the consent endpoint with an old
 * clock: the SDK's own records, dated 400 and 200 days ago); the request inbox with a request sent
 * from the demo's privacy dashboard; a wrong token; keyboard only. axe after each state, with a
 * screenshot attached to the report.
 *
 * The tests run in order on one server (mode 'default'): the first counts every decision there is.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import type { ConsentConfigInput } from '../../src/core/config-types';
import type { ConsentRecord } from '../../src/core/record';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { announcedIn, axe, tabTo } from './a11y';
import { expect, test as base } from './fixtures';
import { decide } from './steps';

const TOKEN = randomBytes(32).toString('base64url');

const test = base.extend<Record<never, never>, { demo: string }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'candor-admin-'));
      const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
        env: { ...process.env, PORT: '0', RECEIVER_DIR: dir, CANDOR_ADMIN_TOKEN: TOKEN },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Site-owner page:') && out.endsWith('\n'))
            resolve(/http:\/\/127\.0\.0\.1:\d+/.exec(out)![0]);
        });
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
      });
      // The token came from the environment: npm start names it and never prints it.
      expect(out).toContain(`Site-owner page: ${url}/candor-admin/ (sign in with the token in CANDOR_ADMIN_TOKEN)`);
      expect(out).not.toContain(TOKEN);
      await use(url);
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});
test.describe.configure({ mode: 'default' });

/** A visitor in a browser of their own: opens the demo, acts, and waits until the server holds their newest record. */
async function visitor(browser: Browser, demo: string, act: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo}/`);
  await act(page);
  const newest = async () => (await page.evaluate(() => window.Candor!.records()))[0];
  await expect.poll(async () => (await newest())?.id).toBeTruthy();
  const records = await page.evaluate(() => window.Candor!.records());
  const subject = records[0]!.subject;
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${demo}/api/consent?subject=${subject}`)).json()) as { record?: { id: string } }).record
          ?.id,
    )
    .toBe(records[0]!.id);
  return { subject, ids: records.map((r) => r.id), page, close: () => context.close() };
}

/** The page, signed in through its form (the token lives in the page's memory only; the form is tested below). */
async function openAdmin(page: Page, demo: string): Promise<void> {
  await page.goto(`${demo}/candor-admin/`);
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Signed in.' })).toBeVisible();
}
const admin = async (demo: string, path: string): Promise<unknown> =>
  (await fetch(`${demo}/candor-admin/api/${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();

/** A table's rows as the texts of their cells. */
const rows = async (table: Locator): Promise<string[][]> =>
  table.locator('tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));

/** The JSON file the page offers after `click`. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<Record<string, unknown>> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>;
}

test('decisions made in the demo appear in the charts, the latest decisions and the search; axe in light, dark, forced colours and at 320 px', async ({
  page,
  browser,
  demo,
}, info) => {
  test.slow();
  const accepted = await visitor(browser, demo, (p) => decide(p, 'Accept all'));
  const rejected = await visitor(browser, demo, (p) => decide(p, 'Reject all'));
  const custom = await visitor(browser, demo, async (p) => {
    await decide(p, 'Customize');
    await p.getByRole('dialog').getByRole('switch', { name: 'Statistics' }).click();
    await p.getByRole('dialog').getByRole('button', { name: 'Save choices' }).click();
  });
  for (const v of [accepted, rejected, custom]) await v.close();

  await openAdmin(page, demo);
  await expect(page.locator('.totals')).toContainText('Decisions3');
  const purposes = page.getByRole('table', { name: 'Opt-in rate by purpose' });
  expect(await rows(purposes)).toEqual(
    expect.arrayContaining([
      ['analytics', '67%', '2', '3'],
      ['marketing', '33%', '1', '3'],
    ]),
  );
  expect((await rows(page.getByRole('table', { name: 'Decisions by method' }))).slice(1)).toEqual([
    ['Accept all (banner)', '1', '33%'],
    ['Reject all (banner)', '1', '33%'],
    ['Custom choice (saved in the panel)', '1', '33%'],
  ]);
  const chart = page.getByRole('img', { name: 'Opt-in rate per day, by purpose' });
  await expect(chart).toBeVisible();
  await expect(page.locator(`#${await chart.getAttribute('aria-describedby')}`)).toContainText(
    'analytics 67% (2 of 3)',
  );
  await page.getByText('Table: Opt-in rate per day, by purpose').click();
  const today = new Date().toISOString().slice(0, 10);
  await expect(
    page.getByRole('table', { name: 'Opt-in rate per day, by purpose' }).getByRole('row', { name: today }),
  ).toContainText('67% (2 of 3)');
  const latest = page.getByRole('table', { name: 'The latest decisions' });
  for (const v of [accepted, rejected, custom])
    await expect(latest.getByRole('button', { name: `Open visitor ${v.subject}` })).toBeVisible();
  await axe(page, info, 'dashboard, light');

  await page.getByLabel('Method', { exact: true }).selectOption({ label: 'Custom choice (saved in the panel)' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.locator('#search-status')).toHaveText('Page 1: 1 record.');
  const found = page.getByRole('table', { name: 'Records found, page 1' });
  await expect(found.getByRole('button', { name: `Open visitor ${custom.subject}` })).toBeVisible();
  await expect(found.getByRole('cell', { name: 'analytics, necessary', exact: true })).toBeVisible();
  await page.getByLabel('Method', { exact: true }).selectOption({ label: 'Any' });
  await page.locator('#search-subject').fill(accepted.subject);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.locator('#search-status')).toHaveText('Page 1: 1 record.');
  await expect(found).toContainText('Accept all (banner)');

  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, info, 'dashboard, dark');
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
  await axe(page, info, 'dashboard, forced colours');
  await page.emulateMedia({ forcedColors: 'none' });
  await page.setViewportSize({ width: 320, height: 720 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await axe(page, info, 'dashboard, 320 px');
});

test('one visitor: the access export holds exactly their records; an erasure removes the personal parts, the chain still verifies, and a later export says so', async ({
  page,
  browser,
  demo,
}, info) => {
  const v = await visitor(browser, demo, async (p) => {
    await decide(p, 'Accept all');
    await p.evaluate(() => window.Candor!.rejectAll());
  });
  await v.close();
  expect(v.ids).toHaveLength(2);

  await openAdmin(page, demo);
  await page.locator('#search-subject').fill(v.subject);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.locator('#search-status')).toHaveText('Page 1: 2 records.');
  await page
    .getByRole('table', { name: 'Records found, page 1' })
    .getByRole('button', { name: `Open visitor ${v.subject}` })
    .first()
    .click();
  await expect(page.locator('#subject-title')).toBeFocused();
  const status = page.locator('#subject-status');
  await expect(status).toHaveText('The hash chain of 2 records is verified: nothing was removed or changed.');

  const access = await downloaded(page, () => page.getByRole('button', { name: 'Download the access export' }).click());
  await expect(status).toHaveText(/^Downloaded the access export: 2 records, 0 requests\.$/);
  const exported = access['records'] as { record: ConsentRecord }[];
  expect(access['subject']).toBe(v.subject);
  expect(exported.map((r) => r.record.id).sort()).toEqual([...v.ids].sort());
  expect(exported.every((r) => r.record.subject === v.subject)).toBe(true);
  expect(access['erasures']).toEqual([]);
  await info.attach('export.png', { body: await page.screenshot(), contentType: 'image/png' });

  await page.getByRole('button', { name: 'Erase personal data…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase this visitor’s personal data?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await axe(page, info, 'erasure confirmation');
  await dialog.getByRole('button', { name: 'Erase' }).click();
  await expect(status).toHaveText(/^Erased the personal data of 2 records on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
  await expect(dialog).toBeHidden();

  // The records stay (ids, hashes, decisions) without the subject or the preferences.
  const stored = (await admin(demo, 'records?limit=500')) as { records: { record: ConsentRecord; erased: boolean }[] };
  const mine = stored.records.filter((r) => v.ids.includes(r.record.id));
  expect(mine).toHaveLength(2);
  expect(
    mine.every((r) => r.erased && r.record.subject !== v.subject && Object.keys(r.record.preferences).length === 0),
  ).toBe(true);
  const erasedAs = mine[0]!.record.subject;
  await expect(page.getByRole('table', { name: 'The latest decisions' })).toContainText(`Erased ${erasedAs}`);

  // The chain of the erased records still verifies.
  await page.locator('#subject-id').fill(erasedAs);
  await page.getByRole('button', { name: 'Check the hash chain' }).click();
  await expect(status).toHaveText('The hash chain of 2 records is verified: nothing was removed or changed.');

  await page.locator('#subject-id').fill(v.subject);
  const later = await downloaded(page, () => page.getByRole('button', { name: 'Download the access export' }).click());
  expect(JSON.stringify(later['records'])).not.toContain(v.subject);
  expect(later['erasures']).toEqual([expect.objectContaining({ records: 2 })]);
  await expect(page.locator('#subject-body')).toContainText(
    /^This visitor’s personal data was erased on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(2 records\)\./,
  );
  await axe(page, info, 'after the erasure');
});

test('a purge removes the records past retention (30 days after expiry in the demo) and nothing else', async ({
  page,
  demo,
}, info) => {
  // The SDK's own records, made with a clock set back: one decision 400 days ago (expired 218 days
  // ago: past retention), the next 200 days ago (expired 18 days ago: kept).
  const DAY = 86_400_000;
  let now = Date.now() - 400 * DAY;
  const config = JSON.parse(readFileSync('demo/candor-config.json', 'utf8')) as ConsentConfigInput;
  delete (config as { sync?: unknown }).sync; // nothing sent from here but the one batch below
  const consent = createConsent(config, { now: () => now, storage: createMemoryStorage() });
  await consent.ready;
  await consent.acceptAll();
  now = Date.now() - 200 * DAY;
  await consent.rejectAll();
  const [kept, old] = await consent.records();
  consent.destroy();
  const posted = await fetch(`${demo}/api/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ records: [old, kept] }),
  });
  expect(posted.status).toBe(200);
  const before = (await admin(demo, 'records?limit=500')) as { records: { record: ConsentRecord }[] };
  const ids = before.records.map((r) => r.record.id);
  expect(ids).toEqual(expect.arrayContaining([old!.id, kept!.id]));

  await openAdmin(page, demo);
  await expect(page.getByRole('region', { name: 'Retention' })).toBeVisible();
  await page.getByRole('button', { name: 'Purge now…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Purge' }).click();
  await expect(page.locator('#retention-status')).toHaveText('Purged 1 record past retention (30 days after expiry).');
  await axe(page, info, 'after the purge');

  const after = (await admin(demo, 'records?limit=500')) as { records: { record: ConsentRecord }[] };
  expect(after.records.map((r) => r.record.id)).toEqual(ids.filter((id) => id !== old!.id));
  await page.locator('#subject-id').fill(kept!.subject);
  await page.getByRole('button', { name: 'Check the hash chain' }).click();
  await expect(page.locator('#subject-status')).toHaveText(
    'The hash chain of 1 record is verified: nothing was removed or changed.',
  );
});

test('keyboard only: a wrong token is refused, then sign-in, a search, and closing a request a visitor sent from the demo’s dashboard', async ({
  page,
  browser,
  demo,
}, info) => {
  test.slow(); // a visitor's page, then the whole admin page by keyboard: over 30 s twice on a busy 2-core machine
  const v = await visitor(browser, demo, async (p) => {
    await decide(p, 'Reject all');
    await p.getByRole('button', { name: 'Privacy settings' }).click();
    const panel = p.getByRole('dialog', { name: 'Privacy settings' });
    await panel.getByRole('tab', { name: 'Your data and history' }).click();
    await panel.getByRole('button', { name: 'Delete my data' }).click();
    await expect(panel.getByText('Your request was sent.')).toBeVisible();
  });
  await v.close();

  await page.goto(`${demo}/candor-admin/`);
  const token = page.getByLabel('Admin token');
  await expect(token).toBeFocused();
  await axe(page, info, 'sign-in');
  await page.keyboard.type('not-the-token-'.repeat(3));
  await page.keyboard.press('Enter');
  await expect(page.locator('#sign-in-status')).toHaveText(
    'That token was refused. Enter the admin token set on the server (CANDOR_ADMIN_TOKEN) and try again.',
  );
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(token).toBeFocused();
  expect(await announcedIn(page, (await page.locator('#sign-in-status').textContent())!)).toBe('page');
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await axe(page, info, 'sign-in, token refused');

  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(TOKEN);
  await page.keyboard.press('Enter');
  await expect(page.locator('#overview-title')).toBeFocused();
  await expect(page.locator('#page-status')).toHaveText('Signed in.');

  const subject = page.locator('#search-subject');
  await tabTo(page, subject);
  expect(await subject.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid'); // visible focus
  await page.keyboard.type(v.subject);
  await page.keyboard.press('Enter');
  await expect(page.locator('#search-status')).toHaveText('Page 1: 1 record.');

  const inbox = page.locator('#inbox-list');
  const request = inbox.getByRole('listitem').filter({ hasText: v.subject });
  await expect(request.getByRole('heading')).toHaveText(/^Request \d+: Deletion$/);
  const id = /\d+/.exec((await request.getByRole('heading').textContent())!)![0];
  await tabTo(page, request.getByLabel(`Note on request ${id} (optional: what you did)`));
  await page.keyboard.type('Erased on request.');
  await page.keyboard.press('Tab');
  await expect(request.getByRole('button', { name: `Close request ${id}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#inbox-status')).toHaveText(
    new RegExp(`^Request ${id} closed on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.$`),
  );
  await expect(page.locator('#inbox-title')).toBeFocused();
  expect(await announcedIn(page, (await page.locator('#inbox-status').textContent())!)).toBe('page');
  await expect(inbox.getByText(v.subject)).toHaveCount(0);
  await axe(page, info, 'request closed');
  await page.getByLabel('Show', { exact: true }).selectOption('closed');
  await page.getByRole('button', { name: 'Show requests' }).click();
  await expect(inbox.getByRole('listitem').filter({ hasText: v.subject })).toContainText(': Erased on request.');
});

test('the token is kept in the page only: the shop on the same origin finds it nowhere after the owner leaves, and coming back asks again', async ({
  page,
  demo,
}) => {
  await openAdmin(page, demo);
  await page.goto(`${demo}/`); // the shop, in the same tab: its scripts run on the admin page's origin
  const readable = await page.evaluate(() =>
    JSON.stringify([{ ...sessionStorage }, { ...localStorage }, document.cookie]),
  );
  expect(readable).not.toContain(TOKEN);
  await page.goto(`${demo}/candor-admin/`);
  await expect(page.getByLabel('Admin token')).toBeFocused();
  await expect(page.locator('#dashboard')).toBeHidden();
});

test('before or without its script, the sign-in form sends the token nowhere: not in the address, the history or a request', async ({
  page,
  demo,
}) => {
  await page.route('**/candor-admin/admin.js', (route) => route.abort()); // a slow network, a pageDir without it
  await page.goto(`${demo}/candor-admin/`);
  const sent: string[] = [];
  page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  const submitted = page.waitForRequest((r) => r.isNavigationRequest());
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByLabel('Admin token').press('Enter'); // the browser's own submission: nothing prevents it
  const request = await submitted;
  expect([request.method(), request.url(), request.postData() ?? '']).toEqual(['POST', `${demo}/candor-admin/`, '']);
  await page.waitForLoadState();
  expect(page.url()).not.toContain(TOKEN);
  expect(sent.join('\n')).not.toContain(TOKEN);
});

test('the request inbox shows a page at a time (anyone can fill it): Show more requests adds the next page, from the keyboard', async ({
  page,
  demo,
}, info) => {
  // The server's pages (docs/server.md, `GET api/requests`), made here: a flood of real requests would stay in the demo's database.
  const request = (id: number) => ({
    id,
    type: 'access',
    subject: `visitor-${id}`,
    message: null,
    receivedAt: '2026-11-30T10:00:00.000Z',
    closedAt: null,
    closeNote: null,
  });
  const asked: string[] = [];
  await page.route('**/candor-admin/api/requests?*', (route) => {
    const url = new URL(route.request().url());
    asked.push(url.search);
    const first = url.searchParams.get('after') === null;
    return route.fulfill({
      json: first ? { requests: [request(1), request(2)], next: 2 } : { requests: [request(3)], next: null },
    });
  });
  await openAdmin(page, demo);
  const inbox = page.locator('#inbox-list');
  const status = page.locator('#inbox-status');
  await expect(status).toHaveText('2 open requests shown, more to show.');
  const more = page.getByRole('button', { name: 'Show more requests' });
  await tabTo(page, more);
  await axe(page, info, 'inbox, first page');
  await page.keyboard.press('Enter');
  await expect(inbox.getByRole('heading')).toHaveText([/^Request 1: /, /^Request 2: /, /^Request 3: /]);
  await expect(status).toHaveText('3 open requests.');
  await expect(more).toBeHidden();
  await expect(page.locator('#inbox-title')).toBeFocused(); // not lost with the button
  expect(asked).toEqual(['?status=open', '?status=open&after=2']);
  // Showing the requests again starts from the first page.
  await page.getByRole('button', { name: 'Show requests' }).click();
  await expect(inbox.getByRole('listitem')).toHaveCount(2);
  await expect(more).toBeVisible();
});

test('long values wrap (a purpose name anyone can post, an identified visitor’s id, a language): each row’s visitor is in view without scrolling, at 1280 px and, in the first column, at 320 px', async ({
  page,
  demo,
}, info) => {
  // A record as the SDK makes it, with a purpose name of 400 characters and a language of 35 (the
  // most a record may have), posted to the public endpoint as anyone could.
  const consent = createConsent(JSON.parse(readFileSync('demo/candor-config.json', 'utf8')) as ConsentConfigInput, {
    storage: createMemoryStorage(),
  });
  await consent.ready;
  await consent.acceptAll();
  const [made] = await consent.records();
  consent.destroy();
  const record = {
    ...made!,
    locale: 'x'.repeat(35),
    purposes: { ...made!.purposes, [`purpose-${'p'.repeat(392)}`]: true },
  };
  const posted = await fetch(`${demo}/api/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ records: [record] }),
  });
  expect(posted.status).toBe(200);
  // An identified visitor's id of 256 characters (the most; identify() on a site whose authorize
  // hook lets it through, which the demo has not): the search's answer gets a copy of the record with it.
  const long = `user-${'u'.repeat(251)}`;
  await page.route('**/candor-admin/api/records?*subject=*', async (route) => {
    const answer = (await (await route.fetch()).json()) as { records: { record: ConsentRecord }[] };
    const [found] = answer.records;
    return route.fulfill({
      json: { ...answer, records: [...answer.records, { ...found, record: { ...found!.record, subject: long } }] },
    });
  });

  await openAdmin(page, demo);
  await page.locator('#search-subject').fill(made!.subject);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.locator('#search-status')).toHaveText('Page 1: 2 records.');
  const found = page.getByRole('region', { name: 'Records found, page 1' });
  await expect(found.getByRole('button', { name: `Open visitor ${long}` })).toBeVisible();
  const tables = [page.getByRole('region', { name: 'The latest decisions' }), found];
  await expect(tables[0]!).toContainText(record.locale);
  /** Per table: whether its box scrolls sideways, and in how many rows the visitor (its button, or an erased one's id) is not all in view. */
  const outOfView = () =>
    Promise.all(
      tables.map((box) =>
        box.evaluate((el) => {
          const { left, right } = el.getBoundingClientRect();
          const cut = [...el.querySelectorAll('tbody tr')].filter((tr) => {
            const b = tr.querySelector('td > button, td > span')!.getBoundingClientRect();
            return b.left < left - 0.5 || b.right > right + 0.5;
          });
          return { scrolls: el.scrollWidth > el.clientWidth, cut: cut.length };
        }),
      ),
    );
  // At 1280 px the tables fit; at 320 px (288 for the table) no table of five columns fits, even of
  // short values: the visitor comes first, in view, and the box scrolls for the others.
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await outOfView()).toEqual([
    { scrolls: false, cut: 0 },
    { scrolls: false, cut: 0 },
  ]);
  await axe(page, info, 'long values, 1280 px');
  await page.setViewportSize({ width: 320, height: 720 });
  expect((await outOfView()).map((t) => t.cut)).toEqual([0, 0]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await axe(page, info, 'long values, 320 px');
});
