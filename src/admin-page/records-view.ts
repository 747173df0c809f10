/** Records as tables: the latest decisions, and the search with its filters and pages. */
import { tableBox } from './charts';
import { report, say, turns, type Context } from './context';
import { byId, el, replace } from './dom';
import { count, dateTime, methodName, shownSubject } from './format';
import { parseRecordsPage, type RecordEntry, type RecordsPage } from './parse';

/**
 * A table of records, newest first; each visitor's id is a button that opens the visitor. It comes
 * first, so that it is in view at any width: at 320 px no five columns fit, and the box scrolls.
 */
export function recordsTable(caption: string, entries: readonly RecordEntry[], ctx: Context): HTMLElement {
  const visitor = (e: RecordEntry) =>
    e.erased
      ? el('span', {}, 'Erased ', el('code', {}, shownSubject(e.record.subject)))
      : el(
          'button',
          { type: 'button', class: 'link' },
          el('span', { class: 'visually-hidden' }, 'Open visitor '),
          el('code', {}, shownSubject(e.record.subject)),
        );
  const rows = entries.map((e) => {
    const r = e.record;
    const who = visitor(e);
    if (who instanceof HTMLButtonElement) who.addEventListener('click', () => ctx.openSubject(r.subject));
    return el(
      'tr',
      {},
      el('td', {}, who),
      el('td', {}, dateTime(r.issuedAt)),
      el('td', {}, methodName(r.method)),
      // Purpose names and the language are as a visitor's browser sent them: any length (see td.wrap).
      el('td', { class: 'wrap' }, r.allowed.length ? r.allowed.join(', ') : 'nothing'),
      el('td', { class: 'wrap' }, `${r.policyRevision ?? '–'} · ${r.locale ?? '–'}`),
    );
  });
  const head = ['Visitor', 'When (UTC)', 'Method', 'Allowed', 'Revision · language'];
  return tableBox(
    caption,
    el(
      'table',
      {},
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows),
    ),
  );
}

const LATEST = 10;

/** The latest decisions (no filter), with a refresh button; only the latest load's answer is shown. */
export function latestView(ctx: Context): { load(): Promise<void> } {
  const status = byId('latest-status');
  const body = byId('latest-body');
  const turn = turns();
  const load = async (): Promise<void> => {
    const live = turn();
    say(status, 'Loading the latest decisions…');
    try {
      const page = parseRecordsPage(await ctx.api().get('records', { limit: LATEST }));
      if (!live()) return;
      replace(body, page.records.length ? recordsTable('The latest decisions', page.records, ctx) : null);
      say(status, page.records.length ? `The latest ${count(page.records.length, 'decision')}.` : 'No decisions yet.');
    } catch (e) {
      if (live()) report(status, 'Loading the latest decisions', e);
    }
  };
  byId('latest-refresh').addEventListener('click', () => void load());
  return { load };
}

/** Turns a pager button on or off; it stays focusable (aria-disabled), so focus is never lost on it. */
const enable = (button: HTMLButtonElement, on: boolean): void =>
  on ? button.removeAttribute('aria-disabled') : button.setAttribute('aria-disabled', 'true');
const enabled = (button: HTMLButtonElement): boolean => button.getAttribute('aria-disabled') !== 'true';

/**
 * The record search: subject, date range, method; pages of `limit`, newest first. Only the latest
 * search's or page's answer is shown, and the pager goes on from the search shown (its filters,
 * its cursor), not from a search that failed or has not answered yet.
 */
export function searchView(ctx: Context): { reset(): void } {
  const form = byId<HTMLFormElement>('search-form');
  const status = byId('search-status');
  const body = byId('search-body');
  const newer = byId<HTMLButtonElement>('search-newer');
  const older = byId<HTMLButtonElement>('search-older');
  /** The cursor of each page shown, the current one last (the first page has none). */
  let cursors: (string | undefined)[] = [];
  let next: string | null = null;
  /** The filters of the search shown. */
  let query: Record<string, string> = {};
  const turn = turns();

  /** Shows page `n` of the search `q`, which starts before `cursor`; false when it did not. */
  const show = async (q: Record<string, string>, cursor: string | undefined, n: number): Promise<boolean> => {
    const live = turn();
    say(status, 'Searching…');
    let page: RecordsPage;
    try {
      page = parseRecordsPage(await ctx.api().get('records', { ...q, before: cursor }));
    } catch (e) {
      if (live()) report(status, 'The search', e);
      return false;
    }
    if (!live()) return false;
    query = q;
    next = page.next;
    replace(body, page.records.length ? recordsTable(`Records found, page ${n}`, page.records, ctx) : null);
    enable(newer, n > 1);
    enable(older, next !== null);
    const more = next === null ? '' : ', older ones on the next page';
    say(
      status,
      page.records.length ? `Page ${n}: ${count(page.records.length, 'record')}${more}.` : 'No record matches.',
    );
    return true;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const q: Record<string, string> = {};
    // As typed: `identify()` keeps a subject's spaces, and a trimmed copy would find none of its
    // records (the other fields are dates and choices); an all-blank field is no filter.
    for (const key of ['subject', 'from', 'to', 'method', 'limit']) {
      const value = data.get(key);
      if (typeof value === 'string' && value.trim()) q[key] = value;
    }
    void show(q, undefined, 1).then((ok) => void (ok && (cursors = [undefined])));
  });
  older.addEventListener('click', () => {
    if (!enabled(older) || next === null) return;
    const cursor = next;
    void show(query, cursor, cursors.length + 1).then((ok) => void (ok && cursors.push(cursor)));
  });
  newer.addEventListener('click', () => {
    if (!enabled(newer) || cursors.length < 2) return;
    void show(query, cursors[cursors.length - 2], cursors.length - 1).then((ok) => void (ok && cursors.pop()));
  });
  return {
    reset() {
      cursors = [];
      next = null;
      query = {};
      form.reset();
      replace(body);
      say(status, '');
      enable(newer, false);
      enable(older, false);
    },
  };
}
