/** Engine-neutral checks the critical paths share: what the gate let through, axe, the UI's controls. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { poll, type Tab, type Target } from './driver';

/** What the engine test pages (and these helpers) keep on `window`; cast to it inside page functions. */
export interface PageGlobals {
  __early?: boolean;
  __errors?: string[];
  __order?: string[];
  __revoke?: unknown;
  __marketing?: number;
  __analytics?: number;
  __restored?: boolean;
  __changes?: boolean[];
  __at?: number;
  /** What had run when pages/streamed.html asked for the rest of itself. */
  __atRelease?: string[];
  axe?: {
    run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }>;
  };
}

export const BANNER = 'Cookies and your privacy';
export const PANEL = 'Privacy settings';
export const banner: Target = { role: 'region', name: BANNER };
export const wall: Target = { role: 'dialog', name: BANNER };
export const panel: Target = { role: 'dialog', name: PANEL };
export const inBanner = (name: string): Target => ({ role: 'button', name, within: BANNER });
export const inPanel = (name: string, role: Target['role'] = 'button'): Target => ({ role, name, within: PANEL });
export const launcher: Target = { role: 'button', name: PANEL };

/** Selects the panel's "Your data and history" tab (the driver has no role for tabs). */
export const historyTab = (tab: Tab): Promise<void> =>
  tab.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const tabs = Array.from(root.querySelectorAll<HTMLElement>('dialog [role=tab]'));
    tabs.find((t) => t.textContent?.includes('Your data and history'))!.click();
  });

/** Resolves once the engine has read the stored decision. */
export const ready = (tab: Tab): Promise<void> => tab.evaluate(() => window.Candor!.ready);
export const has = (tab: Tab, expr: string): Promise<boolean> => tab.evaluate((e) => window.Candor!.has(e), expr);
export const order = (tab: Tab): Promise<string[]> => tab.evaluate(() => (window as PageGlobals).__order ?? []);
export const recordCount = (tab: Tab): Promise<number> =>
  tab.evaluate(() => window.Candor!.records().then((r) => r.length));

/**
 * What the page has let through of its gated tags: marked scripts that are no longer
 * `type="text/plain"` and frames with a URL. While it is empty, nothing gated can run later either.
 */
export const released = (tab: Tab): Promise<string[]> =>
  tab.evaluate(() => {
    const scripts = Array.from(document.scripts).filter(
      (s) => s.type !== 'text/plain' && s.hasAttribute('data-consent'),
    );
    return [...scripts, ...Array.from(document.querySelectorAll('iframe[src]'))].map((el) => el.outerHTML);
  });

let probes = 0;
/**
 * Waits until the gate has handled every element already in the page: adds a frame for a condition
 * nothing grants and waits for the gate's placeholder for it, a button naming it (the gate works
 * in document order, so by then it has seen everything before the probe).
 */
export async function gateSettled(tab: Tab): Promise<void> {
  const title = `gate probe ${++probes}`;
  await tab.evaluate((t) => {
    const probe = document.createElement('iframe');
    probe.setAttribute('data-consent', 'test-gate-probe');
    probe.setAttribute('data-src', 'about:blank');
    probe.title = t;
    document.body.append(probe);
  }, title);
  await poll(
    tab,
    `the gate's placeholder for "${title}"`,
    (t) => {
      const probe = Array.from(document.querySelectorAll('iframe')).find((f) => f.title === t);
      const button = probe?.previousElementSibling?.querySelector('button');
      return !!button && button.getClientRects().length > 0 && (button.textContent ?? '').includes(t);
    },
    title,
  );
}

/** Polls until the gated tags that ran are `expected` (and stay so for the check). */
export const orderBecomes = (tab: Tab, expected: string[]): Promise<string[]> =>
  poll(
    tab,
    `gated tags ${JSON.stringify(expected)}`,
    () => (window as PageGlobals).__order ?? [],
    undefined,
    (o) => JSON.stringify(o) === JSON.stringify(expected),
    15_000,
  );

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe-core (the devDependency's source, injected) on the whole page, open shadow roots included; the violations. */
export async function axeViolations(tab: Tab): Promise<string[]> {
  await tab.evaluate((source) => {
    if ((window as PageGlobals).axe) return;
    const s = document.createElement('script');
    s.textContent = source;
    document.head.append(s);
  }, AXE);
  return tab.evaluate(async (tags) => {
    const result = await (window as PageGlobals).axe!.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  }, TAGS);
}

/** Where focus is: inside the Candor UI's element matching `selector` (through the shadow root). */
export const focusInside = (tab: Tab, selector: string): Promise<boolean> =>
  tab.evaluate(
    (sel) => !!document.querySelector('[data-candor-ui]')?.shadowRoot?.activeElement?.closest(sel),
    selector,
  );

/** The focused element, through shadow roots: tag, class and text (for messages and checks). */
export const focused = (tab: Tab): Promise<{ text: string; path: string }> =>
  tab.evaluate(() => {
    let el = document.activeElement;
    const path = [el?.tagName ?? 'none'];
    while (el?.shadowRoot?.activeElement) {
      el = el.shadowRoot.activeElement;
      path.push(`${el.tagName}.${el.className}`);
    }
    return {
      text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
      path: path.join(' > '),
    };
  });

/** The accessible name (text) of the focused control in the Candor UI, or of the page's focused element. */
export const focusedText = async (tab: Tab): Promise<string> => (await focused(tab)).text;

/**
 * Motion in the Candor UI now: each element of its shadow root (and its `::before`/`::after`) with
 * a transition or an animation in its computed style (`class::pseudo: property duration`, or
 * `animation name`), and the animations running there.
 */
export const motion = (tab: Tab): Promise<string[]> =>
  tab.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const found: string[] = [];
    const moves = (d: string): boolean => d.split(',').some((t) => parseFloat(t) > 0);
    for (const el of Array.from(root.querySelectorAll('*')))
      for (const pseudo of ['', '::before', '::after']) {
        const s = getComputedStyle(el, pseudo || null);
        const who = `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}${pseudo}`;
        if (moves(s.transitionDuration)) found.push(`${who}: ${s.transitionProperty} ${s.transitionDuration}`);
        if (s.animationName !== 'none') found.push(`${who}: animation ${s.animationName}`);
      }
    for (const a of root.getAnimations()) found.push(`running: ${a.constructor.name}`);
    return found;
  });

/** The computed colours of the system colours in the Candor UI (as a colour-adjust-free probe reads them). */
export const systemColors = (
  tab: Tab,
): Promise<Record<'Canvas' | 'CanvasText' | 'Highlight' | 'HighlightText', string>> =>
  tab.evaluate(() => {
    const root = document.querySelector('[data-candor-ui]')!.shadowRoot!;
    const probe = document.createElement('span');
    root.append(probe);
    const read = (c: string): string => {
      probe.style.cssText = `forced-color-adjust:none;background-color:${c}`;
      return getComputedStyle(probe).backgroundColor;
    };
    const colors = {
      Canvas: read('Canvas'),
      CanvasText: read('CanvasText'),
      Highlight: read('Highlight'),
      HighlightText: read('HighlightText'),
    };
    probe.remove();
    return colors;
  });
