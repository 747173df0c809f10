/**
 * Which URLs a config may put in front of a visitor or send records to. Pure string checks (the
 * core has no URL parser), strict enough that what passes cannot run script: links from the
 * config (policy, privacy policies, contact) accept `https:`, `http:`, `mailto:` and relative
 * URLs only; a value with control characters is refused outright, because browsers strip tabs
 * and newlines from URLs ("java\tscript:" is `javascript:`), and leading spaces and C0 controls.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Why `url` may not be a link from the config, or null when it may. */
export function linkIssue(url: string): string | null {
  if (CONTROL.test(url)) return 'a URL may not contain control characters (tabs, newlines)';
  if (url !== url.trim()) return 'a URL may not start or end with spaces';
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'https' && scheme !== 'http' && scheme !== 'mailto')
    return `"${scheme}:" links are not allowed; use https:, http:, mailto: or a relative URL`;
  return null;
}

/** An email address as a contact: one @, no spaces or characters that would break a mailto: link. */
export const isEmail = (v: string): boolean => /^[^\s@<>()[\]\\,;:"/?#&=]+@[^\s@<>()[\]\\,;:"/?#&=]+$/.test(v);

/** Why `contact` is neither an email address nor an allowed link, or null. */
export function contactIssue(contact: string): string | null {
  if (isEmail(contact)) return null;
  if (contact.includes('@') && !SCHEME.test(contact))
    return `"${contact}" is not an email address such as "privacy@example.com"`;
  return linkIssue(contact);
}

/** The href for a contact: `mailto:` for an email address, else the (validated) link itself. */
export const contactHref = (contact: string): string => (isEmail(contact) ? `mailto:${contact}` : contact);

/**
 * Why `url` may not be the sync endpoint, or null: https anywhere, plain http only on loopback,
 * or a same-origin path. The instance resolves it against the page as well (`new URL`), so the
 * check here is the syntax a careless or hostile config could get wrong: a path that is really
 * another host (`//host`, `/\host`, a backslash anywhere), whitespace or control characters.
 */
export function endpointIssue(url: string): string | null {
  if (CONTROL.test(url) || /\s/.test(url))
    return `"${url.replace(CONTROL, '?')}" may not contain spaces or control characters`;
  if (url.includes('\\'))
    return `"${url}" may not contain a backslash (browsers read it as "/", which can point at another host)`;
  if (/^\/(?!\/)/.test(url)) return null;
  if (/^https:\/\/[^/?#@]+(?:[/?#]|$)/i.test(url)) return null;
  if (/^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(?:[/?#]|$)/i.test(url)) return null;
  if (/^http:/i.test(url))
    return `"${url}" uses plain http: consent records must travel over https (http is allowed only for loopback, or give a same-origin path such as "/api/consent")`;
  return `"${url}" is not an https URL or a same-origin path such as "/api/consent"`;
}
