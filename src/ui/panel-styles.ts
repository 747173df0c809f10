/**
 * The panel's styles (dialog, purposes, switches, form controls, preference center, dashboard),
 * adopted next to the first layer's (ui/styles.ts) when the panel is mounted, so a first visit
 * does not pay for them. The design's rules are in docs/theming.md ("What the design keeps").
 */
/** The preference panel, its dialog, the preference center and dashboard. */
export const PANEL_CSS = `
:host{--candor-danger:#b91c1c;--candor-danger-fg:#fff}
:host([data-theme=dark]){--candor-danger:#fca5a5;--candor-danger-fg:#0b0b0b}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){--candor-danger:#fca5a5;--candor-danger-fg:#0b0b0b}}
.root{--s1:calc(var(--candor-space)/4);--s2:calc(var(--candor-space)/2);--s3:calc(var(--candor-space)*.75);--s6:calc(var(--candor-space)*1.5)}
dialog{padding:0;border:1px solid var(--candor-border);border-radius:var(--candor-radius);background:var(--candor-bg);color:var(--candor-fg);width:min(40rem,calc(100% - 1rem));max-height:calc(100% - 1rem);box-shadow:var(--candor-shadow)}
dialog::backdrop{background:rgba(0,0,0,.5)}
.panel{padding:var(--s6) var(--candor-space);display:flex;flex-direction:column;gap:var(--candor-space)}
.panel-head{display:flex;flex-wrap:wrap-reverse;align-items:center;gap:var(--s2)}
.panel h2{font-size:1.5rem;line-height:1.25;margin:0;min-width:0}
h3{font-size:1.25rem;line-height:1.3;margin:0}
h4{font-size:.875rem;text-transform:uppercase;letter-spacing:.04em;margin:var(--s2) 0 0}
h3,h4,th,strong{font-weight:600}
.panel p{margin:0}
.close::before{content:"×"/"";margin-inline-end:var(--s1)}
.alt,.danger,.btn:disabled{background:none;color:var(--candor-accent)}
.danger{border-color:var(--candor-danger);color:var(--candor-danger)}
.danger.solid{background:var(--candor-danger);color:var(--candor-danger-fg)}
.btn:disabled{border-style:dashed;border-color:var(--candor-border);color:var(--candor-muted);cursor:not-allowed;filter:none}
.close{flex:none;margin-inline-start:auto;border-color:var(--candor-border);color:var(--candor-fg)}
.purpose{border:1px solid var(--candor-border);border-radius:var(--candor-radius);padding:var(--s3)}
.purpose-head{display:flex;justify-content:space-between;align-items:center;gap:var(--s3)}
.purpose-head :is(h3,h4){font-size:1.125rem;line-height:1.3;margin:0;text-transform:none;letter-spacing:normal;min-width:0}
.purpose>p{margin-top:var(--s1)}
.muted{color:var(--candor-muted)}
.switch{position:relative;flex:none;width:3.25rem;min-height:2rem;border:2px solid var(--candor-border);border-radius:1rem;background:var(--candor-bg);cursor:pointer;padding:0}
.switch::after{content:"";position:absolute;top:.2rem;inset-inline-start:.2rem;width:1.35rem;height:1.35rem;border-radius:50%;background:var(--candor-border)}
@media (prefers-reduced-motion:no-preference){.switch::after{transition:inset-inline-start .15s}}
input[type=checkbox],input[type=radio]{appearance:none;flex:none;display:inline-grid;place-content:center;width:24px;height:24px;margin:0;border:2px solid var(--candor-border);border-radius:.25rem;background:var(--candor-bg);vertical-align:middle;cursor:pointer}
.switch[aria-checked=true],input:checked{background:var(--candor-accent);border-color:var(--candor-accent)}
.switch[aria-checked=true]::after{inset-inline-start:1.6rem;background:var(--candor-accent-fg)}
.switch[aria-disabled=true]{cursor:not-allowed;opacity:.75}
input[type=radio]{border-radius:50%}
input[type=checkbox]:checked::before{content:"";width:.375rem;height:.75rem;margin-top:-.125rem;border:solid var(--candor-accent-fg);border-width:0 3px 3px 0;transform:rotate(45deg)}
input[type=radio]:checked::before{content:"";width:.625rem;height:.625rem;border-radius:50%;background:var(--candor-accent-fg)}
@media (forced-colors:active){.switch,input{forced-color-adjust:none;--candor-bg:Canvas;--candor-border:CanvasText;--candor-accent:Highlight;--candor-accent-fg:HighlightText;--candor-focus:CanvasText}}
details{margin-top:var(--s2)}
summary{cursor:pointer;min-height:24px;font-weight:600;color:var(--candor-accent)}
.service{border-top:1px solid var(--candor-border);padding-top:var(--s2);margin-top:var(--s2)}
.service-head{display:flex;justify-content:space-between;align-items:center;gap:var(--s2)}
.service dl{display:grid;grid-template-columns:minmax(0,auto) minmax(min-content,1fr);gap:var(--s1) var(--s3);margin:var(--s1) 0}
.service dt{font-weight:600}
.service dd{margin:0}
.sensitive{display:flex;flex-direction:column;gap:var(--s3);border:2px dashed var(--candor-border);border-radius:var(--candor-radius);padding:var(--s3)}
.inline{position:static;background:var(--candor-bg);border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.view,.prefs,.dashboard{display:flex;flex-direction:column;gap:var(--s3)}
.tabs{display:flex;flex-wrap:wrap;gap:0 var(--s1);border-bottom:1px solid var(--candor-border)}
.tab{font:inherit;min-height:44px;padding:var(--s2) var(--s3) .75rem;border:0;background:none;color:var(--candor-fg);cursor:pointer}
.tab[aria-selected=true]{font-weight:600;padding-bottom:.5625rem;border-bottom:.1875rem solid var(--candor-accent)}
.row,.acts{display:flex;flex-wrap:wrap;gap:var(--s2)}
.row .btn{flex:1 1 10rem}
.acts .btn{flex:1 1 auto}
fieldset{border:1px solid var(--candor-border);border-radius:var(--candor-radius);padding:var(--s2) var(--s3);margin:0}
legend{font-weight:600;padding:0 var(--s1)}
.check{display:flex;align-items:center;gap:var(--s2);min-height:44px}
.panel .hint{margin:var(--s1) 0 0;min-height:1.5em}
.prefs{container-type:inline-size}
.matrix{border-collapse:collapse;width:100%}
.matrix caption{font-weight:600;text-align:start;padding-bottom:var(--s1)}
.matrix th,.matrix td{border:1px solid var(--candor-border);padding:var(--s1) var(--s2);text-align:center}
.matrix th[scope=row]{text-align:start}
@container (max-width:30rem){.matrix th,.matrix td{padding:var(--s1)}.matrix thead th{writing-mode:vertical-rl;transform:rotate(180deg);text-align:start}}@container (max-width:18rem){.matrix th,.matrix td{padding:var(--s1) 0}.matrix input{margin:var(--s1) 0}}
.history,.current,.current ul{margin:0;padding-inline-start:1.25rem}
.confirm{display:contents}
`;
