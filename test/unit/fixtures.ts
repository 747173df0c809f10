import type { FastGrants } from '../../src/loader/fast-path';
import type { TabChannel } from '../../src/store/channel';
import type { MirrorCopy } from '../../src/store/cookie-mirror';
/** Shared test configs and a deterministic environment for the core. */
import { parseConfig } from '../../src/core/parse-config';
import type { Config, ConsentConfigInput } from '../../src/core/config-types';
import type { TransitionEnv } from '../../src/core/transition';
import { sha256 } from '../../src/core/sha256';
import { configHashOf, configStamp, resolveMode } from '../../src/core/policy';
import { createConsent } from '../../src/instance/create-consent';
import { createBrowserStorage } from '../../src/store/browser';

export const NOW = Date.parse('2026-11-22T10:00:00.000Z');
export const DAY = 86_400_000;

/** The loader's trusted cookie grants (loader/fast-path.ts) of `purposes` alone, until `until` (a day), no copy. */
export const cookieGrants = (purposes: Record<string, boolean>, until = NOW + DAY): FastGrants => ({
  purposes,
  services: {},
  until,
  servicesOnly: false,
  copy: null,
  cookie: undefined,
});

/** The loader's trusted cookie grants: necessary and analytics, until `until`, no copy. */
export const analyticsGrants = (until: number): FastGrants => cookieGrants({ necessary: true, analytics: true }, until);

/**
 * A loader's `reread` (loader/boot.ts): the grants it had while the page's cookies and copy are as
 * they were read (`was`), `then` on a full read (a back/forward restore).
 */
export const rereadAs =
  (then: FastGrants | null) =>
  (was?: FastGrants | null): FastGrants | null =>
    was ?? then;

/**
 * A loader's `reread` once the page's cookie says `now` (another page changed it): every read
 * answers `now`, a change from any grants read before, and none once read.
 */
export const cookieNowSays = (now: FastGrants | null) => (): FastGrants | null => now;

/** Google Analytics 4 as a site lists it (without the cookies it sets). */
export const ga4 = {
  id: 'ga4',
  purpose: 'analytics',
  name: 'Google Analytics',
  provider: 'Google',
  hosts: ['www.googletagmanager.com'],
} as const;

export const sample = {
  policy: { revision: 3, url: '/privacy', contact: 'privacy@example.com' },
  purposes: [
    { id: 'necessary', required: true },
    { id: 'analytics' },
    { id: 'marketing', saleOrSharing: true },
    { id: 'functional' },
    { id: 'health-personalization', sensitive: true },
  ],
  services: [
    { ...ga4, cookies: ['_ga', '/^_ga_/'] },
    { id: 'meta-pixel', purpose: 'marketing', name: 'Meta Pixel' },
    { id: 'youtube', purpose: 'marketing', name: 'YouTube' },
    { id: 'cdn', purpose: 'necessary' },
    { id: 'symptom-tracker', purpose: 'health-personalization' },
  ],
  preferences: [
    { id: 'newsletter', type: 'boolean', default: false },
    {
      id: 'frequency',
      type: 'choice',
      options: ['daily', 'weekly', 'monthly'],
      default: 'weekly',
      requires: 'newsletter',
    },
    { id: 'topics', type: 'multi', options: ['bread', 'cakes'] },
    { id: 'channels', type: 'matrix', rows: ['newsletter', 'order-updates'], options: ['email', 'sms', 'post'] },
  ],
} as const satisfies ConsentConfigInput;

/** Parses a config that must be valid. */
export function configOf(input: unknown): Config {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}

/** A deterministic transition environment. */
export function envOf(config: Config, over: Partial<TransitionEnv> = {}): TransitionEnv {
  let n = 0;
  return {
    now: NOW,
    configHash: configHashOf(config, over.mode ?? 'opt-in', sha256),
    mode: 'opt-in',
    gpc: false,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    hash: sha256,
    locale: 'en',
    textHash: sha256('{}'),
    sdkVersion: '0.1.0',
    ...over,
  };
}

/**
 * Tabs of one site in a test: `open()` is one tab's channel (its posts reach every other tab,
 * structured-cloned as BroadcastChannel does); `deliver` posts to every tab, as another tab would.
 */
export function fakeTabBus(): { open(): TabChannel; deliver(message: unknown): void } {
  const tabs = new Set<(m: unknown) => void>();
  return {
    open() {
      const mine = new Set<(m: unknown) => void>();
      const deliver = (m: unknown): void => mine.forEach((fn) => fn(m));
      tabs.add(deliver);
      return {
        post: (m) => tabs.forEach((t) => t !== deliver && t(structuredClone(m))),
        subscribe: (fn) => (mine.add(fn), () => mine.delete(fn)),
        close: () => tabs.delete(deliver),
      };
    },
    deliver: (m) => tabs.forEach((t) => t(structuredClone(m))),
  };
}

/** One localStorage entry (the cookie's copy, the journal) kept across a device's pages. */
export const slot = (): MirrorCopy => {
  let v: string | null = null;
  return { get: () => v, set: (x: string) => void (v = x), remove: () => void (v = null) };
};

/** A device's cookie jar: `document.cookie` as read and written (Max-Age=0 deletes); `clear` empties it. */
export function mapJar(): { get(): string; set(c: string): void; clear(): void } {
  const cookies = new Map<string, string>();
  return {
    clear: () => cookies.clear(),
    get: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    set(c: string) {
      const [k = '', v = ''] = (c.split(';')[0] ?? '').split(/=(.*)/s);
      if (/Max-Age=0/.test(c)) cookies.delete(k);
      else cookies.set(k, v);
    },
  };
}

/** A tab channel that hears and tells nothing. */
const noTabs = (): TabChannel => ({ post() {}, subscribe: () => () => {}, close() {} });

/**
 * One device: a cookie jar, this origin's copy and journal, and `indexedDB`, kept across pages;
 * `page(input, now)` is a page of it, on the channel `channel()` gives it.
 */
export function device(indexedDB: () => IDBFactory | undefined, channel: () => TabChannel = noTabs) {
  const jar = mapJar();
  const copy = slot();
  const journal = slot();
  const page = (input: object = sample, now = NOW, fetch?: typeof globalThis.fetch) => {
    const config = configOf(input);
    return createConsent(input as ConsentConfigInput, {
      now: () => now,
      ...(fetch && { fetch }),
      storage: (ctx) =>
        createBrowserStorage(
          {
            config,
            configHash: configHashOf(config, resolveMode(config, null), sha256),
            stamp: configStamp(input, null),
            cookies: jar,
            copy,
            journal,
            indexedDB,
            secure: true,
            now: () => now,
            channel: channel(),
          },
          ctx,
        ),
    });
  };
  return { page, cookies: jar, journal };
}
