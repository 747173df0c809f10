/**
 * Sites that navigate without a reload by swapping `<body>` wholesale (Turbo Drive, pjax, htmx's
 * boost, a legacy `document.body.innerHTML = ...`): the script tag's banner, launcher and wall
 * follow the new `<body>`, marked elements in it stay held until a grant, and `[data-candor-open]`
 * in it opens the panel. The page's window (and Candor's loader) stays; only `<body>` is new.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openWall } from "./a11y";
import { decide } from "./steps";

declare global {
  interface Window {
    __swapped?: number;
  }
}

type How = "replaceChild" | "replaceWith" | "innerHTML";

/** Swaps in the next page's `<body>` as Turbo Drive (replaceChild, replaceWith) or a legacy site (innerHTML) does. */
const swap = (page: Page, how: How): Promise<void> =>
  page.evaluate((h) => {
    const next =
      '<main><h1>Next page</h1><p><a href="#" data-candor-open id="settings">Privacy settings</a></p>' +
      '<script type="text/plain" data-consent="analytics">window.__swapped=(window.__swapped||0)+1</scr' +
      'ipt><button id="buy">Buy</button></main>';
    if (h === "innerHTML") return void (document.body.innerHTML = next);
    const body = document.createElement("body");
    body.innerHTML = next;
    if (h === "replaceWith") document.body.replaceWith(body);
    else document.documentElement.replaceChild(body, document.body);
  }, how);

const banner = (page: Page) =>
  page.getByRole("region", { name: "Cookies and your privacy" });

for (const how of ["replaceChild", "replaceWith", "innerHTML"] as const) {
  test(`first visit, <body> swapped (${how}): the banner is still there and decides; the new body's tag waits for it`, async ({
    open,
    watched,
  }) => {
    const page = await open("/test/e2e/pages/ui.html");
    await expect(banner(page)).toBeVisible();
    await swap(page, how);
    await expect(page.locator("h1")).toHaveText("Next page");
    await expect(
      banner(page),
      "the banner follows the new <body>",
    ).toBeVisible();
    expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
    await decide(page, "Accept all");
    await expect.poll(() => page.evaluate(() => window.__swapped)).toBe(1);
    await expect(
      page.getByRole("button", { name: "Privacy settings" }),
      "the launcher",
    ).toBeVisible();
    expect(watched.pageErrors).toEqual([]);
  });
}

test("a returning visitor's launcher follows a swapped <body>, and so does the UI's after it mounted", async ({
  open,
  watched,
}) => {
  const page = await open("/test/e2e/pages/ui.html");
  await decide(page, "Reject all");
  await page.waitForFunction(() =>
    window.Candor!.records().then((r) => r.length === 1),
  );
  await page.reload();
  const launcher = page.getByRole("button", { name: "Privacy settings" });
  await expect(launcher, "the loader's stand-in").toBeVisible();
  await swap(page, "replaceChild");
  await expect(page.locator("h1")).toHaveText("Next page");
  await expect(launcher, "the stand-in follows the new <body>").toBeVisible();
  await launcher.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  // The UI is mounted now: a second swap, and both its launcher and the new page's link open the panel.
  await swap(page, "replaceWith");
  await expect(page.locator("h1")).toHaveText("Next page");
  await expect(
    launcher,
    "the UI's launcher follows the new <body>",
  ).toBeVisible();
  await page.locator("#settings").click();
  await expect(dialog, "the new page's [data-candor-open]").toBeVisible();
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

test("the wall keeps the new <body> inert after a swap, and a choice frees it", async ({
  page,
  origin,
  watched,
}) => {
  const wall = await openWall(page, origin);
  await swap(page, "replaceWith");
  await expect(page.locator("h1")).toHaveText("Next page");
  await expect(wall, "the wall follows the new <body>").toBeVisible();
  const inert = (): Promise<boolean> =>
    page.evaluate(
      () => document.querySelector("#buy")!.closest("[inert]") !== null,
    );
  await expect.poll(inert, "the new page's content").toBe(true);
  await page.evaluate(() =>
    (document.querySelector("#buy") as HTMLElement).focus(),
  );
  expect(await page.evaluate(() => document.activeElement?.id)).not.toBe("buy");
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  await wall.getByRole("button", { name: "Reject all" }).click();
  await expect(wall).toBeHidden();
  await expect.poll(inert, "freed after a choice").toBe(false);
  expect(await page.evaluate(() => window.__swapped)).toBeUndefined();
  expect(watched.pageErrors).toEqual([]);
});

test("a swap while the panel is open leaves the new page usable, and the panel opens again as a modal", async ({
  open,
  watched,
}) => {
  const page = await open("/test/e2e/pages/ui.html");
  await decide(page, "Customize");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await swap(page, "replaceChild");
  await expect(page.locator("h1")).toHaveText("Next page");
  // Nothing of the page is inert or locked by a dialog that left it with its old <body>.
  await page.locator("#buy").focus();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("buy");
  await page.locator("#settings").click();
  await expect(dialog).toBeVisible();
  expect(
    await dialog.evaluate((d) => (d as HTMLDialogElement).matches(":modal")),
  ).toBe(true);
  expect(watched.pageErrors).toEqual([]);
});
