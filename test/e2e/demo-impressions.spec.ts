/**
 * The demo turns `sync.analytics` on: its banner's counts reach its candor/server (`npm start`),
 * which takes them (202), with no cookie although the page has the candor cookie by then.
 */
import type { ImpressionCount } from '../../src/core/impressions';
import { expect, test } from './demo-fixture';
import { decide } from './steps';

test('a first visit’s Accept all on the demo posts one shown and one answered to its candor/server', async ({
  page,
  demo,
}) => {
  const counted = page.waitForResponse(
    (r) => r.url() === `${demo}/api/consent/impressions` && r.request().method() === 'POST',
  );
  await page.goto(`${demo}/`);
  await decide(page, 'Accept all');
  const response = await counted;
  expect(response.status()).toBe(202);
  expect(await response.json()).toEqual({ received: 1 });
  const request = response.request();
  const body = request.postDataJSON() as { impressions: ImpressionCount[] };
  expect(body.impressions).toEqual([
    { day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), policyRevision: 1, locale: 'en', shown: 1, answered: 1 },
  ]);
  expect((await page.context().cookies()).map((c) => c.name)).toContain('candor');
  expect(await request.headerValue('cookie')).toBeNull();
});
