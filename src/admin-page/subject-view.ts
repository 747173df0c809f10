/**
 * One visitor (a data subject): the access export (downloaded as JSON), the hash chain's check,
 * and the erasure of the personal parts of their records, after a confirmation.
 */
import { report, say, turns, type Context } from './context';
import { confirmAction } from './confirm';
import { byId, el, replace, type Child } from './dom';
import { downloadJson, exportName } from './download';
import { count, dateTime, shownSubject } from './format';
import { parseChain, parseErased, parseExport } from './parse';
import { recordsTable } from './records-view';

export interface SubjectView {
  /** Shows this subject (from a table or a request; `requestId` links an erasure to its request). */
  open(subject: string, requestId?: number): void;
  reset(): void;
}

/**
 * Where an action writes (the section's status region and its body): nothing once another action
 * or visitor started, or the page was reset; a late answer would speak of another visitor.
 */
interface Out {
  say(text: string, error?: boolean): void;
  report(what: string, e: unknown): void;
  show(...children: Child[]): void;
  /** Whether no other action or visitor started since. */
  live(): boolean;
  /** `say` and `report` even once another started: what became of an erasure must be read. */
  readonly always: Pick<Out, 'say' | 'report'>;
}

async function checkChain(ctx: Context, out: Out, subject: string): Promise<void> {
  out.say('Checking the hash chain…');
  try {
    const chain = parseChain(await ctx.api().get('chain', { subject }));
    const records = count(chain.records, 'record');
    const breaks = chain.breaks.length ? ` Breaks at: ${chain.breaks.join(', ')}.` : '';
    out.say(
      chain.verified
        ? `The hash chain of ${records} is verified: nothing was removed or changed.`
        : `The hash chain of ${records} does not verify (${count(chain.breaks.length, 'break')}).${breaks}`,
      !chain.verified,
    );
  } catch (e) {
    out.report('The chain check', e);
  }
}

async function exportSubject(ctx: Context, out: Out, subject: string): Promise<void> {
  out.say('Preparing the access export…');
  try {
    const data = await ctx.api().get('export', { subject });
    const summary = parseExport(data);
    downloadJson(exportName(subject), data);
    const erased = summary.erasures.map((e) => `erased on ${dateTime(e.erasedAt)} (${count(e.records, 'record')})`);
    out.show(
      el('p', {}, erased.length ? `This visitor’s personal data was ${erased.join(', ')}.` : 'No erasure so far.'),
      summary.records.length ? recordsTable('Records in the export', summary.records, ctx) : null,
    );
    const what = `${count(summary.records.length, 'record')}, ${count(summary.requests, 'request')}`;
    out.say(`Downloaded the access export: ${what}.`);
  } catch (e) {
    out.report('The access export', e);
  }
}

async function erase(ctx: Context, out: Out, subject: string, requestId: number | undefined): Promise<void> {
  const confirmed = await confirmAction({
    title: 'Erase this visitor’s personal data?',
    text: `The records of “${shownSubject(subject)}” lose their personal parts (the visitor’s id, address and preferences). Their hashes stay, so the chain can still be verified, and the erasure itself is recorded. This cannot be undone.`,
    action: 'Erase',
  });
  if (!confirmed) return out.say('Nothing was erased.');
  out.say('Erasing…');
  // What became of it is said even once another action or visitor started (it cannot be undone,
  // and a second Erase cancelled said "Nothing was erased"), naming the visitor then.
  const whose = (): string => (out.live() ? '' : ` of visitor “${shownSubject(subject)}”`);
  try {
    const r = parseErased(
      await ctx.api().post('erase', requestId === undefined ? { subject } : { subject, requestId }),
    );
    out.show();
    const when = r.erasedAt ? ` on ${dateTime(r.erasedAt)}` : '';
    out.always.say(
      r.erased
        ? `Erased the personal data of ${count(r.erased, 'record')}${whose()}${when}.`
        : `Nothing to erase${whose()}: this visitor has no record with personal data left.`,
    );
    ctx.changed();
  } catch (e) {
    out.always.report(`The erasure${whose()}`, e);
  }
}

export function subjectView(ctx: Context): SubjectView {
  const form = byId<HTMLFormElement>('subject-form');
  const input = byId<HTMLInputElement>('subject-id');
  const status = byId('subject-status');
  const body = byId('subject-body');
  /**
   * The visitor opened from a table or a request, while the field still shows it: its subject as
   * stored (a text field drops line breaks, so the field may not hold it exactly) and its request
   * (an erasure answers it).
   */
  let opened: { subject: string; field: string; requestId: number | undefined } | null = null;
  const turn = turns();
  /** Where the action starting now writes, until another starts (see Out). */
  const writer = (): Out => {
    const live = turn();
    const always = {
      say: (text: string, error?: boolean) => say(status, text, error),
      report: (what: string, e: unknown) => report(status, what, e),
    };
    return {
      say: (text, error) => void (live() && always.say(text, error)),
      report: (what, e) => void (live() && always.report(what, e)),
      show: (...children) => void (live() && replace(body, ...children)),
      live,
      always,
    };
  };

  /**
   * Runs `action` on the opened visitor or the field's subject, or asks for one. As it is, spaces
   * included: `identify()` keeps a subject's spaces, and an export or erasure of a trimmed copy
   * would miss its records.
   */
  const withSubject =
    (action: (out: Out, subject: string, requestId: number | undefined) => Promise<void>) => (event: Event) => {
      event.preventDefault();
      const out = writer();
      const o = opened?.field === input.value ? opened : null;
      const subject = o ? o.subject : input.value;
      if (o || subject.trim()) return void action(out, subject, o?.requestId);
      out.say('Enter a visitor’s id (subject) first.', true);
      input.focus();
    };
  form.addEventListener(
    'submit',
    withSubject((out, s) => checkChain(ctx, out, s)),
  );
  byId('subject-export').addEventListener(
    'click',
    withSubject((out, s) => exportSubject(ctx, out, s)),
  );
  byId('subject-erase').addEventListener(
    'click',
    withSubject((out, s, requestId) => erase(ctx, out, s, requestId)),
  );
  return {
    open(s, requestId) {
      const out = writer();
      input.value = s;
      opened = { subject: s, field: input.value, requestId };
      out.show();
      byId('subject-title').focus();
      void checkChain(ctx, out, s);
    },
    reset() {
      const out = writer();
      input.value = '';
      opened = null;
      out.show();
      out.say('');
    },
  };
}
