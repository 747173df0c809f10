/**
 * The UI's styles, in two sheets: the first layer's (theme variables, banner, buttons, launcher)
 * and the panel's (panel-styles.ts), adopted into the UI's shadow root as constructable stylesheets
 * (no `style-src 'unsafe-inline'` needed). Themes, the design's rules and why: docs/theming.md.
 */
/** Theme variables, banner, buttons, launcher, live region. */
export const SHELL_CSS = `
:host{all:initial;--candor-bg:#fff;--candor-fg:#1a1a1a;--candor-muted:#4a4a4a;--candor-accent:#1d4ed8;--candor-accent-fg:#fff;--candor-border:#6b7280;--candor-focus:#b45309;--candor-radius:.5rem;--candor-font:system-ui,sans-serif;--candor-space:1rem;--candor-shadow:0 .5rem 2rem #00000040;color-scheme:light}
:host([data-theme=dark]){color-scheme:dark;--candor-bg:#1f2023;--candor-fg:#f2f2f2;--candor-muted:#c8c8c8;--candor-accent:#8fb0ff;--candor-accent-fg:#0b0b0b;--candor-border:#9aa0a6;--candor-focus:#fbbf24}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){color-scheme:dark;--candor-bg:#1f2023;--candor-fg:#f2f2f2;--candor-muted:#c8c8c8;--candor-accent:#8fb0ff;--candor-accent-fg:#0b0b0b;--candor-border:#9aa0a6;--candor-focus:#fbbf24}}
*{box-sizing:border-box}
.root{font:16px/1.5 var(--candor-font);color:var(--candor-fg);overflow-wrap:break-word;hyphens:auto}
.banner{position:fixed;z-index:2147483000;inset-inline:0;bottom:0;background:var(--candor-bg);border-top:1px solid var(--candor-border);box-shadow:var(--candor-shadow);padding:var(--candor-space);max-height:80vh;overflow:auto}
.box .actions,.modal .actions{grid-template-columns:1fr}
.banner.box{inset-inline:auto var(--candor-space);bottom:var(--candor-space);max-width:min(24rem,100% - 2*var(--candor-space));border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.banner.modal{inset:50% auto auto 50%;transform:translate(-50%,-50%);max-width:32rem;width:calc(100% - 2rem);border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.banner-inner,.banner-head{max-width:72rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:var(--candor-space);align-items:center}
.banner-head{justify-content:space-between;gap:0 .5rem}
.banner.modal.mini{inset:auto 0 0;transform:none;max-width:none;width:auto;border-radius:0}
.mini h2{margin:0}
.link{font:inherit;min-height:44px;border:0;background:none;color:var(--candor-accent);text-decoration:underline;cursor:pointer}
.banner-text{flex:1 1 24rem;min-width:0}
h2{font-size:1.125rem;font-weight:600;margin:0 0 .25rem;line-height:1.3}
p{margin:0 0 .5rem}
a{color:var(--candor-accent)}
.actions{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.5rem}
.banner .actions{flex:1 1 auto}
.banner .btn:last-child{background:none;color:var(--candor-accent)}
.btn{font:inherit;font-weight:600;min-height:44px;min-width:44px;padding:.5rem 1rem;border:2px solid var(--candor-accent);border-radius:var(--candor-radius);background:var(--candor-accent);color:var(--candor-accent-fg);cursor:pointer}
.btn:hover{filter:brightness(1.1)}
:focus-visible{outline:3px solid var(--candor-focus);outline-offset:2px}
.launcher{position:fixed;z-index:2147482999;bottom:var(--candor-space);inset-inline-start:var(--candor-space);max-width:calc(100% - 2*var(--candor-space));font:inherit;min-height:44px;padding:.5rem .9rem;border:2px solid var(--candor-accent);border-radius:2rem;background:var(--candor-bg);color:var(--candor-fg);cursor:pointer;box-shadow:var(--candor-shadow)}
.status{position:absolute;clip-path:inset(50%)}
[hidden]{display:none!important}
@media (max-width:30rem){.actions{grid-template-columns:1fr}}
@media (max-height:30rem){.banner{max-height:50vh}}
`;
