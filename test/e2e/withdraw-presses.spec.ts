/**
 * The dashboard's Withdraw everything under quick presses, in real Chromium, unthrottled and with
 * the CPU slowed 6x (CDP): where focus lands after Yes, withdraw everything (a click, Enter, a
 * double click as a visitor makes it and as Playwright makes it, two quick Enter presses), that the
 * question is not asked again, that exactly one withdrawal is recorded and announced, and that a
 * double click on Withdraw everything does not answer the question it asks.
 *
 * Yes is replaced by the Withdraw everything button at once (focus moves to it in the same task),
 * and after the next paint the withdrawal's entry in "Your decisions" moves that button down, out
 * from under the pointer: a visitor's second click of a double click then landed beside it, on the
 * dashboard's view, which took focus and selected the word "Withdraw". Playwright's own double
 * click is usually quicker than a paint, which is why it passed, and sometimes (a loaded machine)
 * not: here the visitor's double click waits for that entry before its second press.
 */
import type { Page } from '@playwright/test';
import { announcedIn, dialog, focused, lostFocus, said } from './a11y';
import { dashboard, methods, painted, selected, twoQuickEnters } from './dashboard';
import { expect, test } from './fixtures';

const WITHDRAWN = 'Everything optional is now off.';

/** After a withdrawal: focus on the button that took Yes's place, never lost, one record, announced. */
async function withdrawnOnce(page: Page, how: string): Promise<void> {
  await painted(page);
  expect(await focused(page), `focus after ${how}`).toBe('button:Withdraw everything');
  await expect(dialog(page).getByRole('button', { name: 'Yes, withdraw everything' }), how).toHaveCount(0);
  expect(await methods(page), how).toEqual(['withdraw', 'banner:accept-all']);
  await expect.poll(() => said(page), how).toContainEqual({ text: WITHDRAWN, exposed: true });
  await expect.poll(() => announcedIn(page, WITHDRAWN), how).toBe('dialog');
  expect(await focused(page), `focus after ${how}, announced`).toBe('button:Withdraw everything');
  expect(await selected(page), how).toBe('');
  expect(await lostFocus(page), how).toEqual([]);
}

for (const rate of [1, 6]) {
  const cpu = rate === 1 ? '' : ` (CPU ${rate}x slower)`;

  test(`a click or Enter on Yes, withdraw everything moves focus to the Withdraw everything button that took its place, never to <body>, also after the history and the announcement came${cpu}`, async ({
    page,
    origin,
  }) => {
    const { withdraw, yes, entries } = await dashboard(page, origin, rate);
    for (const [i, press] of ['click', 'Enter', 'click', 'Enter'].entries()) {
      await withdraw.click();
      await expect(dialog(page).getByRole('button', { name: 'Cancel' })).toBeFocused();
      if (press === 'click') await yes.click();
      else {
        await yes.focus();
        await page.keyboard.press('Enter');
      }
      await painted(page);
      expect(await focused(page), `after ${press} ${i}`).toBe('button:Withdraw everything');
      await expect(entries, `after ${press} ${i}`).toHaveCount(i + 2); // the change's re-render
      expect(
        (await methods(page)).filter((m) => m === 'withdraw'),
        `after ${press} ${i}`,
      ).toHaveLength(i + 1);
      expect(await focused(page), `after ${press} ${i}, its record`).toBe('button:Withdraw everything');
    }
    await expect.poll(() => said(page)).toContainEqual({ text: WITHDRAWN, exposed: true });
    expect(await lostFocus(page)).toEqual([]);
  });

  test(`a visitor's double click on Yes, withdraw everything withdraws once and keeps focus on Withdraw everything, though its history entry moved that button from under the pointer${cpu}`, async ({
    page,
    origin,
  }, info) => {
    const { withdraw, yes, entries, audit } = await dashboard(page, origin, rate);
    await withdraw.click();
    // Near its top edge: the entry (a line or more) moves the button below the pointer in any font.
    const box = (await yes.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + 4];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.up();
    // The withdrawal's entry, after the next paint, as a visitor's second click comes after it (with
    // the CPU slowed, sometimes more than half a second after the first: so can a double click be,
    // within the OS's double-click time, which is why the guard counts no time for one).
    await expect(entries).toHaveCount(2);
    const moved = (await withdraw.boundingBox())!;
    expect(y < moved.y || y > moved.y + moved.height, 'the button moved from under the pointer').toBe(true);
    await page.mouse.down({ clickCount: 2 });
    await page.mouse.up({ clickCount: 2 });
    await withdrawnOnce(page, "a visitor's double click");
    await audit(info, `withdrawn by a double click${cpu}`);
  });

  test(`Playwright's double click on Yes, withdraw everything withdraws once without asking again${cpu}`, async ({
    page,
    origin,
  }) => {
    const { withdraw, yes } = await dashboard(page, origin, rate);
    await withdraw.click();
    await yes.dblclick();
    await withdrawnOnce(page, 'a double click');
  });

  test(`two quick Enter presses on Yes, withdraw everything withdraw once without asking again: the second lands on the button that took its place${cpu}`, async ({
    page,
    origin,
  }) => {
    const { withdraw, yes } = await dashboard(page, origin, rate);
    await withdraw.click();
    await yes.focus();
    await twoQuickEnters(page);
    await withdrawnOnce(page, 'two Enter presses');
  });

  test(`a double click on Withdraw everything asks the question and does not answer it: nothing is withdrawn, focus on Cancel${cpu}`, async ({
    page,
    origin,
  }, info) => {
    const { withdraw, yes, audit } = await dashboard(page, origin, rate);
    await withdraw.dblclick();
    await painted(page);
    await expect(yes).toBeVisible();
    expect(await focused(page)).toBe('button:Cancel');
    expect(await page.evaluate(() => window.Candor!.has('analytics'))).toBe(true);
    expect(await methods(page)).toEqual(['banner:accept-all']);
    expect(await selected(page)).toBe('');
    await audit(info, `the question after a double click${cpu}`);
    // A single click later is the visitor's own answer.
    await yes.click();
    await withdrawnOnce(page, 'Yes after the double click');
  });
}
