/**
 * A tiny app as an npm user writes it, compiled by scripts/check-package.mjs against the packed
 * package (not the sources) under `moduleResolution` Bundler, NodeNext and Node16, with and without
 * `skipLibCheck`. Each `@ts-expect-error` fails the compile when it meets no error, so types that
 * do not resolve (and silently become `any`) fail it too.
 */
import { createConsent, defineConfig, type Consent } from 'candor';
import { mountUI, type UiHandle } from 'candor/ui';
import { connectPage, type PageOptions } from 'candor/page';
import { ConsentProvider, useGranted, type ConsentProviderProps } from 'candor/react';
import { provideConsent, useConsent, type ConsentRefs } from 'candor/vue';
import type { CandorGlobal } from 'candor/candor.js';

const consent = createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics' }],
});
const granted: boolean = consent.has('analytics,ga4');
void granted;
const typed: Consent<'necessary' | 'analytics' | 'marketing', 'ga4'> = consent;
void typed;

// @ts-expect-error createConsent is not `any`: a typo in a purpose id does not compile
consent.has('analitycs');
// @ts-expect-error createConsent is not `any`: it takes a config object
createConsent(42);
// @ts-expect-error mountUI is not `any`: it needs an instance
const ui: UiHandle = mountUI();
void ui;

const pageOptions: PageOptions = { nonce: 'n0nce', consentModeDefault: true };
const disconnect: () => void = connectPage(consent, pageOptions);
disconnect();
// @ts-expect-error connectPage is not `any`: it needs an instance
connectPage();

// defineConfig keeps the ids of a config declared apart.
const config = defineConfig({ policy: { revision: 1 }, purposes: [{ id: 'necessary', required: true }] });
// @ts-expect-error a typo does not compile with a config from defineConfig
createConsent(config).has('necesary');

// candor/react and candor/vue (optional peer dependencies) are typed too.
const providerProps: ConsentProviderProps = { config, page: false, ui: { layout: 'box' } };
void ConsentProvider(providerProps);
const grantedNow: boolean = useGranted('analytics');
void grantedNow;
// @ts-expect-error ConsentProvider is not `any`: it needs a config
void ConsentProvider({});
const refs: ConsentRefs = useConsent();
void refs.granted('analytics').value;
void provideConsent(config, { page: { nonce: 'n0nce' } });
// @ts-expect-error provideConsent is not `any`: it needs a config
provideConsent();

// candor/candor.js (the script tag) types window.Candor.
const global: CandorGlobal | undefined = window.Candor;
void global?.has('analytics');
// @ts-expect-error window.Candor is typed, not `any`
void window.Candor?.hass('analytics');

// mountUI takes window.Candor once its engine is there, as the README shows (a CandorGlobal, whose
// engine parts are undefined before that, is accepted; the TypeError at run time says when).
export async function mountOnAccountPage(container: Element): Promise<UiHandle | undefined> {
  if (!global) return undefined;
  await global.ready;
  return global.config ? mountUI(global, { container, view: 'preferences' }) : undefined;
}
// @ts-expect-error mountUI takes an instance, not any object
mountUI({ config: undefined });
