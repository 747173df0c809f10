/**
 * The loader's quick view of the config (core/site-view.ts) reads its own entries only, as the
 * full check does: a page script's careless merge that polluted Object.prototype (from an
 * attacker's review: `?__proto__[gcm][regions][US][0]=ad_storage`) must not give it region
 * defaults that grant, another jurisdiction, or anything else the config does not say.
 */
import { afterEach, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/parse-config';
import { firstChunks, toSiteView } from '../../src/core/site-view';

const proto = Object.prototype as Record<string, unknown>;
const POLLUTION: Record<string, unknown> = {
  gcm: { regions: { US: ['ad_storage', 'ad_user_data'] }, urlPassthrough: true },
  regions: { US: ['ad_storage'] },
  jurisdiction: 'opt-out',
  autoBlock: true,
  reloadOnRevoke: true,
  ui: { layout: 'modal', locale: 'de' },
  texts: { en: { 'placeholder.button': 'Load nothing' } },
  preferences: [{ id: 'x', type: 'boolean' }],
};
afterEach(() => {
  for (const k of Object.keys(POLLUTION)) delete proto[k];
});

it("a polluted Object.prototype reaches neither the loader's view nor the chunks it asks for", () => {
  const raw: unknown = JSON.parse(
    '{"policy":{"revision":1},"purposes":[{"id":"necessary","required":true},{"id":"marketing"}],"services":[{"id":"ads","purpose":"marketing"}]}',
  );
  const clean = toSiteView(raw);
  const chunks = firstChunks(raw);
  Object.assign(proto, POLLUTION);
  const checked = parseConfig(raw);
  expect(checked.ok && checked.config.gcm.regions).toEqual({}); // the engine's: own entries only
  expect(toSiteView(raw)).toEqual(clean);
  expect(toSiteView(raw).gcm.regions).toEqual({});
  expect(toSiteView(raw).optIn).toBe(true);
  expect(firstChunks(raw)).toEqual(chunks);
});
