/**
 * The UI's styles, adopted into its shadow root as a constructable stylesheet (no inline styles,
 * so no `style-src 'unsafe-inline'`). Theme through the documented custom properties
 * (docs/theming.md); light, dark and `prefers-color-scheme`; reduced motion; RTL through logical
 * properties. Colours meet 4.5:1 for text and 3:1 for controls in both themes.
 */
export const CSS = `
:host{all:initial;--candor-bg:#fff;--candor-fg:#1a1a1a;--candor-muted:#4a4a4a;--candor-accent:#1d4ed8;--candor-accent-fg:#fff;--candor-border:#6b7280;--candor-focus:#b45309;--candor-radius:.5rem;--candor-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--candor-space:1rem;--candor-shadow:0 .5rem 2rem rgba(0,0,0,.25)}
:host([data-theme=dark]){--candor-bg:#1f2023;--candor-fg:#f2f2f2;--candor-muted:#c8c8c8;--candor-accent:#8fb0ff;--candor-accent-fg:#0b0b0b;--candor-border:#9aa0a6;--candor-focus:#fbbf24}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){--candor-bg:#1f2023;--candor-fg:#f2f2f2;--candor-muted:#c8c8c8;--candor-accent:#8fb0ff;--candor-accent-fg:#0b0b0b;--candor-border:#9aa0a6;--candor-focus:#fbbf24}}
*{box-sizing:border-box}
.root{font:16px/1.5 var(--candor-font);color:var(--candor-fg)}
.banner{position:fixed;z-index:2147483000;inset-inline:0;bottom:0;background:var(--candor-bg);color:var(--candor-fg);border-top:1px solid var(--candor-border);box-shadow:var(--candor-shadow);padding:var(--candor-space);max-height:80vh;overflow:auto}
.banner.box .actions{grid-template-columns:1fr}
.banner.box{inset-inline:auto var(--candor-space);bottom:var(--candor-space);max-width:24rem;border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.banner.modal{inset:50% auto auto 50%;transform:translate(-50%,-50%);bottom:auto;max-width:32rem;width:calc(100% - 2rem);border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.banner-inner{max-width:72rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:var(--candor-space);align-items:center}
.banner-text{flex:1 1 24rem;min-width:0}
h2{font-size:1.125rem;margin:0 0 .25rem;line-height:1.3}
p{margin:0 0 .5rem}
a{color:var(--candor-accent);text-decoration:underline}
.actions{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.5rem}
.banner .actions{flex:0 1 30rem}
.btn{font:inherit;font-weight:600;min-height:44px;min-width:44px;padding:.5rem 1rem;border:2px solid var(--candor-accent);border-radius:var(--candor-radius);background:var(--candor-accent);color:var(--candor-accent-fg);cursor:pointer;overflow-wrap:anywhere}
.btn:hover{filter:brightness(1.1)}
:focus-visible{outline:3px solid var(--candor-focus);outline-offset:2px}
dialog{padding:0;border:1px solid var(--candor-border);border-radius:var(--candor-radius);background:var(--candor-bg);color:var(--candor-fg);width:min(40rem,calc(100% - 1rem));max-height:calc(100% - 1rem);box-shadow:var(--candor-shadow)}
dialog::backdrop{background:rgba(0,0,0,.5)}
.panel{padding:var(--candor-space);display:flex;flex-direction:column;gap:var(--candor-space)}
.panel-head{display:flex;justify-content:space-between;align-items:flex-start;gap:.5rem}
.close{font:inherit;min-width:44px;min-height:44px;border:2px solid var(--candor-border);border-radius:var(--candor-radius);background:transparent;color:var(--candor-fg);cursor:pointer}
.purpose{border:1px solid var(--candor-border);border-radius:var(--candor-radius);padding:.75rem}
.purpose-head{display:flex;justify-content:space-between;align-items:center;gap:.75rem}
.purpose-head h3{font-size:1rem;margin:0}
.muted{color:var(--candor-muted)}
.switch{position:relative;flex:none;width:3.25rem;min-height:2rem;border:2px solid var(--candor-border);border-radius:1rem;background:var(--candor-bg);cursor:pointer;padding:0}
.switch::after{content:"";position:absolute;top:.2rem;inset-inline-start:.2rem;width:1.35rem;height:1.35rem;border-radius:50%;background:var(--candor-border);transition:inset-inline-start .15s}
.switch[aria-checked=true]{background:var(--candor-accent);border-color:var(--candor-accent)}
.switch[aria-checked=true]::after{inset-inline-start:1.6rem;background:var(--candor-accent-fg)}
.switch[aria-disabled=true]{cursor:not-allowed;opacity:.75}
details{margin-top:.5rem}
summary{cursor:pointer;min-height:24px}
.service{border-top:1px solid var(--candor-border);padding-top:.5rem;margin-top:.5rem}
.service-head{display:flex;justify-content:space-between;align-items:center;gap:.5rem}
.service dl{display:grid;grid-template-columns:max-content 1fr;gap:.125rem .75rem;margin:.25rem 0}
.service dt{font-weight:600}
.service dd{margin:0}
.sensitive{border:2px dashed var(--candor-border);border-radius:var(--candor-radius);padding:.75rem}
.launcher{position:fixed;z-index:2147482999;bottom:var(--candor-space);inset-inline-start:var(--candor-space);font:inherit;min-height:44px;padding:.5rem .9rem;border:2px solid var(--candor-accent);border-radius:2rem;background:var(--candor-bg);color:var(--candor-fg);cursor:pointer;box-shadow:var(--candor-shadow)}
.inline{position:static;background:var(--candor-bg);border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.status{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.prefs,.dashboard{border-top:2px solid var(--candor-border);padding-top:var(--candor-space);display:flex;flex-direction:column;gap:.75rem}
fieldset{border:1px solid var(--candor-border);border-radius:var(--candor-radius);padding:.5rem .75rem;margin:0}
legend{font-weight:600;padding:0 .25rem}
.check{display:flex;align-items:center;gap:.5rem;min-height:44px}
input[type=checkbox],input[type=radio]{width:24px;height:24px;margin:0;accent-color:var(--candor-accent)}
.hint{margin:.25rem 0 0;min-height:1.5em}
.matrix{border-collapse:collapse;width:100%}
.matrix caption{font-weight:600;text-align:start;padding-bottom:.25rem}
.matrix th,.matrix td{border:1px solid var(--candor-border);padding:.25rem .5rem;text-align:center}
.matrix th[scope=row]{text-align:start}
h3{font-size:1rem;margin:0}
h4{font-size:1rem;margin:.5rem 0 0}
.history,.current{margin:0;padding-inline-start:1.25rem}
.btn:disabled{opacity:.6;cursor:not-allowed}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
[hidden]{display:none!important}
@media (max-width:30rem){.actions{grid-template-columns:1fr}}
`;
