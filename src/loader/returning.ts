/**
 * A returning visitor's page, which the loader answers alone from the trusted cookie, shipped as
 * the `candor-returning.mjs` chunk (requested once the page is parsed; it wires the page once the
 * gate, if the page has marked elements, has run their tags, at most 3 s later): the stand-in
 * launcher, `[data-candor-open]`, and the moments the engine must load. The UI loader (the page
 * chunk) follows only when the launcher is used or the engine starts; a first visit never loads
 * this chunk.
 */
import type { SiteView } from '../core/site-view';
import { onOpenLinks } from '../dom/open-links';
import { watchEngineTriggers } from './engine-triggers';
import type { Facade } from './facade';
import { followBody } from './follow-body';
import { showStandInLauncher, launcherLabel, type LabelSource } from './stand-in-launcher';

/** What the loader hands over (`json`: its JSON fetch, for the launcher's label). */
export interface ReturningOptions extends LabelSource {
  /** When the trusted decision expires (epoch milliseconds). */
  readonly until: number;
  /** The locale the loader chose (core/locale-choice.ts). */
  readonly locale: string;
  /** The loader's URL: locales are fetched next to it. */
  readonly base: string;
  /** Tells the page what has() answers now (gate, Consent Mode, dataLayer). */
  readonly known: () => void;
  /**
   * Settles once the marked elements of the parsed page are handled: with the gate chunk's import
   * when they needed the gate (it never rejects).
   */
  readonly gate: unknown;
  /** Loads the page chunk (the UI loader) once; resolves with `ui(open)`. */
  readonly page: () => Promise<(open: boolean) => void>;
}

/** How long the page's wiring waits at most for the gate (a stalled request must not hold the launcher). */
const GATE_WAIT_MS = 3000;

/**
 * Wires the returning visitor's page for `view` once the gate has run the page's marked tags (its
 * work in this task would delay theirs; measured by the bench), at most GATE_WAIT_MS later.
 */
export const wireReturning = (facade: Facade, view: SiteView, o: ReturningOptions): void =>
  void Promise.race([o.gate, new Promise((r) => setTimeout(r, GATE_WAIT_MS))]).then(() => {
    followBody(facade);
    const open = (): void =>
      void o.page().then(
        (ui) => ui(true),
        () => {},
      );
    if (view.launcher) showLauncher(facade, view, o, open);
    // Any [data-candor-open] element opens the panel (loading the UI first).
    onOpenLinks(document, open);
    // The page is told at once what has() now answers (nothing, once the decision has expired).
    watchEngineTriggers(() => (o.known(), void facade.start()), o.until);
    // Another tab may have decided before these listeners were there (this chunk loads once the page
    // is parsed): has() then reads the cookie again (loader/facade.ts; untrusted, the engine starts),
    // and the page hears it now (Consent Mode, dataLayer, the gate).
    o.known();
    // Back on the page (its tab, its window): a sibling subdomain may have decided meanwhile (a shared
    // cookie, and no tab message): the page hears what has() answers now; a changed cookie starts the engine.
    addEventListener('focus', o.known);
    document.addEventListener('visibilitychange', o.known);
  });

/**
 * The stand-in launcher in `locale`, unless `facade` holds one or the UI (also once a decision is
 * made with the engine).
 */
export const showLauncher = (facade: Facade, view: SiteView, o: LabelSource, open: () => void): void =>
  showStandInLauncher(facade, launcherLabel(view, o), view.theme, open);
