/**
 * Message lookup for the UI. English (locales/en.json) is the source of every key and the
 * fallback; locale choice lives in core/locale.ts.
 */
import en from '../../locales/en.json';

export { chooseLocale, isRtl, LOCALES, matchLocale } from '../core/locale';

/** A locale's messages: key → text. */
export type Messages = Readonly<Record<string, string>>;

/** The English messages, the fallback for every key. */
export const ENGLISH: Messages = en;

/** Looks up `key`, fills `{name}`-style variables; falls back to English, then to the key. */
export function translate(messages: Messages, key: string, vars: Readonly<Record<string, string>> = {}): string {
  const text = messages[key] ?? ENGLISH[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}
