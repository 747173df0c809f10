/**
 * `candor/vue`: `provideConsent(config)` in the app's root component runs one Candor session
 * (instance, page wiring, UI) from `onMounted` (browser only, so server rendering never starts
 * one) to the component's unmount, and provides it; `useConsent()` in any descendant reads it as
 * Vue refs. Until the session starts, and on the server, everything answers fail-closed.
 */
import {
  computed,
  inject,
  onMounted,
  onUnmounted,
  provide,
  shallowRef,
  type ComputedRef,
  type InjectionKey,
  type ShallowRef,
} from 'vue';
import type { ConsentConfigInput } from '../core/config-types';
import type { Consent, ConsentState } from '../instance/types';
import { openSession, type Session, type SessionOptions } from './session';

/** The session as components see it. */
export interface ConsentRefs {
  /** The instance, or null on the server and before it has started. */
  readonly consent: Readonly<ShallowRef<Consent | null>>;
  /** The current state, or null on the server and before it has started. */
  readonly state: Readonly<ShallowRef<ConsentState | null>>;
  /** Whether the visitor must be asked (no valid decision); false until the stored decision is read. */
  readonly needsPrompt: ComputedRef<boolean>;
  /** Whether `condition` (a purpose, a service, or `'a,b'`) is granted; false until known (fail-closed). */
  granted(condition: string): ComputedRef<boolean>;
}

const KEY: InjectionKey<ConsentRefs> = Symbol('candor');

/** Starts the session when the calling component mounts, stops it when it unmounts, and provides it. */
export function provideConsent(config: ConsentConfigInput, options: SessionOptions = {}): ConsentRefs {
  const consent = shallowRef<Consent | null>(null);
  const state = shallowRef<ConsentState | null>(null);
  let session: Session | undefined;
  let unsubscribe: (() => void) | undefined;
  onMounted(() => {
    session = openSession(config, options);
    if (!session) return; // an invalid config (reported): no session, the refs answer fail-closed
    consent.value = session.consent;
    unsubscribe = session.consent.state.subscribe((s) => (state.value = s));
  });
  onUnmounted(() => {
    unsubscribe?.();
    session?.stop();
    consent.value = state.value = null;
  });
  const refs: ConsentRefs = {
    consent,
    state,
    needsPrompt: computed(() => !!state.value?.ready && state.value.promptReason !== null),
    granted: (condition) => computed(() => state.value !== null && !!consent.value?.has(condition as never)),
  };
  provide(KEY, refs);
  return refs;
}

/** The session an ancestor's `provideConsent` provides; throws without one. */
export function useConsent(): ConsentRefs {
  const refs = inject(KEY, null);
  if (!refs) throw new Error('Candor: useConsent() needs provideConsent(config) in an ancestor component');
  return refs;
}
