/**
 * `findConfig`: validates and normalises a site's config, returning every issue with its path
 * (never only the first) and warnings, each a code and its raw values (config-problems.ts): the
 * first layer's `checkConfig` (check-config.ts) with the checks only the engine runs. No words, so
 * the script tag's engine carries none until there is something to say; `parseConfig`
 * (parse-config.ts) adds them. Pure. A type's import first: TypeScript then leaves this comment
 * out of the npm build (about 20 bytes of gzip in dist/index.mjs, at its budget).
 */
import type { CheckResult } from './check-config';
import { checkConfig } from './check-config';
import { problem, type Finding } from './config-problems';
import { ConsentError, type Issue } from './errors';
import { DEFAULT_GCM, type Config } from './config-types';
import { chooseLocale } from './locale-choice';
import { parsePreferences } from './preferences';
import { isEmail } from './url-rules';

/**
 * Whether `url` is a URL at all, resolved against a page ("https://exa mple.com", "http://[" and
 * "https://a.example:99999" are not). Here, not in url-rules.ts: the first layer does not carry it.
 */
function isUrl(url: string): boolean {
  try {
    return !!new URL(url, 'https://a.invalid/');
  } catch {
    return false;
  }
}

/**
 * The config's links that are no URL at all (`isUrl`): a warning, not an issue, because the first
 * layer (`checkConfig`, kept small) does not parse URLs: it shows such a link, which goes nowhere.
 */
function linkWarnings(c: Config): Finding[] {
  const { url, contact } = c.policy;
  const links: Record<string, string | null> = { 'policy.url': url };
  if (contact && !isEmail(contact)) links['policy.contact'] = contact;
  c.services.forEach((s, i) => (links[`services[${i}].privacyUrl`] = s.privacyUrl));
  c.ui.policyPages.forEach((p, i) => (links[`ui.policyPages[${i}]`] = p));
  return Object.entries(links).flatMap(([path, link]) =>
    link === null || isUrl(link) ? [] : [{ path, ...problem('linkInvalid', link) }],
  );
}

/**
 * The host a `hosts` entry names, read as gate/autoblock.ts `hostOf` reads it (the URL parser:
 * lower case, punycode; a host, a URL, `*.host`, with a port or a path), without a leading `*.` (in
 * Chromium `%2A.`) or `.` or a trailing dot; '' for what the parser refuses.
 */
export const hostNameOf = (entry: string): string => {
  try {
    const e = entry.trim();
    const { hostname } = new URL(/^(https?:|[a-z][a-z\d+.-]*:\/\/)/i.test(e) ? e : `https://${e}`);
    return hostname.replace(/^(\*|%2a)?\.|\.$/gi, '');
  } catch {
    return '';
  }
};

/**
 * Whether a `hosts` entry names a host: not "facebook.*", "*facebook.net", two hosts in one string,
 * "https//host" (its colon lost) or a regex ("^host$", "host\\.net", "(a|b).host"), which match no
 * URL, so the tags load unblocked.
 */
const namesHost = (entry: string): boolean => /^(\[[\da-f:.]+\]|localhost|[\w-]+(\.[\w-]+)+)$/i.test(hostNameOf(entry));

/**
 * Services' `hosts` entries that match no URL (auto-blocking lets their tags through: fail open)
 * and `cookies` entries that match no cookie (a glob, a regex with a flag or without its closing
 * slash: a revoked service's cookies stay). Checked by the engine only, as the links are.
 */
function nameWarnings(c: Config): Finding[] {
  return c.services.flatMap((s, i) => [
    ...s.hosts.flatMap((entry, j): Finding[] =>
      namesHost(entry) ? [] : [{ path: `services[${i}].hosts[${j}]`, ...problem('hostName', entry) }],
    ),
    ...s.cookies.flatMap((name, j): Finding[] =>
      /^\/.+\/$/.test(name) || !/[*/]/.test(name)
        ? []
        : [{ path: `services[${i}].cookies[${j}]`, ...problem('cookieName', name) }],
    ),
  ]);
}

/**
 * A purpose no locale file names (only the standard ones) without words in `texts` for every
 * language a visitor may read (`texts.en`, which every language falls back to, or the shipped
 * locale a fixed `ui.locale` picks: `de` for "de-AT"), words for no purpose, a blocking bar.
 */
function shownWarnings(c: Config): Finding[] {
  const given = (key: string): string[] => Object.keys(c.texts).filter((l) => Object.hasOwn(c.texts[l]!, key));
  const out: Finding[] = c.purposes.flatMap((p, i) =>
    Object.hasOwn(DEFAULT_GCM, p.id)
      ? []
      : [`purpose.${p.id}.title`, `purpose.${p.id}.description`].flatMap((key): Finding[] => {
          const locales = given(key);
          return locales.includes('en') || locales.includes(chooseLocale(c.ui.locale, null, []))
            ? []
            : [{ path: `purposes[${i}]`, ...problem('purposeWords', p.id, key, locales) }];
        }),
  );
  const ids = c.purposes.map((p) => p.id);
  for (const [locale, words] of Object.entries(c.texts))
    for (const key of Object.keys(words)) {
      const id = /^purpose\.([^.]+)\./.exec(key)?.[1];
      if (id !== undefined && !ids.includes(id))
        out.push({ path: `texts.${locale}`, ...problem('textsPurpose', key, id, ids) });
    }
  if (c.ui.blocking && c.ui.layout !== 'modal')
    out.push({ path: 'ui.blocking', ...problem('blockingModal', c.ui.layout) });
  return out;
}

/** Validates and normalises `input`; never throws. */
export function findConfig(input: unknown): CheckResult {
  const r = checkConfig(input, parsePreferences);
  return r.ok
    ? {
        ...r,
        warnings: [...r.warnings, ...linkWarnings(r.config), ...nameWarnings(r.config), ...shownWarnings(r.config)],
      }
    : r;
}

/** The `ConsentError('config/invalid')` listing every issue, one per line with its path. */
export function configError(issues: readonly Issue[]): ConsentError {
  const n = issues.length;
  return new ConsentError('config/invalid', `Candor: invalid config (${n} issue${n === 1 ? '' : 's'}):`, issues);
}

/** `issues` with their codes for words. */
export const issueCodes = (issues: readonly Finding[]): Issue[] =>
  issues.map((i) => ({ path: i.path, message: i.code }));
