/**
 * The demo's consent endpoint is candor/server: a decision made in the browser reaches it, and the
 * answer refreshes the `candor` cookie the page wrote, byte for byte (so it outlives Safari's cap
 * on cookies written by scripts and still equals the page's own copy).
 */
import { expect, test } from './demo-fixture';
import { decide } from './steps';

test('a decision reaches candor/server, and its answer sends back the candor cookie the page wrote', async ({
  page,
  demo,
}) => {
  await page.goto(`${demo}/`);
  const posted = page.waitForResponse((r) => r.url() === `${demo}/api/consent` && r.request().method() === 'POST');
  await decide(page, 'Accept all');
  const response = await posted;
  expect(response.status()).toBe(200);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'candor');
  expect(cookie?.value.split('.')).toHaveLength(11);
  const value = cookie!.value.replaceAll('.', '\\.');
  expect(await response.headerValue('set-cookie')).toMatch(
    new RegExp(`^candor=${value}; Path=/; Max-Age=\\d+; SameSite=Lax$`),
  );
  const subject = await page.evaluate(async () => (await window.Candor!.records())[0]!.subject);
  const { record } = (await (await fetch(`${demo}/api/consent?subject=${subject}`)).json()) as {
    record: { id: string };
  };
  expect(record.id).toBe(cookie!.value.split('.')[10]); // the server's newest record of this visitor
});
