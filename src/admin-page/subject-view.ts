/**
 * One visitor (a data subject): the access export (downloaded as JSON), the hash chain's check,
 * and the erasure of the personal parts of their records, after a confirmation.
 */
import { report, say, type Context } from './context';
import { confirmAction } from './confirm';
import { byId, el, replace } from './dom';
import { downloadJson, exportName } from './download';
import { count, dateTime } from './format';
import { parseChain, parseErased, parseExport } from './parse';
import { recordsTable } from './records-view';

export interface SubjectView {
  /** Shows this subject (from a table or a request; `requestId` links an erasure to its request). */
  open(subject: string, requestId?: number): void;
  reset(): void;
}

/** Where an action writes: the section's status region and its body. */
interface Out {
  readonly status: HTMLElement;
  readonly body: HTMLElement;
}

async function checkChain(ctx: Context, out: Out, subject: string): Promise<void> {
  say(out.status, 'Checking the hash chain…');
  try {
    const chain = parseChain(await ctx.api().get('chain', { subject }));
    const records = count(chain.records, 'record');
    const breaks = chain.breaks.length ? ` Breaks at: ${chain.breaks.join(', ')}.` : '';
    say(
      out.status,
      chain.verified
        ? `The hash chain of ${records} is verified: nothing was removed or changed.`
        : `The hash chain of ${records} does not verify (${count(chain.breaks.length, 'break')}).${breaks}`,
      !chain.verified,
    );
  } catch (e) {
    report(out.status, 'The chain check', e);
  }
}

async function exportSubject(ctx: Context, out: Out, subject: string): Promise<void> {
  say(out.status, 'Preparing the access export…');
  try {
    const data = await ctx.api().get('export', { subject });
    const summary = parseExport(data);
    downloadJson(exportName(subject), data);
    const erased = summary.erasures.map((e) => `erased on ${dateTime(e.erasedAt)} (${count(e.records, 'record')})`);
    replace(
      out.body,
      el('p', {}, erased.length ? `This visitor’s personal data was ${erased.join(', ')}.` : 'No erasure so far.'),
      summary.records.length ? recordsTable('Records in the export', summary.records, ctx) : null,
    );
    const what = `${count(summary.records.length, 'record')}, ${count(summary.requests, 'request')}`;
    say(out.status, `Downloaded the access export: ${what}.`);
  } catch (e) {
    report(out.status, 'The access export', e);
  }
}

async function erase(ctx: Context, out: Out, subject: string, requestId: number | undefined): Promise<void> {
  const confirmed = await confirmAction({
    title: 'Erase this visitor’s personal data?',
    text: `The records of ${subject} lose their personal parts (the visitor’s id, address and preferences). Their hashes stay, so the chain can still be verified, and the erasure itself is recorded. This cannot be undone.`,
    action: 'Erase',
  });
  if (!confirmed) return say(out.status, 'Nothing was erased.');
  say(out.status, 'Erasing…');
  try {
    const r = parseErased(
      await ctx.api().post('erase', requestId === undefined ? { subject } : { subject, requestId }),
    );
    replace(out.body);
    const when = r.erasedAt ? ` on ${dateTime(r.erasedAt)}` : '';
    say(
      out.status,
      r.erased
        ? `Erased the personal data of ${count(r.erased, 'record')}${when}.`
        : 'Nothing to erase: this visitor has no record with personal data left.',
    );
    ctx.changed();
  } catch (e) {
    report(out.status, 'The erasure', e);
  }
}

export function subjectView(ctx: Context): SubjectView {
  const form = byId<HTMLFormElement>('subject-form');
  const input = byId<HTMLInputElement>('subject-id');
  const out: Out = { status: byId('subject-status'), body: byId('subject-body') };
  /** The request an erasure answers, while the field still holds its subject. */
  let linked: { subject: string; requestId: number } | null = null;

  /**
   * Runs `action` on the field's subject, or asks for one. As it is, spaces included: `identify()`
   * keeps a subject's spaces, and an export or erasure of a trimmed copy would miss its records.
   */
  const withSubject = (action: (subject: string) => Promise<void>) => (event: Event) => {
    event.preventDefault();
    const subject = input.value;
    if (subject.trim()) return void action(subject);
    say(out.status, 'Enter a visitor’s id (subject) first.', true);
    input.focus();
  };
  form.addEventListener(
    'submit',
    withSubject((s) => checkChain(ctx, out, s)),
  );
  byId('subject-export').addEventListener(
    'click',
    withSubject((s) => exportSubject(ctx, out, s)),
  );
  byId('subject-erase').addEventListener(
    'click',
    withSubject((s) => erase(ctx, out, s, linked?.subject === s ? linked.requestId : undefined)),
  );
  return {
    open(s, requestId) {
      input.value = s;
      linked = requestId === undefined ? null : { subject: s, requestId };
      replace(out.body);
      byId('subject-title').focus();
      void checkChain(ctx, out, s);
    },
    reset() {
      input.value = '';
      linked = null;
      replace(out.body);
      say(out.status, '');
    },
  };
}
