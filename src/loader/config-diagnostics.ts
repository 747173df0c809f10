/**
 * What the script tag's engine tells the site owner about the config, in every build (npm users
 * see the warnings in development builds: instance/warn.ts): its warnings (unknown keys, with
 * "did you mean"), and a valid config whose privacy dashboard has nowhere to send a data request
 * (neither `policy.contact` nor `sync.endpoint`: Dashboard.tsx), a `ui.locale` that is no shipped
 * locale (the UI is in English), a privacy link or contact relative to the page's folder, and,
 * with a `jurisdiction` map, a `data-region` that is no ISO 3166 code (core/policy.ts). Shipped
 * in the engine chunk, which checks the config anyway; the words load only when one applies
 * (diagnostics chunk).
 */
import type { Diagnostic } from '../core/diagnostics';
import { matchLocale } from '../core/locale-choice';
import type { ConfigFindings } from '../instance/create-consent';

/** Says the config check's findings on the console, once each per page. */
export const tellConfig: ConfigFindings = (warnings, config, region) => {
  const found = warnings.map((w): Diagnostic => ({ code: 'config', path: w.path, message: w.message }));
  if (region !== undefined) found.push({ code: 'region', region });
  if (config && !config.sync && !config.policy.contact) found.push({ code: 'noRequests' });
  // A locale Candor does not ship (a typo, "german"): the UI is in English.
  const locale = config?.ui.locale;
  if (locale && locale !== 'auto' && !matchLocale(locale))
    found.push({
      code: 'config',
      path: 'ui.locale',
      message: `"${locale}" is not a locale Candor ships: the UI is in English`,
    });
  // A link relative to each page's folder ("privacy.html", "www.example.com/privacy") breaks on the others.
  if (config)
    for (const [path, url] of [
      ['policy.url', config.policy.url],
      ['policy.contact', config.policy.contact?.includes('@') ? null : config.policy.contact],
      ...config.services.map((s, i) => [`services[${i}].privacyUrl`, s.privacyUrl]),
    ])
      if (url && !/^([/#?]|[a-z][a-z\d+.-]*:)/i.test(url))
        found.push({
          code: 'config',
          path: path!,
          message: `"${url}" is relative: pages in other folders link elsewhere; start it with "/" or "https://"`,
        });
  if (found.length) void import('../chunks/diagnostics').then((m) => m.tell(...found)).catch(() => {});
};
