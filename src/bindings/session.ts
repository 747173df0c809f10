/**
 * The framework bindings' one way to run Candor in an app (candor/react, candor/vue): one
 * `createConsent` instance, wired into the page (`connectPage`) and given the visitor UI
 * (`mountUI`, imported only in the browser, when the session starts), all stopped together. It
 * knows no framework; it is started in the browser only (a framework's mount hook), never on the
 * server.
 */
import type { ConsentConfigInput } from '../core/config-types';
import { createConsent } from '../instance/create-consent';
import type { Consent, ConsentOptions } from '../instance/types';
import { connectPage, denyConsentMode, type PageOptions } from '../loader/connect-page';
import type { MountOptions } from '../ui/mount-ui';
import type { UiHandle } from '../ui/shell';

/** What a binding starts besides the instance. */
export interface SessionOptions {
  /** `createConsent`'s options (region, storage, …). @default {} */
  readonly options?: ConsentOptions;
  /** `connectPage`'s options (gate, Consent Mode, dataLayer, DOM events), or `false` to leave the page alone. @default {} */
  readonly page?: PageOptions | false;
  /** `mountUI`'s options (banner when a decision is needed, launcher, panel), or `false` for no UI. @default {} */
  readonly ui?: MountOptions | false;
}

/** A running instance with its page wiring and UI. */
export interface Session {
  readonly consent: Consent;
  /** Removes the UI, disconnects the page and destroys the instance; safe to call twice. */
  stop(): void;
}

/** Starts a session for `config` (see the module comment). Throws `ConsentError` for an invalid config. */
export function startSession(config: ConsentConfigInput, o: SessionOptions = {}): Session {
  const consent = createConsent(config, o.options);
  const disconnect = o.page === false ? undefined : connectPage(consent, o.page);
  let ui: UiHandle | undefined;
  let stopped = false;
  const { ui: uiOptions = {} } = o;
  if (uiOptions !== false)
    void import('../ui/mount-ui')
      .then((m) => {
        if (!stopped) ui = m.mountUI(consent, uiOptions);
      })
      .catch((e: unknown) => console.error(`Candor: could not load the UI: ${String(e)}`));
  return {
    consent,
    stop() {
      if (stopped) return;
      stopped = true;
      ui?.destroy();
      disconnect?.();
      consent.destroy();
    },
  };
}

/**
 * `startSession` for a framework's mount hook, which must never throw into the app (an error in a
 * React effect unmounts the whole root): an invalid config is reported once on the console, with
 * every issue, and there is no session (nothing granted, no UI: fail closed).
 */
export function openSession(config: ConsentConfigInput, o: SessionOptions = {}): Session | undefined {
  try {
    return startSession(config, o);
  } catch (e) {
    console.error(e instanceof Error ? e.message : `Candor: could not start: ${String(e)}`);
    if (o.page !== false) denyConsentMode(o.page);
    return undefined;
  }
}
