/**
 * The UI root: the banner while a decision is needed, the panel as a modal dialog when opened,
 * the launcher once decided, and a polite live region for status messages.
 */
import type { Signal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Banner } from './Banner';
import type { Ui } from './context';
import { Dialog } from './Dialog';
import { Panel } from './Panel';

/** Props of `App`. */
export interface AppProps {
  readonly ui: Ui;
  readonly layout: 'bar' | 'box' | 'modal';
  readonly launcher: boolean;
  readonly panelOpen: Signal<boolean>;
  readonly status: Signal<string>;
}

/**
 * WCAG 2.4.11 Focus Not Obscured: while a bar or box covers the bottom of the viewport, the page
 * scrolls focused elements above it (scroll-padding-bottom = the banner's height).
 */
function useScrollPadding(el: HTMLElement | null): void {
  useEffect(() => {
    if (!el) return;
    const root = el.ownerDocument.documentElement;
    const previous = root.style.scrollPaddingBottom;
    const update = (): void => {
      root.style.scrollPaddingBottom = `${Math.ceil(el.getBoundingClientRect().height) + 8}px`;
    };
    update();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      root.style.scrollPaddingBottom = previous;
    };
  }, [el]);
}

/** The whole visitor UI. */
export function App({ ui, layout, launcher, panelOpen, status }: AppProps): JSX.Element {
  const prompt = ui.consent.needsPrompt.value;
  const open = panelOpen.value;
  const bannerRef = useRef<HTMLDivElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const focusLauncher = useRef(false);
  const showBanner = prompt && !open;
  useScrollPadding(showBanner && layout !== 'modal' ? bannerRef.current : null);
  useEffect(() => {
    // After a decision on the banner, focus goes to the launcher instead of being lost.
    if (focusLauncher.current && launcherRef.current) {
      focusLauncher.current = false;
      launcherRef.current.focus();
    }
  });
  const close = (): void => void (panelOpen.value = false);
  return (
    <div class="root">
      <div class="status" role="status" aria-live="polite">
        {status.value}
      </div>
      <div ref={bannerRef}>
        {showBanner && <Banner ui={ui} layout={layout} onCustomize={() => (panelOpen.value = true)} onDecided={() => (focusLauncher.current = true)} />}
      </div>
      <Dialog open={open} labelledBy="candor-panel-title" describedBy="candor-panel-intro" onClose={close}>
        {open && <Panel ui={ui} inline={false} onDone={close} />}
      </Dialog>
      {launcher && !prompt && (
        <button type="button" class="launcher" ref={launcherRef} onClick={() => (panelOpen.value = true)}>
          {ui.t('launcher.label')}
        </button>
      )}
    </div>
  );
}
