/**
 * For DOM tests that run the script tag's boot(): its chunks imported from the sources (the first
 * layer's without its UI, whose locale URLs do not resolve under vitest: the page's hooks alone),
 * and the loader booted for a JSON config in the page, as a site's `<script data-config>` does.
 * Use: `vi.mock('../../src/loader/chunks', async (orig) => (await import('./loader-chunks')).fromSources(await orig()))`.
 */
import { vi } from 'vitest';
import type * as Chunks from '../../src/loader/chunks';

/** `loader/chunks` with every chunk imported from `src/chunks/`. */
export const fromSources = (orig: typeof Chunks): typeof Chunks => ({
  ...orig,
  requestFirstChunks: () => {},
  importChunk: ((_base: string, name: string) =>
    ({
      engine: () => import('../../src/chunks/engine'),
      first: () =>
        Promise.resolve({
          wireLater: (facade: { hooks?: unknown }, view: unknown, o: object) => {
            const ui = (): void => {};
            facade.hooks = { ...o, view, ui, prompt: () => {} };
            return ui;
          },
        }),
      gate: () => import('../../src/chunks/gate'),
      returning: () => import('../../src/chunks/returning'),
      diagnostics: () => import('../../src/chunks/diagnostics'),
    })[name]!()) as typeof orig.importChunk,
});

/** Runs the loader for `<script data-config="…">`, with `config` in the page as `#candor-config` when given. */
export async function bootLoader(dataConfig: string, config?: object): Promise<NonNullable<Window['Candor']>> {
  if (config) {
    const s = document.createElement('script');
    s.id = 'candor-config';
    s.type = 'application/json';
    s.textContent = JSON.stringify(config);
    document.head.append(s);
  }
  const loaderEl = document.createElement('script');
  loaderEl.setAttribute('data-config', dataConfig);
  document.head.append(loaderEl);
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(loaderEl as never);
  const { boot } = await import('../../src/loader/boot');
  boot();
  return window.Candor!;
}
