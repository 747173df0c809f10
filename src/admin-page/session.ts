/**
 * The sign-in form. The token itself lives in admin.ts's memory only, never in sessionStorage,
 * localStorage or a cookie: any script of the same origin (the shop, when the page is served
 * there) could read those after the owner has left the page. A reload asks again.
 */
import { say } from './context';
import { byId } from './dom';

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
