/**
 * (Over 300 lines on purpose: the layers' fallbacks, the record journal and the decision rule share
 * one closure's state; split, each part would need it passed around, and the engine chunk would grow.)
 *
 * The browser storage: the `candor` cookie (synchronous fast path) + IndexedDB (records and
 * history) + memory, with a cross-tab channel. Each layer that fails drops out with an `error`
 * event, and the rest carries on:
 *   IndexedDB missing, blocked or stuck → cookie + memory (`storage/unavailable`)
 *   cookies blocked                     → IndexedDB + memory (with IndexedDB gone too, memory only)
 *   corrupt cookie or record            → no decision (`storage/corrupt`), never a throw
 * Which decision stands: the newest. A decision the visitor makes is always dated after the one it
 * replaces (core/transition.ts), so one it did not make never undoes it on reload. At start-up the
 * cookie answers at once when it can be trusted (cookie-mirror.ts); once IndexedDB answers, its
 * record is the decision, and a cookie without a record is no decision (except with a shared
 * `cookie.domain`, where another subdomain may have decided later). Every record read is checked
 * by the one boundary parser (`parseRecordFor`): nothing from the future, only the config's ids;
 * a stored decision from the future gives way to the history's newest believable record.
 */
import type { Config } from '../core/config-types';
import { ConsentError } from '../core/errors';
import { isNewer, isPlausible, parseRecordFor } from '../core/parse-record';
import { recordHash, toDecision, type ConsentRecord, type Decision } from '../core/record';
import { sha256 } from '../core/sha256';
import { cookieJarOf } from '../dom/cookie-jar';
import { createTabChannel, type TabChannel } from './channel';
import {
  cookieNameFor,
  cookieValues,
  decodeDecision,
  decodeOtherConfig,
  idsOf,
  readCookie,
  type CookieJar,
} from './cookie';
import {
  createCookieMirror,
  FOREIGN,
  isTap,
  localCopy,
  UNTRUSTED_MESSAGES,
  type MirrorCopy,
  type MirrorRead,
} from './cookie-mirror';
import { createIdbStore, isFailure, type IdbStore, type StoreFailure } from './idb';
import { RECORD_KEY } from './keys';
import { createMemoryStorage } from './memory';
import { asHistory, union, type ConsentStorage, type Snapshot, type StorageContext } from './storage';

/** Options of the browser storage; every ambient input can be replaced in tests. */
export interface BrowserStorageOptions {
  readonly config: Config;
  /** The consent-relevant config hash decisions are valid for. */
  readonly configHash: string;
  /** The validated config's stamp (see `configStamp`), written with valid decisions. */
  readonly stamp: string;
  /** @default document.cookie */
  readonly cookies?: CookieJar;
  /** This origin's copy of the cookie, which vouches for it. @default localStorage */
  readonly copy?: MirrorCopy;
  /** Where a record waits until IndexedDB holds it. @default localStorage */
  readonly journal?: MirrorCopy;
  /** @default globalThis.indexedDB */
  readonly indexedDB?: () => IDBFactory | undefined;
  /** How long one IndexedDB call may take before it counts as unavailable. @default 1000 */
  readonly timeoutMs?: number;
  /** @default the best of BroadcastChannel and the storage event */
  readonly channel?: TabChannel;
  /** @default location.protocol === 'https:' */
  readonly secure?: boolean;
  /** @default Date.now */
  readonly now?: () => number;
}

/** How long one tab may hold the sync lease; longer than one flush of a batch normally takes. */
const LEASE_MS = 15_000;

/** How long a cookie unlike this origin's copy waits for the copy (another tab's write) before it is reported. */
const FOREIGN_SETTLE_MS = 1500;

/** The storage `createConsent` uses in browsers. */
// eslint-disable-next-line max-lines-per-function -- one closure over the three layers' shared state (cookie, IndexedDB, memory, channel); every method is short
export function createBrowserStorage(options: BrowserStorageOptions, ctx: StorageContext): ConsentStorage {
  const { config } = options;
  const ids = idsOf(config);
  const now = options.now ?? Date.now;
  const jar = options.cookies ?? cookieJarOf(document);
  const secure = options.secure ?? (typeof location !== 'undefined' && location.protocol === 'https:');
  const memory = createMemoryStorage();
  let fault = false;
  /** IndexedDB has answered a full read (the authority from then on). */
  let answered = false;
  const report = (code: 'storage/unavailable' | 'storage/corrupt', detail: string, cause?: unknown): void => {
    fault = true;
    ctx.onError(new ConsentError(code, `Candor: ${detail}`, [], cause));
  };
  /** A stored value that cannot be believed: no decision from it. */
  const corrupt = (what: string): void => report('storage/corrupt', `${what}; treated as no decision`);

  const copy = options.copy ?? localCopy();
  const mirror = createCookieMirror({ ids, where: config.cookie, secure, jar, copy, now });
  const name = cookieNameFor(config.cookie, secure);
  let cookiesWork = true;
  let closed = false;
  /**
   * The decision the cookie names now, trusted or not: another tab's may be half written (that tab
   * writes the copy, then the cookie, then IndexedDB, and this page may see the cookie first). It
   * is never trusted for that, but never overwritten by an older one either. One dated beyond the
   * clock's allowed skew (a clock that ran ahead, a forged date) is no other tab's: none.
   */
  const onJar = (): Decision | null => {
    let newest: Decision | null = null;
    try {
      // Of several (one set for a longer path or the parent domain shadows this page's), the newest.
      for (const v of cookieValues(jar.get(), name)) {
        const d = decodeDecision(ids, v)?.decision;
        if (d && isPlausible(d, now()) && isNewer(d, newest)) newest = d;
      }
    } catch {
      /* cookies blocked: none */
    }
    return newest;
  };
  /** The copy holds a tap on its way (dom/pending-mark.ts), newer than what is stored. */
  const tapped = (): boolean => !mirror.shared && isTap(copy.get());
  /** When that tap was made (epoch ms), or 0 (none, or not dated in the past: it holds nothing back). */
  const tapAt = (): number => {
    try {
      const at: unknown = tapped() && JSON.parse(copy.get()!)[2];
      return typeof at === 'number' && at <= now() ? at : 0;
    } catch {
      return 0; // not JSON: not dated
    }
  };
  /** The stamp on the cookie last read (the config the engine validated when it wrote it). */
  let stampRead: string | undefined;
  const untrusted = (read: MirrorRead): void =>
    void (read.kind === 'untrusted' && corrupt(UNTRUSTED_MESSAGES[read.why]));
  /** Reading or writing the cookie threw. */
  const blocked = (e: unknown): void => {
    cookiesWork = false;
    report('storage/unavailable', 'cookies are blocked; choices last only as long as IndexedDB keeps them', e);
  };
  const readCookieDecision = (): Decision | null => {
    try {
      const read = mirror.read();
      stampRead = read.kind === 'decision' ? read.stamp : undefined;
      if (read.kind === 'untrusted' && read.why === FOREIGN) {
        // A fault (nothing granted, no opt-out defaults: it may be a refusal), reported unless the
        // copy then holds that value (another tab's write: its record is read and heard) or a tap.
        fault = true;
        const value = readCookie(jar.get(), name) ?? '';
        const decision = decodeDecision(ids, value)?.decision;
        setTimeout(() => {
          if (closed) return;
          if (copy.get() === value) return void (decision && catchUp(decision));
          if (!tapped()) untrusted(read);
        }, FOREIGN_SETTLE_MS);
      } else untrusted(read);
      return read.kind === 'decision' ? read.decision : null;
    } catch (e) {
      blocked(e);
      return null;
    }
  };

  /** The cookie's decision now, quietly (null when it has none to trust). */
  const cookieNow = (): Decision | null => {
    try {
      const read = mirror.read();
      return read.kind === 'decision' ? read.decision : null;
    } catch {
      return null;
    }
  };
  /** Whether `d` was made under this config (its ids, in this order). */
  const ofThisConfig = (d: Decision): boolean => d.configHash.slice(0, 8) === options.configHash.slice(0, 8);
  const writeCookie = (d: Decision): void => {
    if (!cookiesWork) return;
    // Only a decision valid under this very config carries its stamp (the loader's fast path).
    const valid = d.revision === config.policy.revision && ofThisConfig(d);
    try {
      mirror.write(d, valid ? options.stamp : '0', (d.expiresAt - now()) / 1000);
    } catch (e) {
      blocked(e);
    }
  };
  /** The record as this config's decision now, or null (reported) when it cannot be believed. */
  const validated = (raw: ConsentRecord | null, where: string): ConsentRecord | null => {
    if (!raw) return null;
    const record = parseRecordFor(config, raw, now());
    if (!record) corrupt(`${where} holds a decision dated in the future or lasting too long`);
    return record;
  };

  // Each record (and whether it is queued for sync) until IndexedDB has it, oldest first: a page
  // that closes drops the IndexedDB writes it began (a navigation right after a decision, or a
  // decision and `identify()` at once), and a page whose IndexedDB failed (an open slower than the
  // timeout on a busy device) writes none, so the next page's `load` writes them again.
  const journal = options.journal ?? localCopy(RECORD_KEY);
  /** The journal's entries as written (untrusted until checked: localStorage is outside). */
  const entries = (): unknown[] => {
    try {
      const list: unknown = JSON.parse(journal.get() ?? '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return []; // not JSON: dropped with the next write
    }
  };
  /** Writes `list` (at most the newest 16), or removes the journal when it is empty. */
  const keep = (list: unknown[]): void =>
    list.length ? journal.set(JSON.stringify(list.slice(-16))) : journal.remove();
  const idOf = (e: unknown[]): unknown => (e[0] as { id?: unknown } | null)?.id;
  /** The journal without the entry of the record `id`. */
  const without = (id: string): unknown[] => entries().filter((e) => !(Array.isArray(e) && idOf(e) === id));
  let idb: IdbStore | null = null;
  const dropIdb = (f: StoreFailure): void => {
    if (f.failure === 'corrupt') {
      corrupt(f.detail);
      return;
    }
    idb = null;
    report('storage/unavailable', `${f.detail}; using the cookie and memory instead`);
  };
  const opened = createIdbStore(options.timeoutMs ?? 1000, options.indexedDB, now);
  if (isFailure(opened)) dropIdb(opened);
  else idb = opened;

  const clearCookie = (): void => {
    try {
      mirror.clear();
    } catch {
      /* cookies blocked: nothing to clear */
    }
  };
  let fast: Decision | null = readCookieDecision();
  const ownerId = `${now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let channel: TabChannel | null = null;
  try {
    channel = options.channel ?? createTabChannel();
  } catch {
    channel = null; // no channel: other tabs catch up on their next load
  }

  const peek = (): Snapshot => {
    const m = memory.peek();
    const current =
      m.decision && (m.decision.id === fast?.id || isNewer(m.decision, fast)) ? m : { decision: fast, record: null };
    const d = current.decision;
    // A fault (no opt-out defaults) until the record is read by name: a cookie gone (a copy of one,
    // or a shared cookie, which has none) may have been a refusal, and one written under another
    // config names that config's ids by position.
    const unsure = d ? !current.record && !ofThisConfig(d) : !answered && (mirror.shared || copy.get() !== null);
    return fault || unsure ? { ...current, fault: true } : current;
  };

  // Other tabs' decisions, heard from the start (one made while IndexedDB answers is the newest);
  // one with the held decision's id that says otherwise is forged.
  const listeners = new Set<(record: ConsentRecord) => void>();
  /** What was heard before the instance listened. */
  const heard: ConsentRecord[] = [];
  /** Another tab's record, validated: this page follows it. */
  const hear = (record: ConsentRecord): void => {
    const d = toDecision(record);
    void memory.append(record);
    if (isNewer(d, fast)) fast = d; // the other tab wrote the cookie itself
    if (listeners.size) listeners.forEach((fn) => fn(record));
    else if (heard.push(record) > 16) heard.shift();
  };
  channel?.subscribe((m) => {
    const raw =
      typeof m === 'object' && m !== null && (m as { candor?: unknown }).candor === 1
        ? (m as { record?: unknown }).record
        : null;
    const record = raw ? parseRecordFor(config, raw, now()) : null;
    if (record && (record.id !== fast?.id || sameGrants(fast, toDecision(record)))) hear(record);
  });
  /**
   * Another tab's decision whose cookie came first and whose copy has come since: its record from
   * IndexedDB, or, not stored yet (that tab may have closed), its journal entry that says what
   * the cookie says.
   */
  const catchUp = async (d: Decision): Promise<void> => {
    const read = await (idb ?? (opened as Partial<IdbStore>)).readDecision?.();
    if (closed) return;
    const stored = read && !isFailure(read) ? parseRecordFor(config, read, now()) : null;
    const record = stored?.id === d.id && sameGrants(toDecision(stored), d) ? stored : journaled(d);
    // Newer, or any while the page has none (IndexedDB answered late): the state holder takes only newer or the same.
    const held = peek();
    if (record && (!held.record || isNewer(d, held.decision))) hear(record);
  };
  /** The journal's record of `d`, when it says what `d` says. */
  const journaled = (d: Decision): ConsentRecord | null => {
    for (const entry of entries()) {
      const record = parseRecordFor(config, Array.isArray(entry) ? entry[0] : null, now());
      if (record?.id === d.id && sameGrants(toDecision(record), d)) return record;
    }
    return null;
  };

  /** The cookie (the copy's, or a shared one) written under another config: its fields but its bits (that config's ids). */
  const otherConfigCookie = (): Decision | null => {
    let newest: Decision | null = null;
    try {
      for (const v of cookieValues(jar.get(), name)) {
        if (!mirror.shared && v !== copy.get()) continue;
        const d = decodeOtherConfig(v);
        if (d && !ofThisConfig(d) && isPlausible(d, now()) && isNewer(d, newest)) newest = d;
      }
    } catch {
      /* cookies blocked: none */
    }
    return newest;
  };

  /** The history's newest record believable now, or null. */
  const newestBelievable = async (store: IdbStore): Promise<ConsentRecord | null> => {
    const history = await store.readHistory();
    if (isFailure(history)) return null;
    // In the history's order (the newest-wins rule's), its head.
    return asHistory(history.flatMap((raw) => parseRecordFor(config, raw, now()) ?? []))[0] ?? null;
  };

  const write = async (record: ConsentRecord, opts?: { readonly outbox?: boolean }): Promise<void> => {
    const d = toDecision(record);
    keep([...without(record.id), [record, !!opts?.outbox]]); // with IndexedDB failed too: until a page writes it
    // Memory queues the record only when IndexedDB cannot (below), so tabs share one outbox.
    const held = memory.append(record, { outbox: !!opts?.outbox && !idb });
    // The cookie before any await (a page left at once, sealed in pagehide, has written it): the
    // newest decision (the visitor's own, core/transition.ts; tabs converge on it). A newer one
    // another tab wrote since stays (its record may be only in the journal if that tab closed), as
    // does a tap in the copy under an older decision, or the same again (the journal's).
    const other = cookiesWork ? cookieNow() : null;
    if (other && isNewer(other, fast)) fast = other;
    if ((isNewer(d, fast) && d.issuedAt >= tapAt()) || (d.id === fast?.id && !tapped())) {
      fast = d;
      writeCookie(d);
    }
    await held;
    try {
      channel?.post({ candor: 1, record });
    } catch {
      /* other tabs catch up on their next load */
    }
    const db = idb;
    if (db) {
      // The outbox first: a record that is queued is never lost, even if the rest fails.
      const queued = opts?.outbox ? await db.updateOutbox([record], []) : true;
      if (isFailure(queued)) await memory.append(record, { outbox: true });
      const result = isFailure(queued) ? queued : await db.append(record);
      if (isFailure(result)) dropIdb(result);
      else keep(without(record.id));
    }
  };

  /**
   * What the last pages could not finish writing (the journal's newest 16, oldest first), given to
   * `put` up to the cookie's decision, and only when its entry says exactly what the cookie says
   * (an edit in localStorage says nothing the cookie does not); an older entry the cookie's does not
   * follow, only when the hash chain of the records `named` gives names it. Returns the settled
   * entries; not one newer than the cookie's decision, or than an untrusted cookie's (another
   * tab's, half written).
   */
  const replay = async (
    put: (r: ConsentRecord, outbox: boolean) => Promise<void>,
    named: (() => Promise<Set<unknown>>) | null = null,
  ): Promise<Set<string>> => {
    // A cookie of another config (ids changed since): its bits name that config's ids, its other fields must agree.
    const other = fast && ofThisConfig(fast) ? null : otherConfigCookie();
    const anchor = other ?? fast;
    const says = (d: Decision): boolean =>
      other ? sameGrants({ ...d, purposes: {}, services: {} }, other) : sameGrants(d, fast!);
    const claim = anchor ? null : onJar();
    const settled = new Set<string>();
    const waiting: [ConsentRecord, boolean][] = [];
    for (const entry of entries().slice(-16)) {
      const [raw, outbox] = Array.isArray(entry) ? entry : [];
      const left = parseRecordFor(config, raw, now());
      const d = left && toDecision(left);
      if (d && anchor && typeof outbox === 'boolean' && d.id !== anchor.id && isNewer(d, anchor)) continue;
      if (d && claim && (d.id === claim.id || isNewer(d, claim))) continue;
      settled.add(JSON.stringify(entry));
      // The cookie's id with anything but what the cookie says is not its record (edited).
      if (!d || !anchor || typeof outbox !== 'boolean' || (d.id === anchor.id && !says(d))) continue;
      waiting.push([left, outbox]);
      if (d.id === anchor.id) for (const [r, queued] of waiting.splice(0)) await put(r, queued);
    }
    // Older entries the cookie's own entry does not follow (another tab decided since, its records in
    // IndexedDB): one whose hash a stored record's prevHash names, or an entry so named, newest
    // first, is this device's record (localStorage alone cannot forge a preimage).
    const links = waiting.length && named ? await named() : new Set<unknown>();
    for (const [r, queued] of waiting.reverse())
      if (links.has(recordHash(r, sha256))) {
        await put(r, queued);
        links.add(r.prevHash);
      }
    return settled;
  };

  const storage: ConsentStorage = {
    peek,
    reread() {
      if (cookiesWork) fast = readCookieDecision();
    },
    async load() {
      // A decision made here while IndexedDB answers (a first visit's banner does not wait for
      // it) is the newest: it must survive what the read finds.
      const before = fast;
      const db = idb;
      const read = db && (await db.readDecision());
      if (!db || isFailure(read)) {
        if (isFailure(read)) dropIdb(read);
        // The cookie's record (its preferences) and those before it, from the journal, where they stay.
        await replay((r, outbox) => memory.append(r, { outbox }));
        // Not there: from IndexedDB once it answers (a slow open), asked once more.
        if (fast && !peek().record) void catchUp(fast);
        return peek();
      }
      answered = true;
      let stored = validated(read, 'IndexedDB');
      // One dated in the future hides no later one: the history's newest believable, written back.
      if (read && !stored && (stored = await newestBelievable(db))) await db.append(stored);
      // Another tab's decision may have come while IndexedDB answered: its cookie, once trusted.
      if (!fast) fast = cookieNow();
      // Written again even if IndexedDB holds it (a closing page may have written the decision, not
      // the history). Settled entries go; whatever is journalled meanwhile stays.
      try {
        const settled = await replay(
          async (r, outbox) => {
            await storage.append(r, { outbox });
            if (!stored || isNewer(toDecision(r), toDecision(stored))) stored = r;
          },
          async () => {
            const history = await db.readHistory();
            return new Set([stored, ...(isFailure(history) ? [] : history)].map((r) => r?.prevHash).filter(Boolean));
          },
        );
        // Unless a write failed (IndexedDB dropped): then all of it stays for the next page.
        if (idb) keep(entries().filter((e) => !settled.has(JSON.stringify(e))));
      } catch {
        /* never thrown into the page: what is left is tried again by the next page */
      }
      if (stored) {
        const d = toDecision(stored);
        // Kept in memory unless what memory holds is newer (a decision heard or made meanwhile).
        const held = memory.peek().decision;
        if (!held || !isNewer(held, d)) await memory.append(stored);
        // With a shared cookie another subdomain may have decided later than this one's record.
        const newerCookie = mirror.shared && fast !== null && fast.id !== d.id && isNewer(fast, d);
        const decidedMeanwhile = fast !== before && fast !== null && isNewer(fast, d);
        // A newer decision on the cookie, trusted or not yet (another tab's, half written), and a tap
        // stay: this page follows that tab once it can (`catchUp`, `hear`); a tap's record replaces it.
        const jarNow = onJar();
        const writing = !mirror.shared && !!jarNow && isNewer(jarNow, d);
        if (!newerCookie && !decidedMeanwhile && !writing && fast?.id !== d.id && !tapped()) {
          fast = d;
          writeCookie(d);
        } else if (fast?.id === d.id && stampRead !== options.stamp && !tapped()) {
          // The same decision, stamped for another config (the site edited it): stamped for this
          // one, which the engine has now validated, when the decision is valid under it
          // (writeCookie), so the next page's loader answers without the engine.
          writeCookie(d);
        }
      } else if (fast && fast === before && !mirror.shared) {
        // A cookie without a record: not one this device's engine wrote with its record (or the
        // record was lost): no decision, and the cookie goes.
        corrupt('the consent cookie has no stored record');
        fast = null;
        clearCookie();
        return { ...peek(), forget: true };
      }
      return peek();
    },
    append: write,
    async outbox() {
      if (idb) {
        const list = await idb.readOutbox();
        if (!isFailure(list)) {
          // Records queued in memory while IndexedDB failed earlier on this page come along.
          return union(list, await memory.outbox());
        }
        dropIdb(list);
      }
      return memory.outbox();
    },
    durable: () => idb !== null,
    async ack(ids) {
      await memory.ack(ids);
      if (idb) {
        const done = await idb.updateOutbox([], ids);
        if (isFailure(done)) dropIdb(done);
      } else keep(entries().map((e) => (Array.isArray(e) && ids.includes(idOf(e) as string) ? [e[0], false] : e)));
    },
    async counts(change) {
      if (idb) {
        const kept = await idb.counts(change);
        if (!isFailure(kept)) return kept.value;
        dropIdb(kept); // counts already in IndexedDB wait there for a later page view
      }
      return memory.counts(change);
    },
    async records() {
      // Asked again after a failure (a slow answer), with this page's own.
      const list = (await (idb ?? (opened as Partial<IdbStore>)).readHistory?.()) ?? [];
      const mine = await memory.records();
      return isFailure(list) ? (idb && dropIdb(list), mine) : asHistory(union(list, mine));
    },
    async exclusive(fn) {
      const owner = ownerId;
      // A lease, not a lock: a tab that dies while holding it frees it when it expires.
      if (idb && !(await idb.lease(owner, now(), now() + LEASE_MS))) return false;
      try {
        await fn();
      } finally {
        await idb?.release(owner);
      }
      return true;
    },
    subscribe(fn) {
      listeners.add(fn);
      heard.splice(0).forEach(fn);
      return () => void listeners.delete(fn);
    },
    close() {
      closed = true;
      channel?.close();
    },
  };
  return storage;
}

/** Whether this environment has what the browser storage needs. */
export const isBrowser = (): boolean => typeof document !== 'undefined' && typeof window !== 'undefined';

/** Whether two readings of a decision say the same (the cookie keeps no more than this). */
function sameGrants(a: Decision, b: Decision): boolean {
  const key = (d: Decision): string =>
    JSON.stringify([
      d.id,
      d.issuedAt,
      Math.floor(d.expiresAt / 1000),
      d.configHash.slice(0, 8),
      d.revision,
      d.method,
      d.gpc,
      Object.entries(d.purposes).sort(),
      Object.entries(d.services).sort(),
    ]);
  return key(a) === key(b);
}
