/**
 * What the script tag's engine tells the site owner about the config, in every build (npm users
 * see the warnings in development builds: instance/warn.ts): its warnings (unknown keys, with
 * "did you mean"), and a valid config whose privacy dashboard has nowhere to send a data request
 * (neither `policy.contact` nor `sync.endpoint`: Dashboard.tsx) or no privacy policy to link to
 * (no `policy.url`), a `ui.locale` that is no shipped locale (the UI is in English), a privacy link
 * or contact relative to the page's folder, Consent Mode types that need consent granted without the visitor's choice (mapped to a required
 * purpose, or granted by `gcm.regions` where the mode is opt-in), a Consent Mode type that a
 * sensitive purpose shares with another (granted when either is), and, with a `jurisdiction` map,
 * a `data-region` that is no ISO 3166 code (core/policy.ts), a `cookie.domain` or `cookie.path` this
 * page is not in, `ui.launcher: false` on a page with no `[data-candor-open]`, and a marked element
 * whose URL is another service's. Shipped in the engine chunk, which
 * checks the config anyway; the words load only when one applies (diagnostics chunk).
 */
import type * as WordsChunk from '../chunks/words';
import type { Diagnostic } from '../core/diagnostics';
import type { Config } from '../core/config-types';
import { LOCALES, matchLocale } from '../core/locale-choice';
import { configError, hostNameOf, issueCodes } from '../core/find-config';
import { resolveMode } from '../core/policy';
import { protoGet, queryAll } from '../dom/unclobbered';
import type { ConfigFindings } from '../instance/create-instance';
import { prefetch } from './gate-prefetch';

/**
 * Marked elements whose URL is on a service's hosts that their marking names neither by id nor by
 * purpose (the Meta Pixel's URL pasted into a tag marked "analytics"): each runs on a grant the
 * visitor gave for something else, while the panel says that service is off.
 */
function markedOther(config: Config): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Each service's hosts read once, not once per marked element.
  const hostsOf = new Map(config.services.map((s) => [s, s.hosts.map(hostNameOf).filter(Boolean)]));
  // Read through the prototypes: a marked form's inputs may shadow its own methods (DOM clobbering).
  const attr = (el: Element, name: string): string | null => Element.prototype.getAttribute.call(el, name);
  for (const el of queryAll(document, '[data-consent]')) {
    const condition = attr(el, 'data-consent')!;
    const marked = condition.split(',').map((id) => id.trim());
    const url = attr(el, 'data-src') ?? attr(el, 'src');
    if (!url) continue; // an inline tag has no host
    let host: string;
    try {
      host = new URL(url, protoGet<string>(document, 'baseURI')).hostname;
    } catch {
      continue;
    }
    const on = config.services.filter((s) => hostsOf.get(s)!.some((h) => host === h || host.endsWith(`.${h}`)));
    const s = on[0];
    if (s && !on.some((o) => marked.includes(o.id) || marked.includes(o.purpose)))
      out.push({
        code: 'markedOther',
        tag: protoGet<string>(el, 'localName'),
        condition,
        service: s.id,
        purpose: s.purpose,
      });
  }
  return out;
}

/**
 * A `ui.locale` Candor does not ship (a typo, "german": the UI is in English), and texts under a tag
 * it has no file for ("de-DE", "pt-br": pages show "de", "pt-BR", never them).
 */
function localeFindings(config: Config): Diagnostic[] {
  const locale = config.ui.locale;
  return [
    ...(locale && locale !== 'auto' && !matchLocale(locale) ? [{ code: 'locale', locale } as const] : []),
    ...Object.keys(config.texts)
      .filter((tag) => !LOCALES.includes(tag))
      .map((tag) => ({ code: 'textsLocale', locale: tag, use: matchLocale(tag) }) as const),
  ];
}

/** The config check's words (config-messages.ts), loaded only when there is something to say. */
const words = (): Promise<typeof WordsChunk> => import('../chunks/words');

/**
 * Says the config check's findings on the console, once each per page. An invalid config's one
 * error (its every issue, as npm's `ConsentError` says them) once its words have loaded; the engine
 * throws what this returns, which the facade, seeing `noConfig`, does not say again. The engine's
 * first call into the script tag's code as it starts (after the check, before the instance): it
 * also asks for the gate the page will need then (gate-prefetch.ts).
 */
export const tellConfig: ConfigFindings = (warnings, config, region, issues) => {
  prefetch();
  if (issues)
    void words()
      // Words that fail to load (a partial upload): each issue's path and code, still one error.
      .then(
        (m) => issues.map(m.formatIssue),
        () => issueCodes(issues),
      )
      .then((list) => console.error(configError(list).message));
  const found: Diagnostic[] = [];
  if (region !== undefined) found.push({ code: 'region', region });
  if (config && !config.sync && !config.policy.contact) found.push({ code: 'noRequests' });
  if (config) {
    if (!config.policy.url) found.push({ code: 'noPolicy' });
    // A cookie scope this page is not in: the browser refuses or hides the consent cookie (RFC 6265
    // domain- and path-match), and only an `error` event said so.
    const { domain, path } = config.cookie;
    const host = location.hostname;
    const d = domain?.toLowerCase().replace(/^\./, '');
    if (domain && host !== d && !host.endsWith(`.${d}`))
      found.push({ code: 'cookieScope', key: 'domain', value: domain, page: host });
    const at = location.pathname;
    if (at !== path && !at.startsWith(path.endsWith('/') ? path : `${path}/`))
      found.push({ code: 'cookieScope', key: 'path', value: path, page: at });
    found.push(...localeFindings(config));
    // A link relative to each page's folder ("privacy.html", "www.example.com/privacy") breaks on the others.
    for (const [path, url] of [
      ['policy.url', config.policy.url],
      ['policy.contact', config.policy.contact?.includes('@') ? null : config.policy.contact],
      ...config.services.map((s, i) => [`services[${i}].privacyUrl`, s.privacyUrl]),
    ])
      if (url && !/^([/#?]|[a-z][a-z\d+.-]*:)/i.test(url)) found.push({ code: 'relative', path: path!, url });
    // Consent Mode: types that need consent granted without a choice (core/gcm-map.ts: a type is
    // granted when any purpose mapping it is).
    const consented = <T extends string>(types: readonly T[]): T[] => types.filter((t) => /^(ad_|analytics)/.test(t));
    for (const p of config.purposes) {
      const types = consented(p.gcm);
      if (p.required && types.length) found.push({ code: 'gcmRequired', at: p.id, types });
      // Accept all leaves a sensitive purpose off, but not a type it shares with another purpose.
      for (const type of p.sensitive ? types : []) {
        const other = config.purposes.find((o) => !o.sensitive && !o.required && o.gcm.includes(type));
        if (other) found.push({ code: 'gcmShared', type, at: p.id, other: other.id });
      }
    }
    // A Google service under a purpose mapping no type (a site's own id, "statistics"): Consent Mode
    // stays denied whatever the visitor allows, and Google's tags run cookieless. Not a required
    // purpose: the visitor allows nothing there, and a type mapped to it is granted without a choice.
    for (const s of config.services)
      if (
        config.purposes.some((p) => p.id === s.purpose && !p.required && !p.gcm.length) &&
        s.hosts.some((h) =>
          /(^|\.)(google-analytics|googletagmanager|doubleclick|googleadservices|googlesyndication)\.com$/.test(
            hostNameOf(h),
          ),
        )
      )
        found.push({ code: 'gcmNone', service: s.id, at: s.purpose });
    // Google applies a country's default to its subdivisions that have none of their own ("US" to
    // "US-CA"): any of them opt-in counts.
    const j = config.jurisdiction;
    const regions = config.gcm.regions;
    for (const [at, granted] of Object.entries(regions)) {
      const types = consented(granted);
      const within =
        typeof j === 'string' ? [] : Object.keys(j).filter((k) => k.startsWith(`${at}-`) && !Object.hasOwn(regions, k));
      if (types.length && [at, ...within].some((r) => resolveMode(config, r) === 'opt-in'))
        found.push({ code: 'gcmRegion', at, types });
    }
  }
  // Once the page has loaded, a task later: its footer link may come after the engine started (an API
  // call in <head>), and after DOMContentLoaded (an app's first render, a task of its own).
  const say = (): void => {
    // The page's markup is outside: nothing it holds may throw into the page from here.
    try {
      if (config && !config.ui.launcher && !queryAll(document, '[data-candor-open]').length)
        found.push({ code: 'noReopen' });
      if (config) found.push(...markedOther(config));
    } catch {
      /* said what could be */
    }
    // The config's warnings first, in words that load only for them.
    if (found.length || warnings.length)
      void Promise.all([import('../chunks/diagnostics'), warnings.length ? words() : null])
        .then(([m, w]) =>
          m.tell(
            ...warnings.map((f): Diagnostic => ({ code: 'config', path: f.path, message: w!.messageOf(f) })),
            ...found,
          ),
        )
        .catch(() => {});
  };
  const later = (): void => void setTimeout(say);
  if (protoGet(document, 'readyState') !== 'complete') addEventListener('load', later, { once: true });
  else later();
  // What the engine throws for an invalid config: said here (`noConfig`: loader/facade.ts).
  return { code: 'noConfig' };
};
