/**
 * A returning visitor's page answers from the trusted cookie and does not load the engine. These
 * are the moments it must: the decision expires (the visitor is asked again), another tab
 * decides (BroadcastChannel, or the localStorage keys another tab writes), or the sync outbox
 * still holds records to deliver (loader-readable flag, store/outbox-flag.ts). The UI, the
 * launcher, `[data-candor-open]` and API calls start the engine themselves (loader/facade.ts), as
 * do a raised policy revision, a new GPC signal in opt-out mode or an edited config (no trusted cookie then), and
 * a cookie that changed under the page (`has()` reads it again: also when the visitor comes back
 * to the page, loader/returning.ts, for a sibling subdomain's decision, which sends no tab message).
 */
import { CHANNEL_NAME as CHANNEL, COPY_KEY } from '../store/keys';
import { outboxFlagged } from '../store/outbox-flag';
/** The longest delay setTimeout keeps (about 24.8 days): a later expiry is re-checked then. */
const MAX_DELAY = 2 ** 31 - 1;

/** Calls `start` once, at the first trigger; `until` is when the trusted decision expires. */
export function watchEngineTriggers(start: () => void, until: number, now: () => number = Date.now): void {
  let channel: BroadcastChannel | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    removeEventListener('storage', onStorage);
    channel?.close();
    start();
  };
  // A storage event fires in the other tabs of the origin only: their decision, or the channel's fallback.
  const onStorage = (e: StorageEvent): void => void ((e.key === CHANNEL || e.key === COPY_KEY) && fire());
  const timer = setTimeout(fire, Math.min(until - now(), MAX_DELAY)); // below 0: at once
  addEventListener('storage', onStorage);
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = fire;
  }
  // Records left undelivered by an earlier page: delivered once this page has settled.
  if (outboxFlagged()) (window.requestIdleCallback ?? setTimeout)(fire);
}
