/**
 * English (locales/en.json), the source of every key and the UI's fallback; locale choice and
 * lookup live in core/locale.ts. The first layer (ui/shell.ts) is given its locale's messages and
 * never imports this file, so the banner chunk carries no English it does not show.
 */
import en from '../../locales/en.json';
import type { Messages } from '../core/locale';

export { isRtl, translate, type Messages } from '../core/locale';
export { chooseLocale, LOCALES, matchLocale } from '../core/locale-choice';

/** The English messages, the fallback for every key. */
export const ENGLISH: Messages = en;
