/**
 * Helpers of the accessibility specs (a11y-audit.spec.ts, withdrawal.spec.ts): the UI test page
 * with a given config, what Chromium's accessibility tree exposes (CDP, not Playwright's own
 * computation, which ignores the modal dialog's inertness), what was written into live regions,
 * where focus is (looking into shadow roots) and whether it was ever lost, and axe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AxePlaywright from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import axeCore from 'axe-core';
import { expect } from './fixtures';

const AXE_MIN = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * `@axe-core/playwright`'s AxeBuilder, for every axe run of the specs, with the same rules and the
 * same results, in a fraction of the time where a page has no frames. By default AxeBuilder runs
 * axe in each frame (axe.runPartial) and then once more in a new blank page that combines the
 * frames' results (axe.finishRun): a page opened and axe injected into it for every analysis, about
 * 0.9 of its 1.2 s. Without frames there is nothing to combine, so axe.run in the page itself (its
 * "legacy mode") gives the same result; a page with frames keeps the default, which reaches every
 * frame of any origin. And AxeBuilder injects axe's 1.5 MB of source into the page twice per
 * analysis: where an earlier analysis left this same axe in the document, it is run again instead
 * (as axe allows: every run starts from a clean state and configures itself), about 0.25 s less.
 * What it injects is axe's minified build, the same axe (0.65 MB to parse in each new document
 * instead of the 1.5 MB of axe.js, which AxeBuilder takes by default).
 */
export class AxeBuilder extends AxePlaywright {
  readonly #page: Page;
  constructor(params: { page: Page }) {
    super({ page: params.page, axeSource: AXE_MIN });
    this.#page = params.page;
  }
  override async analyze(): ReturnType<AxePlaywright['analyze']> {
    const framed = this.#page.frames().length > 1;
    this.setLegacyMode(!framed);
    if (!framed && (await this.#page.evaluate(`window.axe?.version === ${JSON.stringify(axeCore.version)}`)))
      // The source it injects (`axeSource`, read at each injection): nothing, as axe is there already.
      (this as unknown as { axeSource: string }).axeSource = ';';
    // Every node of the violations (the specs read nothing else); one node of each other type.
    const self = this as unknown as { option?: object };
    self.option = { ...self.option, resultTypes: ['violations'] };
    return super.analyze();
  }
}

export interface Options {
  layout?: 'bar' | 'box' | 'modal';
  theme?: 'light' | 'dark' | 'auto';
  /** With layout `modal`: the site's wall. */
  blocking?: boolean;
  lang?: string;
  /** Add the demo's preference fields (a checkbox and the channel matrix) to the panel. */
  preferences?: boolean;
  /** Config `ui.launcher`. @default true */
  launcher?: boolean;
  /** Config `sync.endpoint` (the dashboard's data requests go there, not to the contact). */
  sync?: string;
}

const PREFERENCES = [
  { id: 'newsletter', type: 'boolean', default: false },
  {
    id: 'channels',
    type: 'matrix',
    rows: ['newsletter', 'order-updates'],
    options: ['email', 'sms', 'phone', 'post', 'in-app'],
  },
];
const PREFERENCE_TEXTS = {
  'preference.newsletter.title': 'Send me the bakery newsletter',
  'preference.channels.title': 'How we may reach you, per kind of message',
  'preference.channels.row.newsletter': 'Newsletter',
  'preference.channels.row.order-updates': 'Order updates',
  'preference.channels.email': 'Email',
  'preference.channels.sms': 'SMS',
  'preference.channels.phone': 'Phone',
  'preference.channels.post': 'Post',
  'preference.channels.in-app': 'In the app',
};
/** The same in Arabic, for the right-to-left audits. */
const PREFERENCE_TEXTS_AR = {
  'preference.newsletter.title': 'أرسلوا لي نشرة المخبز',
  'preference.channels.title': 'كيف يمكننا التواصل معك، حسب نوع الرسالة',
  'preference.channels.row.newsletter': 'النشرة',
  'preference.channels.row.order-updates': 'تحديثات الطلبات',
  'preference.channels.email': 'البريد الإلكتروني',
  'preference.channels.sms': 'رسائل نصية',
  'preference.channels.phone': 'الهاتف',
  'preference.channels.post': 'البريد',
  'preference.channels.in-app': 'داخل التطبيق',
};
/** Object entries as they go inside a JSON object literal, with a trailing comma. */
const entries = (o: object): string => `${JSON.stringify(o).slice(1, -1)}, `;

/** Opens the UI test page with its config's `ui` (and, with `preferences`, preference fields) and page language set. */
export async function openUi(page: Page, origin: string, o: Options = {}): Promise<void> {
  await page.route('**/test/e2e/pages/ui.html', async (route) => {
    let body = await (await route.fetch()).text();
    const ui = JSON.stringify({
      layout: o.layout ?? 'bar',
      theme: o.theme ?? 'light',
      launcher: o.launcher ?? true,
      blocking: o.blocking ?? false,
    });
    const prefs = o.preferences ? `"preferences": ${JSON.stringify(PREFERENCES)},\n  ` : '';
    const sync = o.sync ? `"sync": ${JSON.stringify({ endpoint: o.sync })},\n  ` : '';
    body = body
      .replace('"policy": {', `"ui": ${ui},\n  ${prefs}${sync}"policy": {`)
      .replace('"en": {', `"en": {${entries(PREFERENCE_TEXTS)}`)
      .replace('"ar": {', `"ar": {${entries(PREFERENCE_TEXTS_AR)}`)
      .replace('<html lang="en">', `<html lang="${o.lang ?? 'en'}">`);
    await route.fulfill({ body, contentType: 'text/html' });
  });
  await page.goto(`${origin}/test/e2e/pages/ui.html`);
}

export const dialog = (page: Page): Locator => page.getByRole('dialog', { name: 'Privacy settings' });
export const launcher = (page: Page): Locator => page.getByRole('button', { name: 'Privacy settings' });

/** Opens the test page with a wall (the modal layout with `ui.blocking`) and returns it, shown. */
export async function openWall(page: Page, origin: string): Promise<Locator> {
  await openUi(page, origin, { layout: 'modal', blocking: true });
  const wall = page.getByRole('dialog', { name: 'Cookies and your privacy' });
  await expect(wall).toBeVisible();
  return wall;
}

/**
 * Whether Chromium exposes `text` inside a live region, and where: 'dialog' (a live region in the
 * open dialog), 'page' (elsewhere) or null (nowhere: hidden, inert or absent). Read from
 * Chromium's own accessibility tree, where the inert page behind a modal dialog is ignored.
 */
export async function announcedIn(page: Page, text: string): Promise<'dialog' | 'page' | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    for (const n of nodes) {
      if (n.ignored || n.role?.value !== 'StaticText' || n.name?.value !== text) continue;
      let live = false;
      let inDialog = false;
      for (
        let a = n.parentId ? byId.get(n.parentId) : undefined;
        a;
        a = a.parentId ? byId.get(a.parentId) : undefined
      ) {
        if (a.ignored) break;
        if (
          a.properties?.some((p) => p.name === 'live' && (p.value.value === 'polite' || p.value.value === 'assertive'))
        )
          live = true;
        if (a.role?.value === 'dialog') inDialog = true;
      }
      if (live) return inDialog ? 'dialog' : 'page';
    }
    return null;
  } finally {
    await cdp.detach();
  }
}
/** Whether Chromium's accessibility tree has a node of `role` named `name` that is not ignored. */
export async function exposed(page: Page, role: string, name: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    return nodes.some((n) => !n.ignored && n.role?.value === role && n.name?.value === name);
  } finally {
    await cdp.detach();
  }
}
interface AXNode {
  nodeId: string;
  parentId?: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
}

/**
 * Records every text written into a live region of the UI (every UI root on the page at the
 * call: the shell's, an inline panel's), and whether the region was exposed at
 * that moment: not inert, and inside the modal dialog when one is open (Chromium ignores the rest,
 * so a change there is never announced). The accessibility tree can only be read afterwards; this
 * tells a text written while hidden and then revealed from one that was announced.
 */
export async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const roots = Array.from(document.querySelectorAll('[data-candor-ui]'), (host) => host.shadowRoot!);
    const w = window as { __said?: { text: string; exposed: boolean }[] };
    w.__said = [];
    const last = new WeakMap<Element, string>();
    const record = (): void => {
      const modal = roots.map((r) => r.querySelector('dialog:modal')).find(Boolean);
      for (const el of roots.flatMap((r) => Array.from(r.querySelectorAll('[aria-live]')))) {
        const text = el.textContent ?? '';
        if (text === (last.get(el) ?? '')) continue;
        last.set(el, text);
        if (text) w.__said!.push({ text, exposed: !el.closest('[inert]') && (!modal || modal.contains(el)) });
      }
    };
    for (const root of roots)
      new MutationObserver(record).observe(root, { subtree: true, childList: true, characterData: true });
  });
}
export const said = (page: Page): Promise<{ text: string; exposed: boolean }[]> =>
  page.evaluate(() => (window as { __said?: { text: string; exposed: boolean }[] }).__said ?? []);

/**
 * Waits until the page's decision is stored where a returning visitor's loader reads it (the
 * `candor` cookie, written after IndexedDB), so a reload meets the stand-in launcher.
 */
export async function decisionStored(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(async () => (await window.Candor!.records()).length > 0 && /(^|; )candor=/.test(document.cookie)),
    )
    .toBe(true);
}

/**
 * Starts recording, at every rendered frame and at every focus change, whether focus is lost: on
 * <body> (or nothing), or on the UI's host with nothing focused inside its shadow root.
 */
export async function watchFocus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as { __lost?: string[] };
    w.__lost = [];
    const check = (when: string): void => {
      const a = document.activeElement;
      const lost =
        !a ||
        a === document.body ||
        (a.shadowRoot !== null &&
          a.shadowRoot.activeElement === null &&
          a.matches('[data-candor-ui],[data-candor-launcher]'));
      if (lost) w.__lost!.push(`${when}: ${a ? a.nodeName : 'nothing'}`);
    };
    const frame = (): void => {
      check('frame');
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    // Focus moving to another element (relatedTarget: it, or its shadow host) is never lost; while it
    // moves, Chromium reports <body> as active in between, which is not what the visitor gets.
    document.addEventListener(
      'focusout',
      (e) => void (e.relatedTarget === null && queueMicrotask(() => check('focusout'))),
      true,
    );
  });
}
/** The deeply focused element as `role:name` (its text or label; an input's type and label), looking into open shadow roots. */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const by = el.getAttribute('aria-labelledby');
    const input = el instanceof HTMLInputElement ? el : null;
    const name =
      el.getAttribute('aria-label') ??
      (by ? (el.getRootNode() as Document).getElementById(by)?.textContent : (input?.labels?.[0] ?? el).textContent);
    return `${el.getAttribute('role') ?? input?.type ?? el.tagName.toLowerCase()}:${(name ?? '').trim()}`;
  });
export const lostFocus = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as { __lost?: string[] }).__lost ?? []);

/** Presses `key` and expects focus on `expected` afterwards, and never lost on the way. */
export async function step(page: Page, key: string, expected: string): Promise<void> {
  await page.keyboard.press(key);
  await expect.poll(() => focused(page), `focus after ${key}, expecting ${expected}`).toBe(expected);
  expect(await lostFocus(page), `focus lost after ${key} towards ${expected}`).toEqual([]);
}
/** Focuses `target` (by keyboard: Tab until it has focus) and checks that it has it. */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80 && !(await target.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** Attaches a screenshot of the page as `name`.png to the test's report. */
export async function attachShot(page: Page, info: TestInfo, name: string): Promise<void> {
  await info.attach(`${name}.png`, { body: await page.screenshot(), contentType: 'image/png' });
}

/**
 * axe with WCAG 2.0–2.2 A and AA and best practice (but the `disabled` rules): zero violations in
 * `name`. A state with violations gets its screenshot attached, a clean one none: nothing compared
 * them (visual.spec.ts holds the references), and one per audit, some 280 a run, cost about 0.1 to
 * 0.2 s of a test's time each.
 */
export async function axe(page: Page, info: TestInfo, name: string, disabled: string[] = []): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags([
    'wcag2a',
    'wcag2aa',
    'wcag21a',
    'wcag21aa',
    'wcag22aa',
    'best-practice',
  ]);
  const result = await (disabled.length ? builder.disableRules(disabled) : builder).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (found.length) await attachShot(page, info, name);
  expect(found, name).toEqual([]);
}

/** Mounts the panel inline into the page's #account element (as an account page does), without a launcher. */
export async function mountInline(page: Page, view?: 'choices' | 'preferences' | 'data'): Promise<Locator> {
  await page.evaluate(async (first) => {
    const m = (await import('/dist/candor-ui.mjs' as string)) as { mountUI: (c: unknown, o: object) => unknown };
    await window.Candor!.ready; // as documented: a first visit's engine may still be on its way
    m.mountUI(window.Candor, { container: document.getElementById('account'), launcher: false, view: first });
  }, view);
  const inline = page.locator('#account');
  await expect(inline.getByRole('tablist')).toBeVisible();
  return inline;
}

/**
 * WCAG 2.4.11 Focus Not Obscured, measured: adds `count` links at the end of the page (before the
 * spacer a banner keeps there), then presses Tab until the last has had focus, and fails on any
 * page element focused on the way that overlaps `over` (a selector inside Candor's shadow root).
 */
export async function tabPastCandor(page: Page, over: string, count: number): Promise<void> {
  await page.evaluate((n) => {
    const links = document.createElement('div');
    for (let i = 0; i < n; i++) {
      const p = document.createElement('p');
      p.innerHTML = `<a href="#l${i}">Link ${i}</a>`;
      p.style.margin = '0 0 1.5rem';
      links.append(p);
    }
    document.body.insertBefore(links, document.querySelector('[data-candor-spacer]'));
  }, count);
  const last = `Link ${count - 1}`;
  const seen: string[] = [];
  const focused = (selector: string) =>
    page.evaluate((selector) => {
      const el = document.activeElement;
      if (!el || el.closest('[data-candor-ui]') || el === document.body) return null;
      const u = document
        .querySelector('[data-candor-ui]')!
        .shadowRoot!.querySelector(selector)!
        .getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const overlap =
        Math.max(0, Math.min(r.bottom, u.bottom) - Math.max(r.top, u.top)) *
        Math.max(0, Math.min(r.right, u.right) - Math.max(r.left, u.left));
      return { name: el.textContent?.trim() ?? '', overlap };
    }, selector);
  for (let n = 0; n < 2 * count + 20 && !seen.includes(last); n++) {
    await page.keyboard.press('Tab');
    const hidden = await focused(over);
    if (!hidden) continue;
    seen.push(hidden.name);
    // A non-blocking modal minimises at the focus and scrolls the element above its bar after the
    // next layout (ui/minimize.ts): the overlap must be gone then, on a loaded machine a frame later.
    await expect
      .poll(async () => (await focused(over))?.overlap, { message: `${hidden.name} under ${over}`, timeout: 2_000 })
      .toBe(0);
  }
  expect(seen).toContain(last);
}
