// What the connectPage DOM tests share: the config, the page's globals, and a clean-up after each test.
import { afterEach } from 'vitest';

export const config = {
  policy: { revision: 1 },
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
  services: [{ id: 'ga4', purpose: 'analytics', cookies: ['_ga'] }],
} as const;

export type PageWindow = { dataLayer?: unknown[]; gtag?: unknown; ran?: string[] };
export const w = window as unknown as PageWindow;

/** The disconnects a test collects, run after it with the page's markup and globals cleared. */
export function cleanedPage(): (() => void)[] {
  const disconnects: (() => void)[] = [];
  afterEach(() => {
    disconnects.splice(0).forEach((d) => d());
    document.body.innerHTML = '';
    delete w.dataLayer;
    delete w.gtag;
  });
  return disconnects;
}
