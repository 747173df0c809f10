/**
 * The sign-in form and where the token is kept: this tab's sessionStorage, never localStorage or a
 * cookie (the token is gone when the tab closes; another tab signs in on its own).
 */
import { say } from './context';
import { byId } from './dom';

/** The sessionStorage key of the token. */
export const TOKEN_KEY = 'candor-admin-token';

export interface TokenStore {
  get(): string | null;
  /** Keeps a token, or forgets it (null). Storage refused (privacy mode, quota): kept for this page only. */
  set(token: string | null): void;
}

export function tokenStore(storage: Storage | null): TokenStore {
  return {
    get() {
      try {
        return storage?.getItem(TOKEN_KEY) ?? null;
      } catch {
        return null;
      }
    },
    set(token) {
      try {
        if (token === null) storage?.removeItem(TOKEN_KEY);
        else storage?.setItem(TOKEN_KEY, token);
      } catch {
        // Refused: the session lasts as long as the page.
      }
    },
  };
}

export interface SignInForm {
  /** Shows the form with a message (an error marks the field invalid) and focuses the field. */
  show(message: string, error: boolean): void;
  /** Hides the form once signed in, emptied. */
  hide(): void;
  /** Writes into the form's status region. */
  say(message: string, error?: boolean): void;
}

/** Wires the form: a non-empty token goes to `submit`, an empty one is refused on the spot. */
export function signInForm(submit: (token: string) => void): SignInForm {
  const section = byId('sign-in');
  const form = byId<HTMLFormElement>('sign-in-form');
  const input = byId<HTMLInputElement>('token');
  const status = byId('sign-in-status');
  const show = (message: string, error: boolean): void => {
    section.hidden = false;
    say(status, message, error);
    input.setAttribute('aria-invalid', String(error));
    input.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token) submit(token);
    else show('Enter the admin token.', true);
  });
  return {
    show,
    hide() {
      form.reset();
      input.removeAttribute('aria-invalid');
      say(status, '');
      section.hidden = true;
    },
    say: (message, error = false) => say(status, message, error),
  };
}
