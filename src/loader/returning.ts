/**
 * A returning visitor's page, which the loader answers alone from the trusted cookie, shipped as
 * the `candor-returning.mjs` chunk (requested at once, in parallel with the gate): the stand-in
 * launcher, `[data-candor-open]`, and the moments the engine must load. The UI loader (the page
 * chunk) follows only when the launcher is used or the engine starts; a first visit never loads
 * this chunk.
 */
import type { SiteView } from '../core/site-view';
import { onOpenLinks } from '../dom/open-links';
import { watchEngineTriggers } from './engine-triggers';
import type { Facade } from './facade';
import { showStandInLauncher, launcherLabel } from './stand-in-launcher';

/** What the loader hands over. */
export interface ReturningOptions {
  /** When the trusted decision expires (epoch milliseconds). */
  readonly until: number;
  /** The locale the loader chose (core/locale-choice.ts). */
  readonly locale: string;
  /** The loader's URL: locales are fetched next to it. */
  readonly base: string;
  /** Tells the page what has() answers now (gate, Consent Mode, dataLayer). */
  readonly known: () => void;
  /** Loads the page chunk (the UI loader) once; resolves with `ui(open)`. */
  readonly page: () => Promise<(open: boolean) => void>;
}

/** Wires the returning visitor's page for `view`. */
export function wireReturning(facade: Facade, view: SiteView, o: ReturningOptions): void {
  const open = (): void =>
    void o.page().then(
      (ui) => ui(true),
      () => {},
    );
  if (view.launcher) showLauncher(view, o.locale, o.base, open);
  // Any [data-candor-open] element opens the panel (loading the UI first).
  onOpenLinks(document, open);
  // The page is told at once what has() now answers (nothing, once the decision has expired).
  watchEngineTriggers(() => (o.known(), void facade.start()), o.until);
  // Another tab may have decided before these listeners were there (this chunk loads once the page
  // is parsed): has() then no longer answers from the cookie and starts the engine (loader/facade.ts),
  // and the page hears it now.
  o.known();
}

/** The stand-in launcher in `locale`, unless a UI is there (also once a decision is made with the engine). */
export const showLauncher = (view: SiteView, locale: string, base: string, open: () => void): void =>
  showStandInLauncher(launcherLabel(view, locale, base), view.theme, open);
