/**
 * The data-subject requests visitors sent from the privacy dashboard: open, closed or all; an open
 * one is closed with an optional note (what was done), and its visitor opens in the visitor section.
 */
import { report, say, type Context } from './context';
import { byId, el, replace, uid } from './dom';
import { count, dateTime, requestTypeName } from './format';
import { parseClosed, parseRequests, type DataRequest } from './parse';

export function inboxView(ctx: Context): { load(): Promise<void> } {
  const form = byId<HTMLFormElement>('inbox-form');
  const filter = byId<HTMLSelectElement>('inbox-filter');
  const status = byId('inbox-status');
  const list = byId('inbox-list');

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
  const closeForm = (r: DataRequest): HTMLFormElement => {
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
  const item = (r: DataRequest): HTMLLIElement => {
    const open = el('button', { type: 'button', class: 'link' }, 'Open this visitor');
    open.addEventListener('click', () => ctx.openSubject(r.subject, r.id));
    return el(
      'li',
      { class: 'request' },
      el('h3', {}, `Request ${r.id}: ${requestTypeName(r.type)}`),
      el('p', {}, `Received ${dateTime(r.receivedAt)} from visitor `, el('code', {}, r.subject), '. ', open),
      r.message ? el('blockquote', {}, r.message) : null,
      r.closedAt
        ? el('p', {}, `Closed ${dateTime(r.closedAt)}${r.closeNote ? `: ${r.closeNote}` : '.'}`)
        : closeForm(r),
    );
  };
  async function load(): Promise<void> {
    const which = filter.value;
    say(status, 'Loading the requests…');
    try {
      const requests = parseRequests(await ctx.api().get('requests', { status: which }));
      replace(list, ...requests.map(item));
      const kind = which === 'all' ? 'request' : `${which} request`;
      say(status, requests.length ? `${count(requests.length, kind)}.` : `No ${kind}s.`);
    } catch (e) {
      report(status, 'Loading the requests', e);
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  return { load };
}
