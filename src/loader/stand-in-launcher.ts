/**
 * A returning visitor downloads no UI: this small button (no framework) stands in for the UI's
 * launcher and loads the panel on demand. The UI removes it when it mounts.
 */
import { adoptCss } from '../dom/adopt-css';

// The same look as the UI's launcher (ui/styles.ts), in as few bytes as possible.
const LAUNCHER_CSS =
  'button{position:fixed;z-index:2147482999;bottom:1rem;inset-inline-start:1rem;font:16px system-ui,sans-serif;min-height:44px;padding:0 .9rem;border:2px solid #1d4ed8;border-radius:2rem;background:#fff;color:#1a1a1a}' +
  'button:focus-visible{outline:3px solid #b45309}';

/** Shows the stand-in launcher (once, and not over a mounted UI) once `<body>` exists. */
export function showStandInLauncher(label: string, onClick: () => void): void {
  const show = (): void => {
    if (document.querySelector('[data-candor-launcher],[data-candor-ui]')) return;
    const host = document.createElement('div');
    host.setAttribute('data-candor-launcher', '');
    const root = host.attachShadow({ mode: 'open' });
    adoptCss(root, LAUNCHER_CSS); // unstyled but usable where constructable stylesheets are missing
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', onClick);
    root.append(button);
    document.body.append(host);
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
}
