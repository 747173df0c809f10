/**
 * The site-owner page (served by candor/server at `{admin.path}/`): signs in with the admin token
 * (kept in this page's memory only: a reload asks again), then shows the consent overview, the latest decisions,
 * the record search, one visitor's data (export, chain check, erasure), the request inbox and the
 * retention purge. A refused token at any point returns to the sign-in form. No framework, no
 * third-party code; every value from the API is shown as text.
 */
import { ApiError, createApi, type Api } from './api';
import { report, say, type Context } from './context';
import { byId, replace } from './dom';
import { inboxView } from './inbox-view';
import { overviewView } from './overview-view';
import { parseStats } from './parse';
import { latestView, searchView } from './records-view';
import { retentionView } from './retention-view';
import { signInForm } from './session';
import { subjectView } from './subject-view';

export interface StartOptions {
  /** The API's base URL. @default `api/` next to this script */
  readonly base?: URL;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** `api/` beside admin.js (not beside the page: `{admin.path}` and `{admin.path}/` alike). */
const defaultBase = (): URL => {
  const script = document.currentScript;
  return new URL('api/', script instanceof HTMLScriptElement && script.src ? script.src : location.href);
};

/** Wires the page (index.html); the token it signs in with is kept in memory only. */
export function start(options: StartOptions = {}): void {
  const base = options.base ?? defaultBase();
  const pageStatus = byId('page-status');
  const dashboard = byId('dashboard');
  const signOutButton = byId<HTMLButtonElement>('sign-out');
  let current: Api | null = null;

  const ctx: Context = {
    api: () => {
      const api = current;
      if (!api) throw new ApiError(401, 'Not signed in.');
      // An answer that comes once this session ended is dropped as a refused token's: nothing of it is shown.
      const mine = <T>(answer: Promise<T>): Promise<T> =>
        answer.finally(() => {
          if (current !== api) throw new ApiError(401, 'Signed out.');
        });
      return { get: (path, query) => mine(api.get(path, query)), post: (path, body) => mine(api.post(path, body)) };
    },
    openSubject: (s, requestId) => subject.open(s, requestId),
    changed: () => void Promise.all([latest.load(), inbox.load()]),
  };
  const overview = overviewView(ctx);
  const latest = latestView(ctx);
  const search = searchView(ctx);
  const subject = subjectView(ctx);
  const inbox = inboxView(ctx);
  const retention = retentionView(ctx);

  /** Back to the form: the token forgotten, everything shown of the records removed from the page. */
  const signOut = (message: string, error: boolean): void => {
    current = null;
    dashboard.hidden = signOutButton.hidden = true;
    for (const id of ['overview-body', 'latest-body', 'inbox-list']) replace(byId(id));
    search.reset();
    subject.reset();
    say(pageStatus, '');
    form.show(message, error);
  };
  const signIn = async (token: string): Promise<void> => {
    form.say('Signing in…');
    const api: Api = createApi({
      base,
      token,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      onUnauthorized: () => {
        if (current === api) signOut('Your session ended: the server refused the token. Sign in again.', true);
      },
    });
    let stats;
    try {
      stats = parseStats(await api.get('stats'));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) return report(byId('sign-in-status'), 'Signing in', e);
      return signOut(
        'That token was refused. Enter the admin token set on the server (CANDOR_ADMIN_TOKEN) and try again.',
        true,
      );
    }
    current = api;
    form.hide();
    dashboard.hidden = signOutButton.hidden = false;
    overview.show(stats);
    retention.show(stats.retention);
    say(pageStatus, 'Signed in.');
    byId('overview-title').focus();
    await Promise.all([latest.load(), inbox.load()]);
  };
  const form = signInForm((token) => void signIn(token));

  signOutButton.addEventListener('click', () => signOut('Signed out. The token was forgotten.', false));
  byId('token').focus();
}
