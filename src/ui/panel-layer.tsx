/**
 * The second layer (Preact): the preference panel as a modal dialog inside the first layer's
 * shadow root, mounted the first time the visitor opens it. On close, focus returns to the element
 * that opened it; when that is gone, to the banner's first control when the banner is showing (the
 * decision expired while the panel was open), else to the launcher; without either, to the start
 * of the page.
 */
import { signal, type Signal } from '@preact/signals';
import { render, type JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Ui } from './ui-model';
import { Dialog, focusables } from './Dialog';
import { Panel } from './Panel';
import type { PanelLayer, Shell } from './shell';
import { adoptCss } from '../dom/adopt-css';
import { PANEL_CSS } from './panel-styles';
import { isFocusLost } from './focus-lost';
import { focusPageStart } from './page-focus';

interface PanelDialogProps {
  readonly ui: Ui;
  readonly open: Signal<boolean>;
  readonly onLost: () => void;
}

function PanelDialog({ ui, open, onLost }: PanelDialogProps): JSX.Element {
  const isOpen = open.value;
  useEffect(() => {
    if (isOpen) ui.notify('panel-opened', {});
  }, [isOpen]);
  const close = (): void => void (open.value = false);
  return (
    <Dialog
      open={isOpen}
      labelledBy="candor-panel-title"
      describedBy="candor-panel-intro"
      onClose={close}
      onLost={onLost}
    >
      {isOpen && <Panel ui={ui} inline={false} onDone={close} />}
    </Dialog>
  );
}

/** Mounts the panel dialog into `shell` (closed). */
export function mountPanel(shell: Shell): PanelLayer {
  adoptCss(shell.root, PANEL_CSS);
  const open = signal(false);
  const el = document.createElement('div');
  shell.container.append(el);
  const onLost = (): void => {
    // The banner's first control when it came back (the decision expired while the panel was open).
    const banner = shell.root.querySelector('.banner');
    if (banner) focusables(banner)[0]?.focus();
    else shell.focusFallback();
    if (isFocusLost(document)) focusPageStart(document);
  };
  render(<PanelDialog ui={shell.ui} open={open} onLost={onLost} />, el);
  return {
    open() {
      const d = el.querySelector('dialog');
      if ((open.value = el.isConnected) && d?.open) {
        d.close();
        d.showModal();
      }
    },
    close: () => void (open.value = false),
    destroy() {
      render(null, el);
      el.remove();
    },
  };
}
