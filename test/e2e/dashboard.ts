/**
 * Helpers of the dashboard's press specs (withdraw-presses.spec.ts, dashboard-presses.spec.ts): the
 * UI test page with a visitor who accepted everything and the dialog open on "Your data and
 * history", the CPU slowed, focus watched; the records stored, the text selected, a frame painted.
 */
import type { Page, TestInfo } from '@playwright/test';
import { axe, dialog, launcher, openUi, recordAnnouncements, watchFocus, type Options } from './a11y';
import { expect } from './fixtures';

/** The methods of the stored records, newest first (records() waits for the writes under way). */
export const methods = (page: Page): Promise<string[]> =>
  page.evaluate(async () => (await window.Candor!.records()).map((r) => r.method));

/** The text selected in the UI's shadow root (Chromium's ShadowRoot.getSelection). */
export const selected = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot as ShadowRoot & { getSelection(): Selection };
    return root.getSelection().toString();
  });

/** A frame rendered: every press before it has been handled, and the re-render it caused painted. */
/**
 * Two quick Enter presses to the focused element, sent in one go (the DevTools protocol's four key
 * events without waiting for each to be handled): two `keyboard.press` calls wait for each press to
 * be handled, so a busy machine (the engines' tests run beside these) can space them out by more
 * than the half second in which a second press only repeats the first.
 */
export async function twoQuickEnters(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  const down = { ...key, type: 'keyDown' as const, text: '\r', unmodifiedText: '\r' };
  const up = { ...key, type: 'keyUp' as const };
  await Promise.all([down, up, down, up].map((e) => cdp.send('Input.dispatchKeyEvent', e)));
  await cdp.detach();
}

export const painted = (page: Page): Promise<unknown> =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));

/**
 * A visitor who accepted everything, with the dialog open on "Your data and history", the CPU
 * slowed `rate` times, focus watched at every frame and the live regions recorded; `o` for the
 * page's config (openUi).
 */
export async function dashboard(page: Page, origin: string, rate: number, o: Options = {}) {
  await openUi(page, origin, o);
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => methods(page)).toEqual(['banner:accept-all']);
  await launcher(page).click();
  await dialog(page).getByRole('tab', { name: 'Your data and history' }).click();
  const cdp = await page.context().newCDPSession(page); // kept attached: the throttling lasts as long
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await recordAnnouncements(page);
  await watchFocus(page);
  return {
    /** axe's audit of the state now, run unthrottled (the state is what it checks, not its timing). */
    audit: async (info: TestInfo, name: string): Promise<void> => {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await axe(page, info, name);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    },
    withdraw: dialog(page).getByRole('button', { name: 'Withdraw everything' }),
    yes: dialog(page).getByRole('button', { name: 'Yes, withdraw everything' }),
    entries: dialog(page).locator('.history > li'),
  };
}
