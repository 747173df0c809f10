/**
 * The dashboard's Download and data-request buttons under quick presses, in real Chromium,
 * unthrottled and with the CPU slowed 6x (CDP): a double click (Playwright's, and a visitor's whose
 * second press comes after the re-render the first caused) and two quick Enter presses download
 * the receipt once and send a request once (counted where it arrives: a local receiver for the
 * config's sync endpoint), focus stays on the button pressed and is never on <body>; a later press
 * on purpose (a single click at once, a key press half a second later) downloads or sends again.
 */
import type { Page } from '@playwright/test';
import { dialog, focused, lostFocus } from './a11y';
import { dashboard, painted, selected, twoQuickEnters } from './dashboard';
import { expect, test } from './fixtures';

const SENT = 'Your request was sent. We will get back to you.';

/** The config's sync endpoint, answered here: the types of the data requests it received, in order. */
async function receiver(page: Page): Promise<string[]> {
  const types: string[] = [];
  await page.route('**/receiver/**', async (route) => {
    const req = route.request();
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/receiver/requests')
      types.push((req.postDataJSON() as { type: string }).type);
    await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  return types;
}

/** Half a second on the page's clock from now has passed (the dashboard holds a key's repeat that long). */
async function halfASecond(page: Page): Promise<void> {
  const from = await page.evaluate(() => performance.now());
  await expect.poll(() => page.evaluate((t) => performance.now() - t > 500, from), { intervals: [100] }).toBe(true);
}

/** After `how`: focus on the button `name` pressed, never lost, no word selected. */
async function kept(page: Page, name: string, how: string): Promise<void> {
  await painted(page);
  expect(await focused(page), `focus after ${how}`).toBe(`button:${name}`);
  expect(await selected(page), how).toBe('');
  expect(await lostFocus(page), how).toEqual([]);
}

/**
 * Counts the receipts made (each download makes one) as each press is handled; returns the count
 * once a frame has been painted (every press sent before has been handled).
 */
async function countReceipts(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const make = URL.createObjectURL.bind(URL);
    const w = window as { __receipts?: number };
    w.__receipts = 0;
    URL.createObjectURL = (b) => (w.__receipts!++, make(b));
  });
  return async () => (await painted(page), page.evaluate(() => (window as { __receipts?: number }).__receipts!));
}

test('two quick Enter presses on Download download it once also when the page takes longer than half a second to handle the first: the second, which waited meanwhile, counts from when its key went down', async ({
  page,
  origin,
}) => {
  await dashboard(page, origin, 1);
  const receipts = await countReceipts(page);
  const download = dialog(page).getByRole('button', { name: 'Download my consent receipt' });
  await download.focus();
  // A slow device: the page busy for 0.7 s once the first press has been handled (after the
  // button's own listener, as the click leaves the dialog), while the second press waits.
  await page.evaluate(() =>
    document.addEventListener(
      'click',
      () => {
        const from = performance.now();
        while (performance.now() - from < 700);
      },
      { once: true },
    ),
  );
  await twoQuickEnters(page);
  expect(await receipts(), 'two Enter presses, the first handled slowly').toBe(1);
  await kept(page, 'Download my consent receipt', 'two Enter presses, the first handled slowly');
  // Half a second after the second key went down, a press is the visitor's own again.
  await halfASecond(page);
  await page.keyboard.press('Enter');
  expect(await receipts(), 'a press half a second later').toBe(2);
});

for (const rate of [1, 6]) {
  const cpu = rate === 1 ? '' : ` (CPU ${rate}x slower)`;

  test(`a double click or two quick Enter presses on a data request send it once, also a visitor's double click whose second press comes after the answer; a later press sends again; focus kept${cpu}`, async ({
    page,
    origin,
  }, info) => {
    const types = await receiver(page);
    const { audit } = await dashboard(page, origin, rate, { sync: '/receiver' });
    const button = (name: string) => dialog(page).getByRole('button', { name });
    const status = dialog(page).getByRole('status').filter({ hasText: SENT });
    // A visitor's double click: its second press after the answer was shown (the re-render).
    const box = (await button('See my data').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.up();
    await expect(status).toBeVisible();
    await page.mouse.down({ clickCount: 2 });
    await page.mouse.up({ clickCount: 2 });
    await kept(page, 'See my data', "a visitor's double click");
    await audit(info, `a request sent${cpu}`);
    // Playwright's double click.
    await button('Correct my data').dblclick();
    await kept(page, 'Correct my data', 'a double click');
    // Two quick Enter presses on the next button (Tab: a key press there is the visitor's own, however quick).
    await page.keyboard.press('Tab');
    await twoQuickEnters(page);
    await kept(page, 'Delete my data', 'two Enter presses');
    // Later, on purpose: a single click at once, a key press half a second after it.
    await button('See my data').click();
    await halfASecond(page);
    await page.keyboard.press('Enter');
    await kept(page, 'See my data', 'a click, then Enter');
    // Each press arrived before the next one was made: the list is in the order of the presses.
    await expect.poll(() => types).toEqual(['access', 'correction', 'deletion', 'access', 'access']);
    await expect(status).toBeVisible();
  });

  test(`a double click or two quick Enter presses on Download my consent receipt download it once; a later press downloads again; focus kept${cpu}`, async ({
    page,
    origin,
  }) => {
    await dashboard(page, origin, rate);
    const downloads: unknown[] = [];
    page.on('download', (d) => downloads.push(d));
    const receipts = await countReceipts(page);
    const download = dialog(page).getByRole('button', { name: 'Download my consent receipt' });
    await download.dblclick();
    expect(await receipts(), 'a double click').toBe(1);
    await kept(page, 'Download my consent receipt', 'a double click');
    await halfASecond(page);
    await twoQuickEnters(page);
    expect(await receipts(), 'two Enter presses').toBe(2);
    await kept(page, 'Download my consent receipt', 'two Enter presses');
    // A visitor's double click, as slow as the OS allows: its second press half a second later.
    await halfASecond(page);
    const box = (await download.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.up();
    await halfASecond(page);
    await page.mouse.down({ clickCount: 2 });
    await page.mouse.up({ clickCount: 2 });
    expect(await receipts(), 'a slow double click').toBe(3);
    // Later, on purpose: a single click at once, a key press half a second after it.
    await download.click();
    await halfASecond(page);
    await page.keyboard.press('Enter');
    expect(await receipts(), 'a click, then Enter').toBe(5);
    await kept(page, 'Download my consent receipt', 'a click, then Enter');
    await expect.poll(() => downloads.length).toBe(5);
  });
}
