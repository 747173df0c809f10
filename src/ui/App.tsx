/**
 * The UI root: the banner while a decision is needed, the panel as a modal dialog when opened,
 * the launcher once decided, and a polite live region for status messages.
 */
import type { Signal } from '@preact/signals';
import type { JSX, RefObject } from 'preact';
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
 * scrolls focused elements above it (scroll-padding-bottom = the banner's height), and a spacer
 * after the page's content gives the last elements room to scroll that far. Styles are set through
 * the CSSOM, which a strict CSP allows; nothing above the spacer moves (no layout shift).
 */
function useScrollPadding(ref: RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    // The wrapper holds the fixed banner, which is what covers the page.
    const el = ref.current?.querySelector<HTMLElement>('.banner');
    if (!active || !el) return;
    const doc = el.ownerDocument;
    const root = doc.documentElement;
    const previous = root.style.scrollPaddingBottom;
    const spacer = doc.createElement('div');
    spacer.setAttribute('aria-hidden', 'true');
    spacer.setAttribute('data-candor-spacer', '');
    doc.body.append(spacer);
    const update = (): void => {
      const h = Math.ceil(el.getBoundingClientRect().height) + 8;
      root.style.scrollPaddingBottom = `${h}px`;
      spacer.style.height = `${h}px`;
    };
    update();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      spacer.remove();
      root.style.scrollPaddingBottom = previous;
    };
  }, [active]);
}

/** The whole visitor UI. */
export function App({ ui, layout, launcher, panelOpen, status }: AppProps): JSX.Element {
  const prompt = ui.consent.needsPrompt.value;
  const open = panelOpen.value;
  const bannerRef = useRef<HTMLDivElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const focusLauncher = useRef(false);
  // The banner stays while the panel is open (inert behind the modal dialog), so Customize keeps
  // focus until the dialog takes it and gets it back when the dialog closes.
  useScrollPadding(bannerRef, prompt && layout !== 'modal');
  useEffect(() => {
    // After a decision on the banner, focus goes to the launcher instead of being lost.
    if (focusLauncher.current && launcherRef.current) {
      focusLauncher.current = false;
      launcherRef.current.focus();
    }
  });
  useEffect(() => {
    if (open) ui.signal('panel-opened', {});
  }, [open]);
  const close = (): void => void (panelOpen.value = false);
  return (
    <div class="root">
      <div class="status" role="status" aria-live="polite">
        {status.value}
      </div>
      <div ref={bannerRef}>
        {prompt && <Banner ui={ui} layout={layout} onCustomize={() => (panelOpen.value = true)} onDecided={() => (focusLauncher.current = true)} />}
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
