/**
 * Which URLs a config may put in front of a visitor or send records to. Pure string checks (the
 * core has no URL parser), strict enough that what passes cannot run script: links from the
 * config (policy, privacy policies, contact) accept `https:`, `http:`, `mailto:` and relative
 * URLs only; a value with control characters is refused outright, because browsers strip tabs
 * and newlines from URLs ("java\tscript:" is `javascript:`), and leading spaces and C0 controls.
 * A refusal is a problem code (`config-problems.ts`); `links.ts` has the same checks in words.
 */
import { problem, type Problem } from './config-problems';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f]/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Why `url` may not be a link from the config, or null when it may. */
export function linkProblem(url: string): Problem | null {
  if (CONTROL.test(url)) return problem('linkControl');
  if (url !== url.trim()) return problem('linkSpaces');
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'https' && scheme !== 'http' && scheme !== 'mailto') return problem('linkScheme', scheme);
  return null;
}

/** An email address as a contact: one @, no spaces or characters that would break a mailto: link. */
export const isEmail = (v: string): boolean => /^[^\s@<>()[\]\\,;:"/?#&=]+@[^\s@<>()[\]\\,;:"/?#&=]+$/.test(v);

/** Why `contact` is neither an email address nor an allowed link, or null. */
export function contactProblem(contact: string): Problem | null {
  if (isEmail(contact)) return null;
  if (contact.includes('@') && !SCHEME.test(contact)) return problem('notEmail', contact);
  return linkProblem(contact);
}

/**
 * Why `url` may not be the sync endpoint, or null: https anywhere, plain http only on loopback,
 * or a same-origin path. The instance resolves it against the page as well (`new URL`), so the
 * check here is the syntax a careless or hostile config could get wrong: a path that is really
 * another host (`//host`, `/\host`, a backslash anywhere), whitespace or control characters.
 */
export function endpointProblem(url: string): Problem | null {
  if (CONTROL.test(url) || /\s/.test(url)) return problem('endpointControl', url);
  if (url.includes('\\')) return problem('endpointBackslash', url);
  if (/^\/(?!\/)/.test(url)) return null;
  if (/^https:\/\/[^/?#@]+(?:[/?#]|$)/i.test(url)) return null;
  if (/^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(?:[/?#]|$)/i.test(url)) return null;
  if (/^http:/i.test(url)) return problem('endpointHttp', url);
  return problem('notEndpoint', url);
}
