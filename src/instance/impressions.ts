/**
 * The anonymous banner counts of `sync.analytics` (issue 20), loaded by the engine only when the
 * config turns them on (sync-wiring.ts imports this module on demand, a chunk of its own).
 *
 * Per page view, at most one "shown" and one "answered", each counted for the UTC day, the policy
 * revision and the locale the banner was shown in:
 * - shown: the banner (first layer) was displayed. Candor's UI says so with `candor:banner-shown`
 *   on `document` (ui/ui-model.ts); on a first visit the script tag shows the banner before the
 *   engine exists, so a banner already on screen when this starts counts too: the UI's host
 *   (`[data-candor-ui]`) holds a `.banner` in its open shadow root (ui/host.ts, ui/banner.ts;
 *   its `lang` is the locale shown). A decision made on the banner (`banner:*`) proves it too.
 * - answered: a decision made while the banner was on screen (a prompt was needed and the banner
 *   was shown) by Accept all or Reject all on it, or by Save in the panel (`panel:save`).
 * A page restored from the back/forward cache is a new page view.
 *
 * Counts are kept with the outbox (`storage.counts`) and sent (sync/impressions.ts) with the next
 * flush: at once after an answer, at start-up, when the browser is back online or the page
 * visible again, and as the page goes (`pagehide`, or hidden) with `keepalive`. Like the sender,
 * this module takes the engine's code it needs as parameters (see sync/impressions.ts).
 */
import { addCounts, countLocale, dayOf, parseCounts, type ImpressionCount } from '../core/impressions';
import type { Config } from '../core/config-types';
import type { Method } from '../core/record';
import { handedOver, handOver } from '../store/counts-journal';
import type { ConsentStorage } from '../store/storage';
import { createCountSender, type CountPorts, type CountSenderOptions } from '../sync/impressions';

/** What the counts need from the instance (and the sender's request, rules, lock and reports). */
export interface ImpressionOptions extends Pick<
  CountSenderOptions,
  'fetch' | 'exchange' | 'rules' | 'exclusive' | 'onError' | 'onPending' | 'now'
> {
  readonly config: Config;
  /** `{endpoint}/impressions`, resolved. */
  readonly url: string;
  readonly storage: ConsentStorage;
  readonly now: () => number;
  /** instance/page-restore.ts's `onPageRestore`: calls `fn` when the page comes back from the back/forward cache. */
  readonly onRestore: (fn: () => void) => () => void;
  /** @default document */
  readonly document?: Document;
}

/** The counting side of an instance. */
export interface Impressions {
  /**
   * A decision was recorded: `method` is how, `prompted` whether a prompt was needed just before
   * it, `locale` the locale it was recorded in.
   */
  decided(method: Method | undefined, prompted: boolean, locale: string): void;
  dispose(): void;
}

/** The methods of Candor's UI that answer the banner. */
const ANSWERS: readonly (Method | undefined)[] = ['banner:accept-all', 'banner:reject-all', 'panel:save'];

/** The hosts of Candor UIs that hold a banner now (see the comment at the top). */
const bannerHosts = (doc: Document): HTMLElement[] =>
  [...doc.querySelectorAll<HTMLElement>('[data-candor-ui]')].filter((h) => h.shadowRoot?.querySelector('.banner'));

/**
 * The host of a Candor UI whose banner the visitor can see now, if any: in a visible page (not a
 * tab opened in the background), and not hidden by the site's styles (the host or the banner).
 */
export const bannerHost = (doc: Document): HTMLElement | undefined =>
  doc.visibilityState === 'visible'
    ? bannerHosts(doc).find((h) =>
        [h, h.shadowRoot!.querySelector('.banner')!].every(
          (el) => el.checkVisibility?.({ visibilityProperty: true }) ?? true,
        ),
      )
    : undefined;

/** The counts' storage: the instance's (IndexedDB, with its fallbacks), or memory for a storage without counts. */
function portsOf(storage: ConsentStorage): CountPorts {
  let inMemory: unknown;
  const counts =
    storage.counts?.bind(storage) ?? (async (change) => (change ? (inMemory = change(inMemory)) : inMemory));
  return {
    read: async () => parseCounts(await counts()),
    change: async (delta, sign) => void (await counts((kept) => addCounts(parseCounts(kept), delta, sign))),
    handedOver,
    handOver,
  };
}

/** Starts counting; never throws into the page. */
export function wireImpressions(o: ImpressionOptions): Impressions {
  const doc = o.document ?? document;
  const ports = portsOf(o.storage);
  const sender = createCountSender({
    url: o.url,
    fetch: o.fetch,
    exchange: o.exchange,
    rules: o.rules,
    ports,
    exclusive: o.exclusive,
    now: o.now,
    onError: o.onError,
    onPending: o.onPending,
  });
  let shown = false;
  let answered = false;
  let shownIn: string | null = null;
  let kept = Promise.resolve();

  /** Keeps one page view's count (in order), then, for an answer, sends at once. */
  const count = (add: Pick<ImpressionCount, 'shown' | 'answered'>, locale: string): void => {
    const delta = [{ day: dayOf(o.now()), policyRevision: o.config.policy.revision, locale, ...add }];
    kept = kept
      .then(() => ports.change(delta, 1))
      .then(() => {
        sender.counted(delta);
        if (add.answered) void sender.flush();
      })
      .catch(() => {}); // a storage that broke its promise not to reject: the count is lost, the page untouched
  };
  const onShown = (host: HTMLElement | undefined): void => {
    if (shown) return;
    shown = true;
    shownIn = countLocale(host?.lang || doc.documentElement.lang); // the page's, for a banner not Candor's
    count({ shown: 1, answered: 0 }, shownIn);
  };
  const look = (): void => {
    const host = bannerHost(doc);
    if (host) onShown(host);
  };
  // A banner not Candor's (the page's own event) counts; Candor's only when the visitor can see it.
  const onEvent = (): void => void (bannerHosts(doc).length ? look() : onShown(undefined));
  const onHidden = (): void => void (doc.visibilityState === 'hidden' && sender.flushOnExit());
  const onVisible = (): void => void (doc.visibilityState === 'visible' && (look(), sender.flush()));
  const onExit = (): void => sender.flushOnExit();
  const onOnline = (): void => void sender.flush();
  doc.addEventListener('candor:banner-shown', onEvent);
  doc.addEventListener('visibilitychange', onHidden);
  doc.addEventListener('visibilitychange', onVisible);
  addEventListener('pagehide', onExit);
  addEventListener('online', onOnline);
  const stopRestore = o.onRestore(() => {
    shown = answered = false;
    shownIn = null;
    look();
  });
  look();
  void sender.flush(true); // what earlier page views left

  return {
    decided(method, prompted, locale) {
      if (!prompted || answered || !ANSWERS.includes(method)) return;
      const onBanner = method !== 'panel:save';
      // Save in the panel answers the banner only when the banner was shown (not an inline panel).
      if (!onBanner && !shown) return;
      answered = true;
      const newly = !shown;
      shown = true;
      count({ shown: newly ? 1 : 0, answered: 1 }, shownIn ?? countLocale(locale));
    },
    dispose() {
      sender.stop();
      stopRestore();
      doc.removeEventListener('candor:banner-shown', onEvent);
      doc.removeEventListener('visibilitychange', onHidden);
      doc.removeEventListener('visibilitychange', onVisible);
      removeEventListener('pagehide', onExit);
      removeEventListener('online', onOnline);
    },
  };
}
