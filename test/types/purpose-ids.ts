/**
 * Compile-time checks (run by `tsc -p test/tsconfig.json`): each `@ts-expect-error` must meet an
 * error, so a type that stops catching a typo fails the type check.
 */
import { createConsent, type ConsentConfigInput } from '../../src/entries/index';

const consent = createConsent({
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics' }],
});

consent.has('analytics');
consent.has('ga4');
consent.has('analytics,marketing');
consent.has('analytics, ga4');
void consent.whenGranted('marketing');
void consent.update({ purposes: { analytics: true }, services: { ga4: false } });
const analytics: boolean = consent.state.value.purposes.analytics;
void analytics;

// @ts-expect-error a typo in a purpose id does not compile
consent.has('analitycs');
// @ts-expect-error one unknown id in a list does not compile
consent.has('analytics,marketting');
// @ts-expect-error nor in whenGranted
void consent.whenGranted('ads');
// @ts-expect-error nor in update
void consent.update({ purposes: { analitycs: true } });
// @ts-expect-error nor a service
void consent.update({ services: { ga5: true } });
// @ts-expect-error state is read-only
consent.state.value = { ...consent.state.value };

// A config typed loosely (e.g. loaded from JSON) accepts any string, checked at run time instead.
declare const loose: ConsentConfigInput;
createConsent(loose).has('anything');

// @ts-expect-error the config shape is checked too
createConsent({ policy: { revision: '1' }, purposes: [] });
