/**
 * The engine-neutral driver the cross-engine critical paths are written against. Each engine has
 * a small adapter (chromium.ts: Playwright; firefox.ts: puppeteer-core over WebDriver BiDi;
 * webkit.ts: selenium-webdriver and WebKitWebDriver). Everything above this interface (finding an
 * element in the shadow root, waiting for a condition) is written once, here, and runs in the page.
 */

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** A cookie as the current page of a tab sees it (its domain without the leading dot). */
export interface Cookie {
  readonly name: string;
  readonly domain: string;
}

export type Key = 'Tab' | 'Shift+Tab' | 'Enter' | 'Space' | 'Escape';

/** One tab (a top-level browsing context). */
export interface Tab {
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** The browser's Back; resolves once the previous page is shown (restored or loaded). */
  back(): Promise<void>;
  /** Runs `fn(arg)` in the page (it must be self-contained); awaits a returned promise. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** A real pointer click at viewport coordinates (CSS pixels); `count` 2: a double click. */
  clickAt(x: number, y: number, count?: 1 | 2): Promise<void>;
  /** A real pointer move to viewport coordinates (CSS pixels), without a click. */
  moveTo(x: number, y: number): Promise<void>;
  /**
   * A real key press to the focused element; `count` 2: pressed twice in one go, as quickly as the
   * browser takes them (one round trip to the driver, so a busy machine cannot space them out). A
   * list: its keys one after another, in one go the same way.
   */
  press(key: Key | readonly Key[], count?: 1 | 2): Promise<void>;
  /** The cookies a request to the current page would carry. */
  cookies(): Promise<Cookie[]>;
  /** Closes the tab as a visitor would (pagehide runs). */
  close(): Promise<void>;
}

/** A fresh browser profile: no cookies, no storage, no cache; its tabs share them. */
export interface Session {
  /** The first tab. */
  readonly tab: Tab;
  newTab(): Promise<Tab>;
  /** Uncaught errors and unhandled rejections in every page of this session so far. */
  errors(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * What the visitor's system asks of pages (CSS media features): less motion
 * (`prefers-reduced-motion: reduce`), its own colours (`forced-colors: active`).
 */
export interface Display {
  readonly reducedMotion?: boolean;
  readonly forcedColors?: boolean;
}

/** One running browser engine. */
export interface Engine {
  readonly name: EngineName;
  readonly version: string;
  /** Whether Back can restore a page from the back/forward cache in this setup. */
  readonly bfcache: boolean;
  /** Whether the engine has a forced-colours mode (WebKitGTK has none: a session asking for it fails). */
  readonly forcedColors: boolean;
  /** A fresh profile; with `display`, in a browser whose system asks that of pages. */
  newSession(display?: Display): Promise<Session>;
  close(): Promise<void>;
}

/** Host names the adapters resolve to 127.0.0.1, for cookies on a parent domain (shop.candor.test → candor.test). */
export const LOOPBACK_HOSTS = ['candor.test', 'shop.candor.test', 'www.candor.test'] as const;

/** Rejects with `message` when `p` takes longer than `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`${message} (no answer within ${ms / 1000} s)`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `fn(arg)` in the page until `until` accepts its value (by default: truthy) and returns
 * it; throws with `what` and the last value after `timeout` ms. Errors while the page navigates
 * are retried.
 */
export async function poll<R, A = undefined>(
  tab: Tab,
  what: string,
  fn: (arg: A) => R | Promise<R>,
  arg?: A,
  until: (v: R) => boolean = Boolean,
  timeout = 10_000,
): Promise<R> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await tab.evaluate(fn, arg as A);
      if (until(value)) return value;
      last = value;
    } catch (e) {
      last = e instanceof Error ? e.message : e; // the page is navigating: try again
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What to find: an element by its role and accessible name, optionally inside a named region or dialog. */
export interface Target {
  readonly role: 'button' | 'switch' | 'link' | 'region' | 'dialog';
  readonly name: string;
  readonly within?: string;
}

/**
 * In the page: the element for `t`, searched in the document and every open shadow root (the
 * accessible name from aria-labelledby, aria-label or the text). With `hit`, it is scrolled into
 * view and returned only once it has stood still for 150 ms (no animation or late content moving
 * it) and would receive a click at its centre: then its centre is returned, and the element notes
 * in `window.__engineClicked` when a click reaches it. Self-contained: it is sent to the page as source.
 */
export function findInPage(a: { t: Target; hit: boolean; mark?: string }): Promise<{ x: number; y: number } | boolean> {
  const all: Element[] = [];
  const walk = (root: Document | ShadowRoot): void => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const roleOf = (el: Element): string => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    if (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') return 'button';
    if (el.tagName === 'A' && el.hasAttribute('href')) return 'link';
    if (el.tagName === 'DIALOG') return 'dialog';
    if (el.tagName === 'SECTION' && (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')))
      return 'region';
    return '';
  };
  const text = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
  const nameOf = (el: Element): string => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const root = el.getRootNode() as Document | ShadowRoot;
      return text(
        by
          .split(/\s+/)
          .map((id) => root.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    }
    return text(el.getAttribute('aria-label') ?? el.textContent);
  };
  const shown = (el: Element): boolean =>
    el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== 'hidden' &&
    !(el.tagName === 'DIALOG' && !el.hasAttribute('open'));
  const { t } = a;
  let scope = all;
  if (t.within) {
    const box = all.find((el) => ['region', 'dialog'].includes(roleOf(el)) && nameOf(el) === t.within && shown(el));
    if (!box) return Promise.resolve(false);
    // Inside it, shadow roots included (an inline panel is in a shadow root in the page's element).
    const inside = (n: Node | null): boolean => !!n && (n === box || inside(n.parentNode ?? (n as ShadowRoot).host));
    scope = all.filter(inside);
  }
  const el = scope.find((e) => roleOf(e) === t.role && nameOf(e) === t.name && shown(e)) as HTMLElement | undefined;
  if (!el || !a.hit) return Promise.resolve(!!el);
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const at = (): string => JSON.stringify(el.getBoundingClientRect());
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  return (async () => {
    const first = at();
    for (let i = 0; i < 3; i++) {
      await sleep(50);
      if (at() !== first) return false;
    }
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const x = Math.round(r.x + r.width / 2);
    const y = Math.round(r.y + r.height / 2);
    let hit: Element | null = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner: Element | null = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    if (!hit || !(hit === el || el.contains(hit))) return false;
    const w = window as { __engineArmed?: string; __engineClicked?: string };
    const mark = a.mark ?? '';
    w.__engineArmed = mark;
    el.addEventListener('click', () => void (w.__engineClicked = mark), { once: true, capture: true });
    return { x, y };
  })();
}

/** Whether `t` is shown now. */
export const isShown = (tab: Tab, t: Target): Promise<boolean> =>
  tab.evaluate(findInPage, { t, hit: false }).then(Boolean);

const described = (t: Target): string => `${t.role} "${t.name}"${t.within ? ` in "${t.within}"` : ''}`;

/** Waits until `t` is shown. */
export const shown = (tab: Tab, t: Target, timeout = 10_000): Promise<unknown> =>
  poll(tab, described(t), findInPage, { t, hit: false }, Boolean, timeout);

/** Waits until `t` is gone. */
export const gone = (tab: Tab, t: Target, timeout = 10_000): Promise<unknown> =>
  poll(tab, `${described(t)} to go`, findInPage, { t, hit: false }, (v) => !v, timeout);

let clicks = 0;
/**
 * Clicks `t` with the real pointer once it can be clicked (shown, still, not covered), and makes
 * sure the click reached it; when something moved it at the last moment, it finds it and clicks
 * again. `count` 2: a double click.
 */
export async function click(tab: Tab, t: Target, timeout = 10_000, count: 1 | 2 = 1): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const mark = `click-${++clicks}`;
    const at = (await poll(
      tab,
      `${described(t)} to be clickable`,
      findInPage,
      { t, hit: true, mark },
      Boolean,
      timeout,
    )) as { x: number; y: number };
    await tab.clickAt(at.x, at.y, count);
    // Reached: the element heard it, or the page is another document now (the click navigated).
    const reached = await poll(
      tab,
      'the click',
      (m) => {
        const w = window as { __engineArmed?: string; __engineClicked?: string };
        return w.__engineClicked === m || w.__engineArmed !== m;
      },
      mark,
      Boolean,
      1_000,
    ).catch(() => true);
    if (reached) return;
    if (attempt === 3) throw new Error(`three clicks at ${described(t)} did not reach it`);
  }
}
