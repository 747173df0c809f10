/**
 * The panel's styles (dialog, purposes, switches, preference center, dashboard), adopted next to
 * the first layer's (ui/styles.ts) when the panel is mounted. A file of its own so the banner
 * chunk does not carry them. Switches show their state in forced colours too (system colours and
 * the knob's side) and slide only without reduced motion; in a narrow preference section the
 * matrix's column headers turn vertical, so every column fits without scrolling sideways. Only the
 * selected view tab has a bottom border (and bold text): its state shows in forced colours too.
 */
/** The preference panel, its dialog, the preference center and dashboard. */
export const PANEL_CSS = `
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
.switch::after{content:"";position:absolute;top:.2rem;inset-inline-start:.2rem;width:1.35rem;height:1.35rem;border-radius:50%;background:var(--candor-border)}
@media (prefers-reduced-motion:no-preference){.switch::after{transition:inset-inline-start .15s}}
.switch[aria-checked=true]{background:var(--candor-accent);border-color:var(--candor-accent)}
.switch[aria-checked=true]::after{inset-inline-start:1.6rem;background:var(--candor-accent-fg)}
.switch[aria-disabled=true]{cursor:not-allowed;opacity:.75}
@media (forced-colors:active){.switch{forced-color-adjust:none;--candor-bg:Canvas;--candor-border:CanvasText;--candor-accent:Highlight;--candor-accent-fg:HighlightText;--candor-focus:CanvasText}}
details{margin-top:.5rem}
summary{cursor:pointer;min-height:24px}
.service{border-top:1px solid var(--candor-border);padding-top:.5rem;margin-top:.5rem}
.service-head{display:flex;justify-content:space-between;align-items:center;gap:.5rem}
.service dl{display:grid;grid-template-columns:max-content 1fr;gap:.125rem .75rem;margin:.25rem 0}
.service dt{font-weight:600}
.service dd{margin:0}
.sensitive{border:2px dashed var(--candor-border);border-radius:var(--candor-radius);padding:.75rem}
.inline{position:static;background:var(--candor-bg);border:1px solid var(--candor-border);border-radius:var(--candor-radius)}
.view,.prefs,.dashboard{display:flex;flex-direction:column;gap:.75rem}
.tabs{display:flex;flex-wrap:wrap;gap:0 .25rem;border-bottom:1px solid var(--candor-border)}
.tab{font:inherit;min-height:44px;padding:.5rem .75rem .6875rem;border:0;background:none;color:var(--candor-fg);cursor:pointer}
.tab[aria-selected=true]{font-weight:600;padding-bottom:.5rem;border-bottom:.1875rem solid var(--candor-accent)}
.row{display:flex;flex-wrap:wrap;gap:.5rem}
.row .btn{flex:1 1 10rem}
fieldset{border:1px solid var(--candor-border);border-radius:var(--candor-radius);padding:.5rem .75rem;margin:0}
legend{font-weight:600;padding:0 .25rem}
.check{display:flex;align-items:center;gap:.5rem;min-height:44px}
input[type=checkbox],input[type=radio]{width:24px;height:24px;margin:0;accent-color:var(--candor-accent)}
.hint{margin:.25rem 0 0;min-height:1.5em}
.prefs{container-type:inline-size}
.matrix{border-collapse:collapse;width:100%}
.matrix caption{font-weight:600;text-align:start;padding-bottom:.25rem}
.matrix th,.matrix td{border:1px solid var(--candor-border);padding:.25rem .5rem;text-align:center}
.matrix th[scope=row]{text-align:start}
@container (max-width:30rem){.matrix th,.matrix td{padding:.25rem}.matrix thead th{writing-mode:vertical-rl;transform:rotate(180deg);text-align:start}}@container (max-width:18rem){.matrix th,.matrix td{padding:.25rem 0}.matrix input{margin:.25rem 0}}
h3{font-size:1rem;margin:0}
h4{font-size:1rem;margin:.5rem 0 0}
.history,.current{margin:0;padding-inline-start:1.25rem}
.btn:disabled{opacity:.6;cursor:not-allowed}
.confirm{display:contents}
`;
