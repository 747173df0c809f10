/**
 * `prefers-reduced-motion: reduce` in each engine (a browser whose system asks for it: Chromium's
 * emulation, Firefox's `ui.prefersReducedMotion`, WebKitGTK's `gtk-enable-animations` off): the
 * UI does not move. test/e2e/a11y-audit.spec.ts checks the same in Chromium alone.
 */
import { click, poll, shown, type Tab } from './driver';
import { expect, test } from './fixtures';
import { inBanner, inPanel, launcher, motion, panel } from './page-helpers';

const UI = '/test/e2e/pages/ui.html';

/** Customize, then the Marketing switch on (the knob moves: a transition would start now). */
async function switchMarketingOn(tab: Tab): Promise<void> {
  await click(tab, inBanner('Customize'));
  await shown(tab, panel);
  await click(tab, inPanel('Marketing', 'switch'));
  await poll(tab, 'Marketing switched on', () =>
    Array.from(document.querySelector('[data-candor-ui]')!.shadowRoot!.querySelectorAll('[role=switch]')).some(
      (s) => s.getAttribute('aria-checked') === 'true',
    ),
  );
}

const reduced = (tab: Tab): Promise<boolean> =>
  tab.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches);

test('reduced motion: the banner, the panel with a switch just toggled and the launcher neither transition nor animate; without it the knob slides', async ({
  engine,
  tab,
  site,
}) => {
  const calm = await engine.newSession({ reducedMotion: true });
  try {
    const t = calm.tab;
    await t.goto(`${site}${UI}`);
    expect(await reduced(t), `${engine.name} asks the page for reduced motion`).toBe(true);
    await shown(t, inBanner('Accept all'));
    expect(await motion(t), 'banner').toEqual([]);
    await switchMarketingOn(t);
    expect(await motion(t), 'panel, a switch just toggled').toEqual([]);
    await click(t, inPanel('Save choices'));
    await shown(t, launcher);
    expect(await motion(t), 'launcher').toEqual([]);
    expect(await calm.errors(), `uncaught errors in ${engine.name}`).toEqual([]);
  } finally {
    await calm.close();
  }
  // The same steps without the preference: the check sees the knob's slide.
  await tab.goto(`${site}${UI}`);
  expect(await reduced(tab)).toBe(false);
  await shown(tab, inBanner('Accept all'));
  await switchMarketingOn(tab);
  expect(await motion(tab)).toContain('button.switch::after: inset-inline-start 0.15s');
});
