/**
 * The data-subject requests visitors sent from the privacy dashboard: open, closed or all; an open
 * one is closed with an optional note (what was done), and its visitor opens in the visitor section.
 */
import { report, say, turns, type Context } from './context';
import { byId, el, replace, uid } from './dom';
import { count, dateTime, requestTypeName, shownSubject } from './format';
import { parseClosed, parseRequests, type DataRequest } from './parse';

/** The form that closes request `r`, with an optional note. */
const closeForm = (r: DataRequest, close: (r: DataRequest, note: string) => Promise<void>): HTMLFormElement => {
  const id = uid('note');
  const note = el('textarea', { id, name: 'note', rows: 2, maxlength: 1000 });
  const f = el(
    'form',
    { class: 'close-form' },
    el('label', { for: id }, `Note on request ${r.id} (optional: what you did)`),
    note,
    el('button', { type: 'submit' }, `Close request ${r.id}`),
  );
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    void close(r, note.value.trim());
  });
  return f;
};

export function inboxView(ctx: Context): { load(): Promise<void> } {
  const form = byId<HTMLFormElement>('inbox-form');
  const filter = byId<HTMLSelectElement>('inbox-filter');
  const status = byId('inbox-status');
  const list = byId('inbox-list');
  const more = byId<HTMLButtonElement>('inbox-more');
  let next: number | null = null;
  /** The filter of the list shown: its next page is of the same requests, whatever the field says now. */
  let listed = filter.value;
  const turn = turns();

  const close = async (request: DataRequest, note: string): Promise<void> => {
    say(status, `Closing request ${request.id}…`);
    try {
      const closed = parseClosed(await ctx.api().post(`requests/${request.id}/close`, note ? { note } : {}));
      await load();
      byId('inbox-title').focus();
      say(status, `Request ${closed.id} closed${closed.closedAt ? ` on ${dateTime(closed.closedAt)}` : ''}.`);
    } catch (e) {
      report(status, `Closing request ${request.id}`, e);
    }
  };
  const item = (r: DataRequest): HTMLLIElement => {
    const open = el('button', { type: 'button', class: 'link' }, 'Open this visitor');
    open.addEventListener('click', () => ctx.openSubject(r.subject, r.id));
    return el(
      'li',
      { class: 'request' },
      el('h3', {}, `Request ${r.id}: ${requestTypeName(r.type)}`),
      el(
        'p',
        {},
        `Received ${dateTime(r.receivedAt)} from visitor `,
        el('code', {}, shownSubject(r.subject)),
        '. ',
        open,
      ),
      r.message ? el('blockquote', {}, r.message) : null,
      r.closedAt
        ? el('p', {}, `Closed ${dateTime(r.closedAt)}${r.closeNote ? `: ${r.closeNote}` : '.'}`)
        : closeForm(r, close),
    );
  };
  /**
   * The first page of the inbox, or (`after`) the next one, added below what is shown. Only the
   * latest load's answer is shown: a page come late would go under another list.
   */
  async function load(after: number | null = null): Promise<void> {
    const live = turn();
    const which = after === null ? filter.value : listed;
    say(status, 'Loading the requests…');
    try {
      const page = parseRequests(await ctx.api().get('requests', { status: which, after: after ?? undefined }));
      if (!live()) return;
      if (after === null) replace(list, ...page.requests.map(item));
      else list.append(...page.requests.map(item));
      listed = which;
      next = page.next;
      // The button goes with the last page: its focus moves to the section's title, not to the page's start.
      if (next === null && document.activeElement === more) byId('inbox-title').focus();
      more.hidden = next === null;
      const kind = which === 'all' ? 'request' : `${which} request`;
      const shown = list.children.length;
      say(status, shown ? `${count(shown, kind)}${next === null ? '' : ' shown, more to show'}.` : `No ${kind}s.`);
    } catch (e) {
      if (live()) report(status, 'Loading the requests', e);
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  more.addEventListener('click', () => void (next !== null && load(next)));
  return { load };
}
