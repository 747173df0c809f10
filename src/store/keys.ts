/**
 * This origin's localStorage keys and channel name, in one small module: the loader's page chunk
 * listens to them without bundling the store.
 */

/** The cross-tab channel (store/channel.ts): a BroadcastChannel name, or a localStorage key as fallback. */
export const CHANNEL_NAME = 'candor:v1';

/** The copy of the cookie value (store/cookie-mirror.ts). */
export const COPY_KEY = 'candor:v1:cookie';

/** Set while the sync outbox holds undelivered records (store/outbox-flag.ts). */
export const OUTBOX_FLAG_KEY = 'candor:v1:outbox';

/** The end of the endpoint's `Retry-After` (store/outbox-flag.ts). */
export const SYNC_AFTER_KEY = 'candor:v1:sync-after';

/** A record until IndexedDB holds it (store/browser.ts: IndexedDB drops what a closing page began to write). */
export const RECORD_KEY = 'candor:v1:record';
