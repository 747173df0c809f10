/**
 * The site owner's mistakes the script tag says on the console (issue 17: no silent mistakes), as
 * data and in words. The code that finds them (the loader, the gate, the engine's config check)
 * carries only the data; these words ship in their own chunk (`candor-diagnostics.mjs`), loaded
 * only when there is something to say, so a page without mistakes pays nothing for them. Pure.
 */

/** One mistake, with what its message names. */
export type Diagnostic =
  /** An id in `data-consent` that names no purpose or service: the element never loads. */
  | { readonly code: 'unknownId'; readonly condition: string; readonly id: string; readonly known: readonly string[] }
  /** A marked element the browser runs or loads at once: a script without `type="text/plain"`, an embed with its URL. */
  | { readonly code: 'runsAnyway'; readonly tag: string; readonly attr: string; readonly condition: string }
  /** The loader loaded with `defer`, `async` or `type="module"`: it runs after the page's own scripts. */
  | { readonly code: 'lateLoader'; readonly how: 'defer' | 'async' | 'module' }
  /**
   * Google's tag was set up before the loader (`found`: `gtag('config')`, `gtag('js')`,
   * `gtag('event')` or `Google Tag Manager`, queued in dataLayer before Consent Mode's defaults),
   * or the page replaced dataLayer after the loader, or its gtag pushes arrays (`cause`:
   * integrations/gcm.ts `googleBeforeDefaults`).
   */
  | { readonly code: 'afterGoogle'; readonly found: string; readonly cause: 'order' | 'replaced' | 'arrays' }
  /**
   * Another loader on the page with other settings (`attr`: `data-config` or `data-region`, its
   * value there, `ours`: the running loader's), which it ignores: one Candor per page.
   */
  | {
      readonly code: 'secondLoader';
      readonly attr: string;
      readonly theirs: string | null;
      readonly ours: string | null;
    }
  /** `Candor.on()` with a name that is no event (`name` as said): its listener never runs. */
  | { readonly code: 'unknownEvent'; readonly name: string; readonly events: readonly string[] }
  /** The visitor's region (`data-region`) is no ISO 3166 code: the strictest mode applies. */
  | { readonly code: 'region'; readonly region: string }
  /** A config warning (an unknown key, with its suggestion), in the engine's words. */
  | { readonly code: 'config'; readonly path: string; readonly message: string }
  /** Neither `sync.endpoint` nor `policy.contact`: the dashboard's request buttons reach no one. */
  | { readonly code: 'noRequests' }
  /** A valid config without `policy.url`: the banner and the panel link to no privacy policy. */
  | { readonly code: 'noPolicy' }
  /** A `ui.locale` that is no locale Candor ships: the UI is in English. */
  | { readonly code: 'locale'; readonly locale: string }
  /** Texts under a tag no locale file has (`use`: the shipped locale its pages show, if any): never shown. */
  | { readonly code: 'textsLocale'; readonly locale: string; readonly use: string | null }
  /** A link of the config (`path`) relative to each page's folder (`url`): other pages link elsewhere. */
  | { readonly code: 'relative'; readonly path: string; readonly url: string }
  /**
   * Consent Mode types that need consent (ad_*, analytics_storage) granted without the visitor's
   * choice: mapped to a required purpose (`at`: its id), or granted by `gcm.regions` in a region
   * whose mode is opt-in (`at`: the region's code).
   */
  | { readonly code: 'gcmRequired' | 'gcmRegion'; readonly at: string; readonly types: readonly string[] }
  /** A Consent Mode `type` that the sensitive purpose `at` maps and the purpose `other` too: granted when either is. */
  | { readonly code: 'gcmShared'; readonly type: string; readonly at: string; readonly other: string }
  /** A service on a Google host under the purpose `at`, which maps no Consent Mode type: Google is never told it is granted. */
  | { readonly code: 'gcmNone'; readonly service: string; readonly at: string }
  /** `autoBlock: true` with the plain loader: unmarked tags are not held back. */
  | { readonly code: 'autoBlockLoader' }
  /** `cookie.domain` or `cookie.path` (`key`: `value`) does not cover this page (`page`: its host or path). */
  | { readonly code: 'cookieScope'; readonly key: 'domain' | 'path'; readonly value: string; readonly page: string }
  /**
   * A marked element (`tag`, `condition` its marking) whose URL is on the hosts of `service` (of
   * `purpose`), which its marking names neither by id nor by purpose: it runs on another grant.
   */
  | {
      readonly code: 'markedOther';
      readonly tag: string;
      readonly condition: string;
      readonly service: string;
      readonly purpose: string;
    }
  /** A tag marked for another consent tool (`attr`="`value`": vanilla-cookieconsent, Klaro, Cookiebot), never run. */
  | { readonly code: 'foreignMark'; readonly attr: string; readonly value: string }
  /** `ui.launcher: false` and no `[data-candor-open]` on this page: the visitor cannot reopen the choice. */
  | { readonly code: 'noReopen' }
  /**
   * `autoBlock: true` with a config the loader fetches (`data-config` URL, or a Promise): tags the
   * page adds before it arrives are not held back.
   */
  | { readonly code: 'autoBlockLate' }
  /**
   * The script tag's `data-config` gives nothing to read (`source`, and `why`: another origin, no
   * such element, not JSON), or there is neither it nor `window.candorConfig`: nothing starts.
   */
  | {
      readonly code: 'noConfig';
      readonly source?: string | null | undefined;
      readonly why?: 'origin' | 'missing' | 'json' | undefined;
      /** The parse error when `why` is `json` (read only then; `"undefined"` otherwise). */
      readonly detail?: string;
    };

/**
 * Ids run together with another separator ("analytics marketing", "analytics;marketing") read as
 * one unknown id: the marking as it was meant, with commas.
 */
const commasHint = (id: string, condition: string): string =>
  /[\s;|&+]/.test(id.trim())
    ? `; several ids go with commas: data-consent="${condition
        .split(/[\s,;|&+]+/)
        .filter(Boolean)
        .join(',')}"`
    : '';

/** The message for `d`, without the `Candor: ` prefix. */
// eslint-disable-next-line max-lines-per-function -- one case per diagnostic code, each its one message
export function diagnosticText(d: Diagnostic): string {
  switch (d.code) {
    case 'unknownId':
      return `data-consent="${d.condition}": "${d.id}" is not a purpose or service in the config (it has ${d.known.join(', ')}), so this element never loads${commasHint(d.id, d.condition)}`;
    case 'runsAnyway':
      return d.tag === 'script'
        ? `<script data-consent="${d.condition}"> has no type="text/plain", so the browser runs it at once, before any consent: add type="text/plain"`
        : `<${d.tag} data-consent="${d.condition}"> has ${d.attr}, so the browser loads it at once, before any consent: rename ${d.attr} to data-${d.attr}`;
    case 'lateLoader':
      return `candor.js is loaded with ${d.how === 'module' ? 'type="module"' : d.how}, so it runs after the page's own scripts: window.Candor is undefined for inline scripts after it and Consent Mode's defaults come late. Load it with a plain <script src="…/candor.js" data-config="…"> early in <head>`;
    case 'afterGoogle':
      return `${d.found} is in ${
        d.cause === 'order'
          ? "dataLayer before Consent Mode's defaults: Google's tag was set up before candor.js"
          : d.cause === 'replaced'
            ? "a dataLayer without Consent Mode's defaults: the page replaced window.dataLayer after candor.js (dataLayer = […]), which dropped them"
            : "a dataLayer whose Consent Mode defaults are arrays, which gtag.js ignores: the page's own gtag pushes arrays"
      }, so Google's tag may send data before it knows that consent is denied. ${
        d.cause === 'order'
          ? "Load candor.js first in <head>, before Google's tag"
          : d.cause === 'replaced'
            ? 'Add to the array instead: window.dataLayer = window.dataLayer || []; dataLayer.push(…)'
            : 'Define gtag as Google does: function gtag(){dataLayer.push(arguments)}'
      }`;
    case 'secondLoader': {
      const shown = (v: string | null): string => (v === null ? `no ${d.attr}` : `${d.attr}="${v}"`);
      return `a second candor.js with ${shown(d.theirs)} does nothing: this page runs the first one, with ${shown(d.ours)}. Keep one loader per page, with the settings you mean`;
    }
    case 'unknownEvent':
      return `Candor.on(${d.name}) names no event, so its listener never runs. The events: ${d.events.join(', ')}`;
    case 'region':
      return `data-region="${d.region}" is not an ISO 3166 code such as "DE" or "US-CA", so nobody can tell where the visitor is: the strictest mode, opt-in, applies`;
    case 'config':
      return `config ${d.path}: ${d.message}`;
    case 'locale':
      return `config ui.locale: "${d.locale}" is not a locale Candor ships: the UI is in English`;
    case 'textsLocale':
      return `config texts["${d.locale}"]: "${d.locale}" is not a locale Candor ships: these texts are never shown${d.use ? `; put them under "${d.use}"` : ''}`;
    case 'relative':
      return `config ${d.path}: "${d.url}" is relative: pages in other folders link elsewhere; start it with "/" or "https://"`;
    case 'gcmRequired':
      return `purpose "${d.at}" is required and maps Consent Mode's ${d.types.join(', ')}: granted on every page, never refusable. Map them to a purpose the visitor chooses`;
    case 'gcmRegion':
      return `gcm.regions["${d.at}"] grants ${d.types.join(', ')} where the mode is opt-in: Google's tags may use them before the visitor chooses. Deny them there, or make the region opt-out in "jurisdiction"`;
    case 'gcmShared':
      return `purposes "${d.at}" (sensitive) and "${d.other}" both map Consent Mode's ${d.type}, so it is granted when either is: Accept all grants it, though it leaves "${d.at}" off. Map it to one purpose`;
    case 'gcmNone':
      return `service "${d.service}" is Google's, but its purpose "${d.at}" maps no Consent Mode type, so Google's tags are told consent is denied even once the visitor allows it: add "gcm": ["analytics_storage"] (or the ad_* types) to that purpose`;
    case 'noRequests':
      return 'the config has neither policy.contact nor sync.endpoint, so the privacy dashboard\'s request buttons (access, correction, deletion) have nowhere to go: add "policy": { "contact": "privacy@example.com" } (an email address or a URL), or a sync endpoint';
    case 'noPolicy':
      return 'the config has no policy.url, so the banner and the panel link to no privacy policy, which visitors should be able to read before they choose: add "policy": { "url": "/privacy" } (your policy page)';
    case 'cookieScope':
      return `config cookie.${d.key} "${d.value}" does not cover this page (${d.page}), so no consent cookie is kept: every page loads the engine, and without IndexedDB the choice is lost. ${
        d.key === 'domain'
          ? 'Give the site\'s domain, such as "example.com", or none'
          : 'Give a path every page is under, such as "/"'
      }`;
    case 'markedOther':
      return `<${d.tag} data-consent="${d.condition}"> loads from a host of "${d.service}" (${d.purpose}), which its marking does not name, so it runs on a grant the visitor gave for something else: mark it data-consent="${d.service}" or "${d.purpose}"`;
    case 'foreignMark':
      return `<script type="text/plain" ${d.attr}="${d.value}"> is marked for another consent tool, so it never runs: Candor reads data-consent. Write data-consent="…" with a purpose or service id of the config`;
    case 'noReopen':
      return 'ui.launcher is false and this page has no [data-candor-open], so visitors cannot change or withdraw their choice: add <a href="#" data-candor-open>Privacy settings</a>';
    case 'autoBlockLoader':
      return 'autoBlock needs candor-autoblock.js in place of candor.js; unmarked tags are NOT held back';
    case 'autoBlockLate':
      return 'autoBlock needs the config in the page, not from a URL: unmarked tags added before it arrives are NOT held back';
    case 'noConfig':
      return `could not start: ${
        d.why === 'origin'
          ? `data-config URL "${d.source}" must be same-origin`
          : d.why === 'missing'
            ? `data-config "${d.source}" matches no <script>; check the selector, and put the JSON <script> before the loader${
                /\.json\b/i.test(d.source ?? '') ? ' (a URL must start with "/", "./", "../", "http:" or "https:")' : ''
              }`
            : d.why === 'json'
              ? `the config in ${d.source} is not valid JSON (${d.detail})`
              : 'no config: give data-config="#candor-config" to the first candor.js on the page, or set window.candorConfig before it'
      }`;
  }
}
