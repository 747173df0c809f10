/**
 * Sites that navigate without a reload by swapping `<body>` wholesale (Turbo Drive, pjax, htmx's
 * boost, a legacy `document.body.innerHTML = ...`): the script tag's banner, launcher and wall
 * follow the new `<body>`, marked elements in it stay held until a grant, and `[data-candor-open]`
 * in it opens the panel. The page's window (and Candor's loader) stays; only `<body>` is new.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openWall } from './a11y';
import { decide } from './steps';

declare global {
  interface Window {
    __swapped?: number;
    __copy?: Node;
  }
}

type How = 'replaceChild' | 'replaceWith' | 'innerHTML';

/** Swaps in the next page's `<body>` as Turbo Drive (replaceChild, replaceWith) or a legacy site (innerHTML) does. */
const swap = (page: Page, how: How): Promise<void> =>
  page.evaluate((h) => {
    const next =
      '<main><h1>Next page</h1><p><a href="#" data-candor-open id="settings">Privacy settings</a></p>' +
      '<script type="text/plain" data-consent="analytics">window.__swapped=(window.__swapped||0)+1</scr' +
      'ipt><button id="buy">Buy</button></main>';
    if (h === 'innerHTML') return void (document.body.innerHTML = next);
    const body = document.createElement('body');
    body.innerHTML = next;
    if (h === 'replaceWith') document.body.replaceWith(body);
    else document.documentElement.replaceChild(body, document.body);
  }, how);

const banner = (page: Page) => page.getByRole('region', { name: 'Cookies and your privacy' });

/** The first visit's panel, opened from the banner's Customize. */
async function openPanel(page: Page): Promise<Locator> {
  await decide(page, 'Customize');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The panel is shown, as a modal (its focus trap, the page inert behind it). */
async function expectModal(dialog: Locator): Promise<void> {
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d) => (d as HTMLDialogElement).matches(':modal'))).toBe(true);
}

for (const how of ['replaceChild', 'replaceWith', 'innerHTML'] as const) {
  test(`first visit, <body> swapped (${how}): the banner is still there and decides; the new body's tag waits for it`, async ({
    open,
    watched,
  }) => {
    const page = await open('/test/e2e/pages/ui.html');
    await expect(banner(page)).toBeVisible();
    await swap(page, how);
    await expect(page.locator('h1')).toHaveText('Next page');
    await expect(banner(page), 'the banner follows the new <body>').toBeVisible();
    expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
    await decide(page, 'Accept all');
    await expect.poll(() => page.evaluate(() => window.__swapped)).toBe(1);
    await expect(page.getByRole('button', { name: 'Privacy settings' }), 'the launcher').toBeVisible();
    expect(watched.pageErrors).toEqual([]);
  });
}

test("a returning visitor's launcher follows a swapped <body>, and so does the UI's after it mounted", async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/ui.html');
  await decide(page, 'Reject all');
  await page.waitForFunction(() => window.Candor!.records().then((r) => r.length === 1));
  await page.reload();
  const launcher = page.getByRole('button', { name: 'Privacy settings' });
  await expect(launcher, "the loader's stand-in").toBeVisible();
  await swap(page, 'replaceChild');
  await expect(page.locator('h1')).toHaveText('Next page');
  await expect(launcher, 'the stand-in follows the new <body>').toBeVisible();
  await launcher.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // The UI is mounted now: a second swap, and both its launcher and the new page's link open the panel.
  await swap(page, 'replaceWith');
  await expect(page.locator('h1')).toHaveText('Next page');
  await expect(launcher, "the UI's launcher follows the new <body>").toBeVisible();
  await page.locator('#settings').click();
  await expect(dialog, "the new page's [data-candor-open]").toBeVisible();
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

test("a page that removes from <body> what it does not know, at once: Candor's host comes back once per element the page adds, never without end", async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/ui.html');
  await expect(banner(page)).toBeVisible();
  const removed = await page.evaluate(async () => {
    const known = new Set(Array.from(document.body.children).filter((el) => !el.hasAttribute('data-candor-ui')));
    let count = 0;
    // Capped, so that a page caught in the loop still answers (without the cap the tab hung).
    new MutationObserver(() => {
      for (const el of Array.from(document.body.children))
        if (!known.has(el) && count < 100) {
          el.remove();
          count++;
        }
    }).observe(document.body, { childList: true });
    const add = (): Promise<unknown> => {
      const own = document.body.appendChild(document.createElement('div'));
      known.add(own);
      return new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    };
    await add(); // the page removes Candor's host (unknown to it)
    await add(); // the host comes back once, and is removed once
    return count;
  });
  expect(removed).toBe(2);
  expect(watched.pageErrors).toEqual([]);
});

test('the wall keeps the new <body> inert after a swap, and a choice frees it', async ({ page, origin, watched }) => {
  const wall = await openWall(page, origin);
  await swap(page, 'replaceWith');
  await expect(page.locator('h1')).toHaveText('Next page');
  await expect(wall, 'the wall follows the new <body>').toBeVisible();
  const inert = (): Promise<boolean> =>
    page.evaluate(() => document.querySelector('#buy')!.closest('[inert]') !== null);
  await expect.poll(inert, "the new page's content").toBe(true);
  await page.evaluate(() => (document.querySelector('#buy') as HTMLElement).focus());
  expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('buy');
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  await wall.getByRole('button', { name: 'Reject all' }).click();
  await expect(wall).toBeHidden();
  await expect.poll(inert, 'freed after a choice').toBe(false);
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

test("a copy of the page taken while the wall stood (Turbo's cache), put back after the choice, is not left inert", async ({
  page,
  origin,
  watched,
}) => {
  const wall = await openWall(page, origin);
  await page.evaluate(() => {
    window.__copy = document.body.cloneNode(true); // Turbo's snapshot of the page left
  });
  await swap(page, 'replaceWith');
  await wall.getByRole('button', { name: 'Reject all' }).click();
  await expect(wall).toBeHidden();
  await page.evaluate(() => document.body.replaceWith(window.__copy!)); // Back
  const held = (): Promise<number> => page.evaluate(() => document.querySelectorAll('[inert]').length);
  await expect.poll(held, 'nothing of the copy stays inert').toBe(0);
  const link = page.locator('main a[href]').first();
  await link.focus();
  await expect(link).toBeFocused();
  expect(watched.pageErrors).toEqual([]);
});

test("after the choice, the page's own inert on an element the wall once held stays when <html>'s children change", async ({
  page,
  origin,
  watched,
}) => {
  const wall = await openWall(page, origin);
  await wall.getByRole('button', { name: 'Reject all' }).click();
  await expect(wall).toBeHidden();
  const inert = await page.evaluate(async () => {
    const main = document.querySelector('main')!;
    main.inert = true; // the page's own modal holds the rest of the page
    document.documentElement.append(document.createElement('div')); // an extension's node on <html>
    await new Promise((r) => setTimeout(r));
    return main.inert;
  });
  expect(inert).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});

test('a swap while the panel is open leaves the new page usable, and the panel opens again as a modal', async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/ui.html');
  const dialog = await openPanel(page);
  await swap(page, 'replaceChild');
  await expect(page.locator('h1')).toHaveText('Next page');
  // Nothing of the page is inert or locked by a dialog that left it with its old <body>.
  await page.locator('#buy').focus();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('buy');
  await page.locator('#settings').click();
  await expectModal(dialog);
  expect(watched.pageErrors).toEqual([]);
});

test("the panel open while the page removes Candor's host (nothing added after): a link opens nothing and throws nothing, and once the host is back it opens as a modal", async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/ui.html');
  const dialog = await openPanel(page);
  await page.evaluate(() => {
    document.querySelector('[data-candor-ui]')!.remove();
    (document.querySelector('[data-candor-open]') as HTMLElement).click();
  });
  // The panel's open has had its turn (the settled decision's microtask, then Preact's render).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  expect(watched.pageErrors.map(String)).toEqual([]);
  await page.evaluate(() => document.body.append(document.createElement('div'))); // the host follows
  await page.locator('[data-candor-open]').click();
  await expectModal(dialog);
  expect(watched.pageErrors).toEqual([]);
});

test("a single-page app's route (pushState, the main region's innerHTML): its marked tag and frame wait for a grant, a withdrawal reaches them, its link opens the panel", async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/ui.html');
  await page.evaluate(() => {
    history.pushState({}, '', '/route-2');
    document.querySelector('main')!.innerHTML =
      '<h1>Route 2</h1><a href="#" data-candor-open id="route-settings">Cookie settings</a>' +
      '<script type="text/plain" data-consent="analytics">window.__swapped=(window.__swapped||0)+1</scr' +
      'ipt><iframe id="frame" data-consent="marketing" data-src="/test/e2e/pages/embedded.html"></iframe>';
  });
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  expect(await page.locator('#frame').getAttribute('src')).toBeNull();
  await decide(page, 'Accept all');
  await expect.poll(() => page.evaluate(() => window.__swapped)).toBe(1);
  await expect(page.locator('#frame')).toHaveAttribute('src', '/test/e2e/pages/embedded.html');
  await page.locator('#route-settings').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.Candor!.withdraw());
  await expect(page.locator('#frame')).not.toHaveAttribute('src', /./);
  expect(watched.pageErrors).toEqual([]);
});

test('a loader tag at the end of <body> with defer, removed, and run again with the next <body> (as Turbo runs body scripts): one banner, one UI', async ({
  page,
  origin,
  watched,
}) => {
  const tag = '<script src="/dist/candor.js" data-config="#candor-config"></script>';
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    const html = (await (await route.fetch()).text()).replace(tag, '');
    const body = html.replace('</body>', `${tag.replace('<script ', '<script defer id="loader" ')}</body>`);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`);
  await expect(banner(page)).toBeVisible();
  await page.evaluate(() => {
    document.getElementById('loader')!.remove();
    const body = document.createElement('body');
    body.innerHTML = '<main><h1>Next page</h1><a href="#" data-candor-open id="settings">Privacy settings</a></main>';
    const again = document.createElement('script');
    again.src = '/dist/candor.js';
    again.setAttribute('data-config', '#candor-config');
    const ran = new Promise((r) => again.addEventListener('load', r));
    body.append(again);
    document.body.replaceWith(body);
    return ran;
  });
  await expect(banner(page)).toBeVisible();
  await expect(page.locator('[data-candor-ui]')).toHaveCount(1);
  await page.locator('#settings').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(watched.pageErrors).toEqual([]);
});

/**
 * Turbo Drive caches a copy of the page it leaves (`body.cloneNode(true)`) and shows it again on
 * Back, re-creating each of its scripts (Turbo's `activateScriptElement`: a new `<script>` with the
 * old one's attributes and text) unless it has `data-turbo-eval="false"`. A tag that ran with
 * consent is in that copy as a script that runs: after a withdrawal, Back ran it again (a known
 * limit, docs/recipes.md; a script inserted by the page runs before any observer hears of it).
 * With `data-turbo-eval="false"` on the marked tag (kept on the tag Candor runs), it does not.
 */
for (const turboEval of [null, 'false'] as const) {
  test(`a withdrawn tag and Turbo's restored snapshot: ${turboEval ? 'data-turbo-eval="false" keeps it from running again' : 'without data-turbo-eval, it runs again (the documented limit)'}`, async ({
    open,
    watched,
  }) => {
    const page = await open('/test/e2e/pages/ui.html');
    await page.evaluate((e) => {
      const tag = document.createElement('script');
      tag.type = 'text/plain';
      tag.setAttribute('data-consent', 'analytics');
      if (e) tag.setAttribute('data-turbo-eval', e);
      tag.text = 'window.__swapped=(window.__swapped||0)+1';
      document.querySelector('main')!.append(tag);
    }, turboEval);
    await decide(page, 'Accept all');
    await expect.poll(() => page.evaluate(() => window.__swapped)).toBe(1);
    const after = await page.evaluate(async () => {
      const cached = document.body.cloneNode(true) as HTMLElement; // Turbo's snapshot of the page left
      const next = document.createElement('body');
      next.innerHTML = '<main><h1>Next page</h1></main>';
      document.body.replaceWith(next);
      await window.Candor!.withdraw();
      document.body.replaceWith(cached); // Back: the snapshot, its scripts activated as Turbo does
      for (const old of cached.querySelectorAll('script')) {
        if (old.getAttribute('data-turbo-eval') === 'false') continue;
        const made = document.createElement('script');
        made.textContent = old.textContent;
        for (const a of old.attributes) made.setAttribute(a.name, a.value);
        old.replaceWith(made);
      }
      return { ran: window.__swapped, granted: window.Candor!.has('analytics') };
    });
    expect(after).toEqual({ ran: turboEval ? 1 : 2, granted: false });
    expect(watched.pageErrors).toEqual([]);
  });
}

test("a withdrawn frame in Turbo's restored snapshot: it loads once more, then Candor unloads it (the documented limit)", async ({
  open,
  watched,
}) => {
  const page = await open('/test/e2e/pages/ui.html');
  await page.evaluate(() =>
    document
      .querySelector('main')!
      .insertAdjacentHTML(
        'beforeend',
        '<iframe id="frame" data-consent="marketing" data-src="/test/e2e/pages/embedded.html?cached"></iframe>',
      ),
  );
  await decide(page, 'Accept all');
  await expect(page.locator('#frame')).toHaveAttribute('src', /embedded/);
  const loads = (): number => watched.requests.filter((u) => u.endsWith('embedded.html?cached')).length;
  expect(loads()).toBe(1);
  await page.evaluate(async () => {
    const cached = document.body.cloneNode(true) as HTMLElement; // Turbo's snapshot of the page left
    const next = document.createElement('body');
    next.innerHTML = '<main><h1>Next page</h1></main>';
    document.body.replaceWith(next);
    await window.Candor!.withdraw();
    document.body.replaceWith(cached); // Back
  });
  // The frame's request starts as the copy is inserted, before any observer hears of it.
  await expect(page.locator('#frame')).not.toHaveAttribute('src', /./);
  await expect.poll(loads).toBe(2);
  expect(watched.pageErrors).toEqual([]);
});
