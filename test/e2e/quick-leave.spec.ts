/**
 * A first visit's decision survives a page left at once (dom/pending-mark.ts, loader/pending-replay.ts).
 * The visitor's first input is the tap on the banner; the page is left before its engine has arrived
 * (held here, never answered: in the field 0.5 to 1.5 s at 4x CPU throttling). The next page records
 * the decision, dated at the tap, asks nothing, and its gate follows it: proven at the network
 * level. A mark that does not hold (another config, stale, broken) grants nothing and asks again.
 * Another tab whose engine starts while the mark waits neither writes the older decision over it
 * nor reports the cookie it left unvouched for.
 * (A fresh, well-formed mark for this very config is a decision: only this origin's own scripts can
 * write one, and they can decide through window.Candor as well.)
 */
import type { Page, Route } from '@playwright/test';
import { decisionStored } from './a11y';
import { expect, test } from './fixtures';
import { fakeTrackers } from './trackers';

test.use({ hasTouch: true });

const TRACKERS = '/test/e2e/pages/trackers.html';
const BASIC = '/test/e2e/pages/basic.html';
const COPY_KEY = 'candor:v1:cookie';

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });
/** An init script: the page keeps each `candor:error` it hears (`heardErrors`). */
const hearErrors = (): void => {
  const heard: string[] = ((window as unknown as { __errors: string[] }).__errors = []);
  document.addEventListener('candor:error', (e) => void heard.push(JSON.stringify((e as CustomEvent).detail)));
};
const heardErrors = (page: Page) => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
const copy = (page: Page) => page.evaluate((k) => localStorage.getItem(k), COPY_KEY);

/**
 * Holds the first page's engine (its request is never answered: the page is left first); every
 * later page gets it. Resolves the routes held, to abort once the page has gone.
 */
async function holdFirstEngine(page: Page): Promise<Route[]> {
  const held: Route[] = [];
  await page.route('**/dist/candor-engine.mjs', (route) => (held.length ? route.continue() : void held.push(route)));
  return held;
}

/**
 * Taps `button` in the first visit's banner of `from`, runs `check` on that page, then goes to `to`
 * at once; returns when the tap was made (epoch ms).
 */
async function tapAndLeave(
  page: Page,
  origin: string,
  [from, button, to]: [string, string, string],
  check?: () => unknown,
): Promise<number> {
  const held = await holdFirstEngine(page);
  await page.goto(`${origin}${from}`);
  await banner(page).getByRole('button', { name: button }).tap();
  await expect(banner(page)).toBeHidden();
  // Still unrecorded: the engine asked for and held, no cookie; the mark alone holds the decision.
  await expect.poll(() => held.length).toBe(1);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const mark = JSON.parse((await copy(page))!) as [string, unknown, number];
  await check?.();
  await page.goto(`${origin}${to}`);
  await Promise.all(held.map((r) => r.abort().catch(() => {})));
  return mark[2];
}

test('Accept all tapped, the page left at once: the next page records it, dated at the tap, asks nothing, and runs the tags only then', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const log = await fakeTrackers(context);
  const tapped = await tapAndLeave(page, origin, [TRACKERS, 'Accept all', TRACKERS], () =>
    expect(log.requests).toEqual([]),
  );
  await page.evaluate(() => window.Candor!.ready);
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics,marketing'))).toBe(true);
  await decisionStored(page);
  const [record, ...more] = await page.evaluate(() => window.Candor!.records());
  expect(more).toEqual([]);
  expect(record).toMatchObject({ method: 'banner:accept-all', locale: 'en' });
  expect(Date.parse(record!.issuedAt)).toBe(tapped);
  expect(record!.textHash).not.toBe(''); // the texts the banner showed
  await expect(banner(page)).toHaveCount(0);
  // The gate released the tags and the video on the second page, after the replay (none on the first).
  await expect
    .poll(() => log.hosts())
    .toEqual(['connect.facebook.net', 'www.googletagmanager.com', 'www.youtube-nocookie.com']);
  // The record's copy replaced the mark: it vouches for the cookie.
  const cookie = (await context.cookies()).find((c) => c.name === 'candor');
  expect(await copy(page)).toBe(decodeURIComponent(cookie!.value));
  expect(watched.pageErrors).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test('Reject all tapped, the page left at once: the next page records the refusal and sends nothing to a tracker', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const log = await fakeTrackers(context);
  const tapped = await tapAndLeave(page, origin, [TRACKERS, 'Reject all', TRACKERS]);
  await decisionStored(page);
  const records = await page.evaluate(() => window.Candor!.records());
  expect(records.map((r) => [r.method, Date.parse(r.issuedAt)])).toEqual([['banner:reject-all', tapped]]);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  await expect(banner(page)).toHaveCount(0);
  // The launcher stands in for the banner, as after any decision.
  await expect(page.getByRole('button', { name: 'Privacy settings' })).toBeVisible();
  expect(log.requests).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

test('another first-visit tab, open before the tap, leaves the mark to the next page, then follows the decision recorded there', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const other = await context.newPage();
  const asked: string[] = [];
  other.on('request', (r) => void asked.push(new URL(r.url()).pathname));
  await other.goto(`${origin}${TRACKERS}`);
  await expect(banner(other).getByRole('button', { name: 'Accept all' })).toBeVisible();
  expect(asked).not.toContain('/dist/candor-engine.mjs');
  await tapAndLeave(page, origin, [TRACKERS, 'Accept all', TRACKERS], async () => {
    // The mark's storage event started the other tab's engine; its start is over, and the mark is still there.
    await expect.poll(() => asked.includes('/dist/candor-engine.mjs')).toBe(true);
    await other.evaluate(() => window.Candor!.ready);
    expect((await copy(other))?.[0]).toBe('[');
    await expect(banner(other)).toBeVisible();
  });
  await decisionStored(page);
  expect((await page.evaluate(() => window.Candor!.records())).map((r) => r.method)).toEqual(['banner:accept-all']);
  await expect(banner(other)).toBeHidden();
  expect(await other.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

test('a tab opened after the tap, while the tapping tab’s engine is still on its way: it records the tap, dated then, and asks nothing; the tapping tab then records nothing more', async ({
  page,
  context,
  origin,
  watched,
}) => {
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  let requested = false;
  await page.route('**/dist/candor-engine.mjs', async (route) => ((requested = true), await held, route.continue()));
  await page.goto(`${origin}${TRACKERS}`);
  await banner(page).getByRole('button', { name: 'Accept all' }).tap();
  await expect.poll(() => requested).toBe(true); // on its way, not arrived
  const other = await context.newPage();
  await other.goto(`${origin}${TRACKERS}`);
  await decisionStored(other);
  await expect(banner(other)).toHaveCount(0);
  release();
  // records() waits for the tapping tab's decision to be applied (or not): one record, the tap's.
  const records = await page.evaluate(() => window.Candor!.records());
  expect(records.map((r) => r.method)).toEqual(['banner:accept-all']);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

test('a next page under another config asks again and grants nothing: the mark was made for the config the visitor saw', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const log = await fakeTrackers(context);
  // basic.html asks about analytics and marketing with one service; trackers.html has three services.
  await tapAndLeave(page, origin, [BASIC, 'Accept all', TRACKERS]);
  await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  expect(await page.evaluate(() => window.Candor!.records())).toEqual([]);
  await expect.poll(() => copy(page)).toBeNull(); // removed
  expect(log.requests).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

test('a broken, stale, misnamed or foreign mark grants nothing: the banner asks, no tracker is asked for, nothing is thrown', async ({
  page,
  context,
  origin,
  watched,
}) => {
  const log = await fakeTrackers(context);
  await page.goto(`${origin}${BASIC}`); // the origin's storage, before the marks are written
  for (const forged of [
    '[',
    '["acceptAll",{},0,{}]',
    '["constructor",{},1,null]',
    `["acceptAll",{"method":"banner:accept-all"},${Date.now() - 700_000},null]`,
    // Fresh and well formed, for a config that is not this page's.
    `["acceptAll",{"method":"banner:accept-all"},${Date.now() - 1_000},{"policy":{"revision":1}}]`,
  ]) {
    await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [COPY_KEY, forged]);
    await page.goto(`${origin}${TRACKERS}`);
    await expect(banner(page).getByRole('button', { name: 'Accept all' })).toBeVisible();
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
    await expect.poll(() => copy(page)).toBeNull();
  }
  expect(log.requests).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});

test('a tab whose engine starts while a tap elsewhere is unrecorded leaves the tap’s mark (never the older decision over it, nor a storage/corrupt error); the next page records the tap', async ({
  page,
  context,
  origin,
  watched,
}) => {
  // This tab: a first visit whose engine never arrives; its banner stays.
  const held = await holdFirstEngine(page);
  await page.goto(`${origin}${TRACKERS}`);
  await expect(banner(page).getByRole('button', { name: 'Reject all' })).toBeVisible();
  // Another tab accepts, and its decision is recorded: its cookie and copy agree.
  const decided = await context.newPage();
  await decided.goto(`${origin}${TRACKERS}`);
  await banner(decided).getByRole('button', { name: 'Accept all' }).click();
  await decisionStored(decided);
  await decided.close();
  // A third tab, opened then: the cookie answers it, without the engine (until the tap's storage event).
  const third = await context.newPage();
  const asked: string[] = [];
  third.on('request', (r) => void asked.push(new URL(r.url()).pathname));
  await third.addInitScript(hearErrors);
  await third.goto(`${origin}${TRACKERS}`);
  expect(await third.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  expect(asked).not.toContain('/dist/candor-engine.mjs');
  // The tap in the first tab, whose banner was still up: marked, not recorded.
  await banner(page).getByRole('button', { name: 'Reject all' }).tap();
  await expect.poll(() => copy(page).then((v) => v?.[0])).toBe('[');
  const mark = await copy(page);
  // The mark's storage event starts the third tab's engine, which reads what is stored: the accept.
  await expect.poll(() => asked.includes('/dist/candor-engine.mjs')).toBe(true);
  await third.evaluate(() => window.Candor!.ready);
  expect(await copy(third)).toBe(mark); // not written over with the older accept
  // A cookie unlike its copy is reported 1.5 s after it was read (store/browser.ts): an absence, nothing to await.
  await third.waitForTimeout(1_600);
  expect(await heardErrors(third)).toEqual([]);
  // The tapping page goes before its engine came (to a page without Candor); the next page records the tap, dated then.
  await page.goto(`${origin}/test/e2e/pages/blank.html`);
  await Promise.all(held.map((r) => r.abort().catch(() => {})));
  await page.goto(`${origin}${TRACKERS}`);
  await page.evaluate(() => window.Candor!.ready);
  await expect.poll(() => page.evaluate(() => window.Candor!.has('analytics'))).toBe(false);
  const [newest] = await page.evaluate(() => window.Candor!.records());
  expect(newest).toMatchObject({ method: 'banner:reject-all' });
  expect(Date.parse(newest!.issuedAt)).toBe((JSON.parse(mark!) as [string, unknown, number])[2]);
  await expect(banner(page)).toHaveCount(0);
  expect(watched.pageErrors).toEqual([]);
});

test('a mark no page will replay (stale) goes before the engine reads what is stored: the cookie it left unvouched for is vouched for again, and nothing is reported', async ({
  page,
  context,
  origin,
  watched,
}) => {
  await page.goto(`${origin}${TRACKERS}`);
  await banner(page).getByRole('button', { name: 'Accept all' }).click();
  await decisionStored(page);
  // A tap made 11 minutes ago in a tab that was left before its engine came, over that decision's copy.
  const stale = JSON.stringify(['rejectAll', { method: 'banner:reject-all' }, Date.now() - 660_000, null]);
  await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [COPY_KEY, stale]);
  await page.addInitScript(hearErrors);
  await page.goto(`${origin}${TRACKERS}`);
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
  const cookie = (await context.cookies()).find((c) => c.name === 'candor');
  expect(await copy(page)).toBe(decodeURIComponent(cookie!.value));
  // A cookie unlike its copy is reported 1.5 s after it was read (store/browser.ts): an absence, nothing to await.
  await page.waitForTimeout(1_600);
  expect(await heardErrors(page)).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
});
