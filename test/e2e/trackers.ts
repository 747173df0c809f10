/**
 * Fake trackers: every request to a host that is not this test site (loopback or *.candor.test)
 * is answered here and recorded, never sent out. The fake scripts say they ran and set the
 * cookies the real ones set.
 */
import type { BrowserContext } from '@playwright/test';

export interface TrackerLog {
  readonly requests: string[];
  hosts(): string[];
}

/** The requests in `log` whose `name` query parameter is `name` (the test pages name each tag's URL). */
export const requestsFor = (log: TrackerLog, name: string): string[] =>
  log.requests.filter((u) => new URL(u).searchParams.get('name') === name);

const js = (name: string, cookies: string[] = []): string =>
  `(window.__ran = window.__ran || []).push(${JSON.stringify(name)});` +
  cookies.map((c) => `document.cookie = ${JSON.stringify(c)};`).join('');

const RESPONSES: [RegExp, string, string][] = [
  [
    /googletagmanager\.com\/gtag\/js/,
    'text/javascript',
    js('gtag.js', ['_ga=GA1.1.111.222; path=/; domain=candor.test', '_ga_TEST=GS1.1.333; path=/']),
  ],
  [/googletagmanager\.com\/gtm\.js/, 'text/javascript', js('gtm.js')],
  [/connect\.facebook\.net\/.*fbevents\.js/, 'text/javascript', js('fbevents.js', ['_fbp=fb.1.444.555; path=/'])],
  [/google-analytics\.com\/unmarked\.js/, 'text/javascript', js('unmarked.js')],
  [/youtube-nocookie\.com\/embed\//, 'text/html', '<!doctype html><title>Video</title><p>video</p>'],
];

/** Routes every non-site request of `context` to the fake trackers. */
export async function fakeTrackers(context: BrowserContext): Promise<TrackerLog> {
  const requests: string[] = [];
  await context.route(
    (url) => !/^(127\.0\.0\.1|localhost|([a-z0-9-]+\.)*candor\.test)$/.test(url.hostname),
    async (route) => {
      const url = route.request().url();
      requests.push(url);
      const hit = RESPONSES.find(([re]) => re.test(url));
      // "Slow" scripts, for the order test: ?delay=ms
      const delay = Number(new URL(url).searchParams.get('delay') ?? 0);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const name = new URL(url).searchParams.get('name');
      if (name)
        return route.fulfill({
          contentType: 'text/javascript',
          body: `(window.__order = window.__order || []).push(${JSON.stringify(name)});`,
        });
      await route.fulfill(hit ? { contentType: hit[1], body: hit[2] } : { status: 204, body: '' });
    },
  );
  return { requests, hosts: () => [...new Set(requests.map((u) => new URL(u).hostname))].sort() };
}
