/** Preference center and privacy dashboard on the demo, as a keyboard-only visitor would use them. */
import type { Page } from '@playwright/test';
import { AxeBuilder } from './a11y';
import { expect, test } from './demo-fixture';
import { demoTrackers, visitAndDecide } from './steps';

const panel = (page: Page) => page.getByRole('dialog', { name: 'Privacy settings' });
const tabTo = async (page: Page, target: ReturnType<Page['getByRole']>): Promise<void> => {
  for (let i = 0; i < 80 && !(await target.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
};

test('keyboard only: channels, a matrix row, frequency, topics and personalization level are set, kept after reload, in records() and at the receiver', async ({
  page,
  demo,
}) => {
  await page.goto(`${demo}/`);
  const banner = page.getByRole('region', { name: 'Cookies and your privacy' });
  await tabTo(page, banner.getByRole('button', { name: 'Customize' }));
  await page.keyboard.press('Enter');
  const p = panel(page);
  // The preferences are a view of their own: its tab is one arrow key from the consent choices'.
  await tabTo(page, p.getByRole('tab', { name: 'What you allow' }));
  await page.keyboard.press('ArrowRight');
  await expect(p.getByRole('tab', { name: 'Your preferences' })).toHaveAttribute('aria-selected', 'true');
  await tabTo(page, p.getByRole('checkbox', { name: 'Send me the bakery newsletter' }));
  await page.keyboard.press('Space');
  await tabTo(page, p.getByRole('radio', { name: 'Weekly' }));
  await page.keyboard.press('ArrowUp'); // radio group: arrows move the choice
  await expect(p.getByRole('radio', { name: 'Daily' })).toBeChecked();
  await expect(p.getByRole('group', { name: 'How often' })).toContainText('one short email each morning');
  await tabTo(page, p.getByRole('checkbox', { name: 'Baking classes and events' }));
  await page.keyboard.press('Space');
  await tabTo(page, p.getByRole('checkbox', { name: 'Order updates: SMS' }));
  await page.keyboard.press('Space');
  await tabTo(page, p.getByRole('checkbox', { name: 'Newsletter: Email' }));
  await page.keyboard.press('Space');
  await tabTo(page, p.getByRole('radio', { name: 'None' }));
  await page.keyboard.press('ArrowDown');
  await expect(p.getByRole('group', { name: 'How much we tailor the site to you' })).toContainText(
    'we remember your usual order',
  );
  await tabTo(page, p.getByRole('button', { name: 'Save choices' }));
  await page.keyboard.press('Enter');
  await expect(p).toBeHidden();
  const expected = {
    newsletter: true,
    frequency: 'daily',
    topics: ['events'],
    channels: { 'order-updates': ['sms'], newsletter: ['email'] },
    'personalization-level': 'basic',
  };
  expect(
    await page.evaluate(() => [
      window.Candor!.preferences.all(),
      window.Candor!.state!.value.preferences['personalization-level'],
    ]),
  ).toEqual([expect.objectContaining(expected), 'basic']);
  await expect
    .poll(() => page.evaluate(async () => (await window.Candor!.records())[0]?.preferences['frequency']))
    .toBe('daily'); // stored
  await page.reload();
  await page.evaluate(() => window.Candor!.ready);
  expect(await page.evaluate(() => window.Candor!.preferences.all())).toMatchObject(expected);
  expect((await page.evaluate(() => window.Candor!.records()))[0]!.preferences).toMatchObject(expected);
  const subject = await page.evaluate(async () => (await window.Candor!.records())[0]!.subject);
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${demo}/api/consent?subject=${subject}`)).json()) as { record: { preferences: unknown } })
          .record?.preferences,
    )
    .toEqual(expect.objectContaining(expected)); // the server's newest record of this visitor
});

test('IndexedDB blocked (a hardened browser): a preference saved in the panel is there on the next page, in its panel, state and records(), and a Save there keeps it', async ({
  page,
  demo,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(IDBFactory.prototype, 'open', {
      value() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
  });
  await visitAndDecide(page, `${demo}/`, 'Customize');
  await panel(page).getByRole('tab', { name: 'Your preferences' }).click();
  await panel(page).getByRole('checkbox', { name: 'Send me the bakery newsletter' }).check();
  await panel(page).getByRole('button', { name: 'Save choices' }).click();
  await expect(panel(page)).toBeHidden();
  const saved = await page.evaluate(async () => (await window.Candor!.records())[0]!.id);
  await page.goto(`${demo}/shop.html`); // the next page
  await page.getByRole('button', { name: 'Privacy settings' }).click();
  await panel(page).getByRole('tab', { name: 'Your preferences' }).click();
  await expect(panel(page).getByRole('checkbox', { name: 'Send me the bakery newsletter' })).toBeChecked();
  expect(
    await page.evaluate(async () => [
      window.Candor!.state!.value.preferences['newsletter'],
      (await window.Candor!.records()).map((r) => [r.id, r.preferences['newsletter']]),
    ]),
  ).toEqual([true, [[saved, true]]]);
  await panel(page).getByRole('tab', { name: 'What you allow' }).click();
  await panel(page).getByRole('button', { name: 'Save choices' }).click();
  await expect(panel(page)).toBeHidden();
  expect(await page.evaluate(async () => (await window.Candor!.records())[0]!.preferences['newsletter'])).toBe(true);
});

test('the dashboard lists each decision with its date and method, downloads a valid receipt, and withdraw everything stops the tags after reload', async ({
  page,
  demo,
}) => {
  await visitAndDecide(page, `${demo}/`, 'Accept all');
  await expect.poll(() => demoTrackers(page)).toHaveLength(2);
  await page.goto(`${demo}/account.html`);
  await page.locator('#privacy-choices').getByRole('tab', { name: 'Your data and history' }).click();
  const dash = page.locator('#privacy-choices').getByRole('region', { name: 'Your privacy' });
  // The history: its entries are the dated list items (the current choices carry no date).
  const history = dash.getByRole('listitem').filter({ has: page.locator('time') });
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText('Accepted all in the banner');
  expect(await history.first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dash.getByRole('button', { name: 'Download my consent receipt' }).click(),
  ]);
  const receipt = JSON.parse(
    await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')),
  ) as { latest: Record<string, unknown>; history: unknown[] };
  expect(receipt.history).toHaveLength(1);
  // The receipt validates against the published JSON Schema.
  const { validate } = (await import('../../src/core/json-schema.mjs' as string)) as {
    validate: (s: unknown, v: unknown) => string[];
  };
  const schema = JSON.parse((await import('node:fs')).readFileSync('docs/consent-record.schema.json', 'utf8'));
  expect(validate(schema, receipt.latest)).toEqual([]);
  await dash.getByRole('button', { name: 'Withdraw everything' }).click();
  await dash.getByRole('button', { name: 'Yes, withdraw everything' }).click();
  expect(
    await page.evaluate(() =>
      ['analytics', 'marketing', 'bakery-stats', 'ad-network'].map((id) => window.Candor!.has(id)),
    ),
  ).toEqual([false, false, false, false]);
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText('Withdrew everything');
  await page.goto(`${demo}/`);
  await page.evaluate(() => window.Candor!.ready);
  expect(await demoTrackers(page)).toEqual([]);
});

test('a data-subject request from the dashboard reaches the receiver', async ({ page, demo }) => {
  await visitAndDecide(page, `${demo}/account.html`, 'Reject all');
  await page.locator('#privacy-choices').getByRole('tab', { name: 'Your data and history' }).click();
  await page.locator('#privacy-choices').getByRole('button', { name: 'See my data' }).click();
  await expect(
    page.locator('#privacy-choices').getByText('Your request was sent. We will get back to you.'),
  ).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe: the preference section, the matrix and the dashboard (${theme}) have zero violations`, async ({
    page,
    demo,
  }) => {
    await page.emulateMedia({ colorScheme: theme });
    await visitAndDecide(page, `${demo}/newsletter.html`, 'Accept all');
    await page
      .locator('#newsletter-preferences')
      .getByRole('checkbox', { name: 'Send me the bakery newsletter' })
      .check();
    await expect(
      page.locator('#newsletter-preferences').getByRole('table', { name: 'How we may reach you, per kind of message' }),
    ).toBeVisible();
    const result = await new AxeBuilder({ page })
      .include('#newsletter-preferences')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('the page hears banner-shown, decision (with the time to decide), panel-opened and preference-changed, without personal data', async ({
  page,
  demo,
}) => {
  await page.addInitScript(() => {
    (window as { __events?: unknown[] }).__events = [];
    for (const n of ['banner-shown', 'decision', 'panel-opened', 'preference-changed'])
      document.addEventListener(`candor:${n}`, (e) =>
        (window as { __events?: unknown[] }).__events!.push([n, (e as CustomEvent).detail]),
      );
  });
  await visitAndDecide(page, `${demo}/`, 'Customize');
  await panel(page).getByRole('tab', { name: 'Your preferences' }).click();
  await panel(page).getByRole('checkbox', { name: 'Send me the bakery newsletter' }).check();
  await panel(page).getByRole('button', { name: 'Save choices' }).click();
  const read = async (): Promise<[string, Record<string, unknown>][]> =>
    (await page.evaluate(() => (window as { __events?: [string, Record<string, unknown>][] }).__events!)) as [
      string,
      Record<string, unknown>,
    ][];
  // The panel's `candor:decision` comes once the record is stored, after the click's task.
  await expect
    .poll(async () => (await read()).map(([n]) => n))
    .toEqual(['banner-shown', 'panel-opened', 'preference-changed', 'decision']);
  const events = await read();
  const decision = events.find(([n]) => n === 'decision')![1];
  expect(decision).toMatchObject({ method: 'panel:save', purposes: ['necessary'] });
  expect(typeof decision['msToDecision']).toBe('number');
  expect(JSON.stringify(events)).not.toMatch(/subject|[0-9a-f]{8}-[0-9a-f]{4}/);
});
