/**
 * `candor/react`: `<ConsentProvider config>` runs one Candor session (instance, page wiring, UI)
 * for the app, and hooks read it through `useSyncExternalStore`. Safe under StrictMode: its
 * simulated unmount and mount keep the one session (its stop waits a task, cancelled by the mount
 * that follows): one instance, one banner; a real unmount stops it all.
 * Safe in server rendering: the session starts in an effect (browser only); until then, and on
 * the server, the hooks answer fail-closed (no state, nothing granted). Written without JSX, so the
 * build needs no React transform.
 */
import {
  createContext,
  createElement,
  Fragment,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { ConsentConfigInput } from '../core/config-types';
import type { Consent, ConsentState } from '../instance/types';
import { openSession, type Session, type SessionOptions } from './session';

const ConsentContext = createContext<Consent | null | undefined>(undefined);
let told = false;

/** A provider's session, and its stop while it waits to see whether StrictMode mounts it again. */
interface Held {
  session?: Session | undefined;
  stopping?: ReturnType<typeof setTimeout>;
  /** The config was refused (reported once, StrictMode's second mount included). */
  refused?: boolean;
}
/**
 * Unmounted providers whose stop waits. One starting a session (a new key, a new route) stops them
 * first: one page, one session. A remount keeps its own, stops no other (two under StrictMode).
 */
const waiting = new Set<Held>();
const stop = (h: Held): void => {
  clearTimeout(h.stopping);
  waiting.delete(h);
  h.session?.stop();
  h.session = undefined;
};

/** Props of `ConsentProvider`. */
export interface ConsentProviderProps extends SessionOptions {
  /** The config, read once when the provider mounts (give the provider a new `key` for a new config). */
  readonly config: ConsentConfigInput;
  readonly children?: ReactNode;
}

/** Runs one session for its children (see the module comment). */
export function ConsentProvider(props: ConsentProviderProps): ReactElement {
  const [consent, setConsent] = useState<Consent | null>(null);
  const held = useRef<Held>({});
  const first = useRef(props);
  useEffect(() => {
    const h = held.current;
    clearTimeout(h.stopping); // StrictMode's second mount: keep the session
    waiting.delete(h);
    if (!h.session && !h.refused) {
      waiting.forEach(stop);
      h.refused = !(h.session = openSession(first.current.config, first.current));
    }
    setConsent(h.session?.consent ?? null); // an invalid config: no session, the hooks answer fail-closed
    return () => {
      // A task later, unless StrictMode mounts it again at once (above).
      h.stopping = setTimeout(stop, 0, h);
      waiting.add(h);
    };
  }, []);
  return createElement(ConsentContext.Provider, { value: consent }, props.children);
}

/** The provider's instance, or null on the server and before it has started. */
export function useConsent(): Consent | null {
  const consent = useContext(ConsentContext);
  if (consent === undefined && !told) {
    told = true;
    console.error('Candor: no <ConsentProvider> above these hooks');
  }
  return consent ?? null;
}

/** The current state (re-renders on every change), or null on the server and before it has started. */
export function useConsentState(): ConsentState | null {
  const consent = useConsent();
  const subscribe = useCallback(
    (changed: () => void) => (consent ? consent.state.subscribe(changed) : () => {}),
    [consent],
  );
  return useSyncExternalStore(
    subscribe,
    () => consent?.state.peek() ?? null,
    () => null,
  );
}

/** Whether `condition` (a purpose, a service, or `'a,b'`) is granted now; false until known (fail-closed). */
export function useGranted(condition: string): boolean {
  const consent = useConsent();
  const state = useConsentState();
  return state !== null && !!consent?.has(condition as never);
}

/** Whether the visitor must be asked (no valid decision); false until the stored decision is read. */
export function useNeedsPrompt(): boolean {
  const state = useConsentState();
  return state !== null && state.ready && state.promptReason !== null;
}

/** Props of `Granted`. */
export interface GrantedProps {
  /** A purpose, a service, or `'a,b'`. */
  readonly when: string;
  /** Shown while not granted (a placeholder). @default nothing */
  readonly fallback?: ReactNode;
  readonly children?: ReactNode;
}

/** Renders its children only while `when` is granted (an embed, a widget that sets cookies). */
export function Granted(props: GrantedProps): ReactElement {
  return createElement(Fragment, null, useGranted(props.when) ? props.children : (props.fallback ?? null));
}
