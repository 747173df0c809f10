// @vitest-environment happy-dom
// The site-owner page (src/admin-page/) against a fake of the admin API: sign-in and the token's
// lifetime, the overview's charts and their tables, search with pages, one visitor's export,
// chain check and erasure, the request inbox, retention, and every value shown as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, waitFor, within } from '@testing-library/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { start } from '../../src/admin-page/admin';
import { exportName } from '../../src/admin-page/download';
import { dateTime, days, methodName, percent, shownSubject } from '../../src/admin-page/format';
import { niceMax } from '../../src/admin-page/stats-view';
import { fakeAdminApi, fakeRecord, TOKEN } from './admin-fake-api';

const html = readFileSync(join(import.meta.dirname, '../../src/admin-page/index.html'), 'utf8');
const body = /<body>([\s\S]*)<\/body>/.exec(html)![1]!;

let api: ReturnType<typeof fakeAdminApi>;
const page = () => within(document.body);
const status = (id: string) => document.getElementById(id)!.textContent;

beforeEach(() => {
  document.body.innerHTML = body;
  sessionStorage.clear();
  localStorage.clear();
  api = fakeAdminApi();
});
afterEach(() => {
  document.body.innerHTML = '';
  sessionStorage.clear();
  localStorage.clear();
});

const boot = () => start({ base: api.base, fetch: api.fetch as typeof fetch });
/** Everything a script of the same origin could read later: the token must be in none of it. */
const readable = () => JSON.stringify([{ ...sessionStorage }, { ...localStorage }, document.cookie]);
async function signIn(token = TOKEN): Promise<void> {
  boot();
  fireEvent.input(page().getByLabelText('Admin token'), { target: { value: token } });
  fireEvent.submit(document.getElementById('sign-in-form')!);
  if (token === TOKEN) await waitFor(() => expect(document.getElementById('dashboard')!.hidden).toBe(false));
}
const submit = (id: string) => fireEvent.submit(document.getElementById(id)!);
/**
 * The fake API, but the answers to the calls `held` picks wait until `release()`, as plain
 * responses (no stream to read: the page's handling of them is then microtasks only, all done
 * before the next task, see `nextTask`).
 */
function holding(held: (url: URL) => boolean): { fetch: typeof fetch; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const answer = await api.fetch(input, init);
    if (!held(new URL(String(input)))) return answer;
    const data: unknown = await answer.json();
    await gate;
    return { status: answer.status, ok: answer.ok, json: () => Promise.resolve(data) } as Response;
  };
  return { fetch: slow as typeof fetch, release };
}
/** The next task: by then the page has handled an answer `holding` released. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
/**
 * Waits until the status region `id` says `text` (the newer call answered), then lets the answers
 * `release` held come: the region still says `text` once the page has handled them.
 */
async function stillAfterRelease(id: string, text: string, release: () => void): Promise<void> {
  await waitFor(() => expect(status(id)).toBe(text));
  release();
  await nextTask();
  expect(status(id)).toBe(text);
}
/** Signs in through `fetch`, without waiting for the dashboard. */
function startSigningIn(fetch: typeof globalThis.fetch): void {
  start({ base: api.base, fetch });
  fireEvent.input(page().getByLabelText('Admin token'), { target: { value: TOKEN } });
  submit('sign-in-form');
}

describe('sign-in', () => {
  it('refuses a wrong token with a clear error, keeps nothing, and stays on the form', async () => {
    await signIn('wrong'.repeat(8));
    await waitFor(() => expect(status('sign-in-status')).toContain('That token was refused'));
    expect(document.getElementById('sign-in-status')!.getAttribute('role')).toBe('status');
    expect(page().getByLabelText('Admin token').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(page().getByLabelText('Admin token'));
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
    expect(readable()).not.toContain('wrong');
  });

  it('an empty token is not sent', () => {
    boot();
    submit('sign-in-form');
    expect(status('sign-in-status')).toBe('Enter the admin token.');
    expect(api.calls).toEqual([]);
  });

  it('signs in with the bearer token, keeps it in memory only (no storage, no cookie), and moves focus to the overview', async () => {
    await signIn();
    expect(readable()).not.toContain(TOKEN);
    expect([sessionStorage.length, localStorage.length, document.cookie]).toEqual([0, 0, '']);
    expect(document.getElementById('sign-in')!.hidden).toBe(true);
    expect(status('page-status')).toBe('Signed in.');
    expect(document.activeElement).toBe(document.getElementById('overview-title'));
    expect((page().getByLabelText('Admin token') as HTMLInputElement).value).toBe('');
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(
      expect.arrayContaining(['GET stats', 'GET records', 'GET requests']),
    );
  });

  it('a reload asks for the token again: the page signs in with nothing it kept', async () => {
    await signIn();
    document.body.innerHTML = body; // what a reload leaves: the page's HTML, the memory gone
    const before = api.calls.length;
    boot();
    expect(document.getElementById('sign-in')!.hidden).toBe(false);
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
    expect(document.activeElement).toBe(page().getByLabelText('Admin token'));
    expect([status('sign-in-status'), api.calls.length]).toEqual(['', before]);
  });

  it('a later 401 returns to the form, forgets the token and removes what was shown', async () => {
    api.state.records.push({ record: fakeRecord(1, 'visitor-a'), receivedAt: '2026-11-30T10:01:00Z', erased: false });
    await signIn();
    await waitFor(() => expect(page().getByRole('table', { name: 'The latest decisions' })).toBeTruthy());
    api.state.token = 'rotated'.repeat(6);
    fireEvent.click(page().getByRole('button', { name: 'Refresh the latest decisions' }));
    await waitFor(() => expect(document.getElementById('sign-in')!.hidden).toBe(false));
    expect(status('sign-in-status')).toBe('Your session ended: the server refused the token. Sign in again.');
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
    expect(document.body.textContent).not.toContain('visitor-a');
    expect(document.activeElement).toBe(page().getByLabelText('Admin token'));
  });

  it('an unreachable server is an error, not a sign-in', async () => {
    const down = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
    start({ base: api.base, fetch: down });
    fireEvent.input(page().getByLabelText('Admin token'), { target: { value: TOKEN } });
    submit('sign-in-form');
    await waitFor(() => expect(status('sign-in-status')).toBe('Signing in failed: The server could not be reached.'));
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
  });

  it('an answer of the wrong shape is refused with where it went wrong', async () => {
    api.state.override = { status: 200, body: { from: '2026-11-01', to: '2026-11-30', decisions: 'many' } };
    boot();
    fireEvent.input(page().getByLabelText('Admin token'), { target: { value: TOKEN } });
    submit('sign-in-form');
    await waitFor(() =>
      expect(status('sign-in-status')).toBe(
        "Signing in failed: the server's answer was not understood (stats.decisions)",
      ),
    );
    expect(document.getElementById('sign-in-status')!.classList.contains('error')).toBe(true);
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
  });

  it('an answer that comes after sign-out shows nothing of it', async () => {
    api.state.records.push({ record: fakeRecord(1, 'visitor-a'), receivedAt: '2026-11-30T10:01:00Z', erased: false });
    const { fetch, release } = holding((url) => url.pathname.endsWith('/records'));
    startSigningIn(fetch);
    await waitFor(() => expect(status('latest-status')).toBe('Loading the latest decisions…'));
    fireEvent.click(page().getByRole('button', { name: 'Sign out' }));
    release();
    await nextTask();
    expect(document.body.textContent).not.toContain('visitor-a');
    expect(status('latest-status')).toBe('');
  });

  it('sign out forgets the token', async () => {
    await signIn();
    fireEvent.click(page().getByRole('button', { name: 'Sign out' }));
    const calls = api.calls.length;
    fireEvent.click(document.getElementById('latest-refresh')!); // hidden now: no session left to call with
    expect(api.calls.length).toBe(calls);
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
    expect(status('sign-in-status')).toContain('Signed out');
  });
});

describe('overview', () => {
  beforeEach(() => {
    api.state.stats.decisions = [
      { day: '2026-11-28', policyRevision: 1, locale: 'en', method: 'banner:accept-all', count: 3 },
      { day: '2026-11-30', policyRevision: 1, locale: 'en', method: 'banner:reject-all', count: 1 },
      { day: '2026-11-30', policyRevision: 2, locale: 'de', method: 'panel:save', count: 2 },
    ];
    api.state.stats.purposes = [
      { day: '2026-11-28', policyRevision: 1, purpose: 'analytics', granted: 3, total: 3 },
      { day: '2026-11-30', policyRevision: 1, purpose: 'analytics', granted: 0, total: 1 },
      { day: '2026-11-30', policyRevision: 2, purpose: 'analytics', granted: 1, total: 2 },
      { day: '2026-11-28', policyRevision: 1, purpose: 'marketing', granted: 3, total: 3 },
      { day: '2026-11-30', policyRevision: 2, purpose: 'marketing', granted: 0, total: 3 },
    ];
    api.state.stats.impressions = [
      { day: '2026-11-29', policyRevision: 1, locale: 'en', shown: 5, answered: 2 },
      { day: '2026-11-30', policyRevision: 1, locale: 'en', shown: 3, answered: 3 },
    ];
  });

  it('totals: decisions, banners shown, answered, and shown but not answered', async () => {
    await signIn();
    const totals = document.querySelector('.totals')!.textContent;
    expect(totals).toContain('Decisions6');
    expect(totals).toContain('Banners shown8');
    expect(totals).toContain('Banners answered5');
    expect(totals).toContain('Shown but not answered3 (38%)');
  });

  it('the opt-in rate per day is an SVG image named by its caption, described in words, with a data table', async () => {
    await signIn();
    const chart = page().getByRole('img', { name: 'Opt-in rate per day, by purpose' });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    const desc = document.getElementById(chart.getAttribute('aria-describedby')!)!;
    expect(desc.textContent).toBe('Over these days: analytics 67% (4 of 6), marketing 50% (3 of 6).');
    // analytics has a point on the 28th and the 30th, none on the 29th: two markers, no line across the gap.
    const analytics = chart.querySelector('.series.s0')!;
    expect(analytics.querySelectorAll('circle')).toHaveLength(2);
    expect(analytics.querySelectorAll('polyline')).toHaveLength(0);
    const table = page().getByRole('table', { name: 'Opt-in rate per day, by purpose' });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => Array.from(r.children, (c) => c.textContent));
    expect(rows).toEqual([
      ['Day', 'analytics', 'marketing'],
      ['2026-11-28', '100% (3 of 3)', '100% (3 of 3)'],
      ['2026-11-29', '–', '–'],
      ['2026-11-30', '33% (1 of 3)', '0% (0 of 3)'],
    ]);
  });

  it('per purpose and per method are bar charts that are tables; each bar is drawn to scale', async () => {
    await signIn();
    const purposes = page().getByRole('table', { name: 'Opt-in rate by purpose' });
    expect(within(purposes).getByRole('row', { name: /analytics/ }).textContent).toBe('analytics67%46');
    const bar = within(purposes).getAllByRole('row')[1]!.querySelector('rect.fill')!;
    expect(bar.getAttribute('width')).toBe('66.7');
    const methods = page().getByRole('table', { name: 'Decisions by method' });
    expect(
      within(methods)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'MethodDecisionsShare',
      'Accept all (banner)350%',
      'Reject all (banner)117%',
      'Custom choice (saved in the panel)233%',
    ]);
    const versions = page().getByRole('table', { name: 'Decisions by policy revision and language' });
    expect(within(versions).getByRole('row', { name: /Revision 2 · de/ }).textContent).toContain('2');
  });

  it('another range reloads the stats; a range backwards is refused before any call', async () => {
    await signIn();
    fireEvent.input(page().getByLabelText('First day'), { target: { value: '2026-11-30' } });
    fireEvent.input(page().getByLabelText('Last day'), { target: { value: '2026-11-01' } });
    const before = api.calls.length;
    submit('range-form');
    expect(status('overview-status')).toBe('The first day must not be after the last.');
    expect(api.calls.length).toBe(before);
    fireEvent.input(page().getByLabelText('First day'), { target: { value: '2026-11-01' } });
    fireEvent.input(page().getByLabelText('Last day'), { target: { value: '2026-11-30' } });
    submit('range-form');
    await waitFor(() => expect(status('overview-status')).toBe('Showing 2026-11-28 to 2026-11-30.'));
    expect(api.calls.at(-1)!.query).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('a late answer for a range asked before is not shown over the range asked after', async () => {
    const { fetch, release } = holding((url) => url.searchParams.get('from') === '2026-11-01');
    startSigningIn(fetch);
    await waitFor(() => expect(document.getElementById('dashboard')!.hidden).toBe(false));
    const range = (from: string) => {
      fireEvent.input(page().getByLabelText('First day'), { target: { value: from } });
      fireEvent.input(page().getByLabelText('Last day'), { target: { value: '2026-11-30' } });
      api.state.stats.from = from; // what the fake answers for it
      submit('range-form');
    };
    range('2026-11-01'); // held
    range('2026-11-20');
    await stillAfterRelease('overview-status', 'Showing 2026-11-20 to 2026-11-30.', release);
    expect((page().getByLabelText('First day') as HTMLInputElement).value).toBe('2026-11-20');
    expect(document.getElementById('overview-body')!.textContent).toContain(
      'From 2026-11-20 to 2026-11-30 (UTC), 11 days.',
    );
  });

  it('purposes the server left out (beyond the 30 with the most decisions) are named by their number; none, no line', async () => {
    await signIn();
    expect(page().queryByText(/more purpose/)).toBeNull();
    api.state.stats.otherPurposes = 7;
    submit('range-form');
    expect(await page().findByText('7 more purposes with fewer decisions in these days not shown.')).toBeTruthy();
  });

  it('no data: the charts say so instead of drawing', async () => {
    api.state.stats.decisions = [];
    api.state.stats.purposes = [];
    api.state.stats.impressions = [];
    await signIn();
    expect(page().queryByRole('img', { name: 'Opt-in rate per day, by purpose' })).toBeNull();
    expect(page().getAllByText('No decisions in these days.').length).toBeGreaterThan(0);
  });
});

describe('records', () => {
  beforeEach(() => {
    for (let i = 1; i <= 12; i++)
      api.state.records.push({
        record: fakeRecord(i, i % 2 ? 'visitor-odd' : 'visitor-even', i % 3 ? 'banner:accept-all' : 'panel:save'),
        receivedAt: '2026-11-30T10:00:00Z',
        erased: false,
      });
  });

  it('the latest decisions: ten, newest first', async () => {
    await signIn();
    const table = await waitFor(() => page().getByRole('table', { name: 'The latest decisions' }));
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(11);
    expect(rows[1]!.textContent).toContain('2026-11-30 10:12 UTC');
    expect(status('latest-status')).toBe('The latest 10 decisions.');
  });

  it('search sends its filters and pages through older and newer results with the cursor', async () => {
    await signIn();
    fireEvent.input(page().getByLabelText('Visitor (subject)', { selector: '#search-subject' }), {
      target: { value: 'visitor-even' },
    });
    fireEvent.change(page().getByLabelText('Method'), { target: { value: 'banner:accept-all' } });
    fireEvent.change(page().getByLabelText('Per page'), { target: { value: '10' } });
    fireEvent.input(page().getByLabelText('From'), { target: { value: '2026-11-01' } });
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 4 records.'));
    expect(api.calls.at(-1)!.query).toEqual({
      subject: 'visitor-even',
      method: 'banner:accept-all',
      limit: '10',
      from: '2026-11-01',
    });
    const older = page().getByRole('button', { name: 'Older records' });
    const newer = page().getByRole('button', { name: 'Newer records' });
    expect(older.getAttribute('aria-disabled')).toBe('true');
    expect(newer.getAttribute('aria-disabled')).toBe('true');

    fireEvent.change(page().getByLabelText('Method'), { target: { value: '' } });
    fireEvent.input(page().getByLabelText('Visitor (subject)', { selector: '#search-subject' }), {
      target: { value: '' },
    });
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 10 records, older ones on the next page.'));
    expect(older.hasAttribute('aria-disabled')).toBe(false);
    fireEvent.click(older);
    await waitFor(() => expect(status('search-status')).toBe('Page 2: 2 records.'));
    expect(api.calls.at(-1)!.query['before']).toBe('rec-0003');
    expect(page().getByRole('table', { name: 'Records found, page 2' })).toBeTruthy();
    expect(older.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(older); // off: nothing is asked
    const asked = api.calls.length;
    fireEvent.click(newer);
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 10 records, older ones on the next page.'));
    expect(api.calls.length).toBe(asked + 1);
    expect(api.calls.at(-1)!.query['before']).toBeUndefined();
    expect(newer.getAttribute('aria-disabled')).toBe('true');
  });

  it('the subject filter is sent as typed, spaces at its ends included (identify() keeps them); all blank, no filter', async () => {
    api.state.records.push({
      record: fakeRecord(13, ' visitor-c '),
      receivedAt: '2026-11-30T10:00:00Z',
      erased: false,
    });
    await signIn();
    const field = page().getByLabelText('Visitor (subject)', { selector: '#search-subject' });
    fireEvent.input(field, { target: { value: ' visitor-c ' } });
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 1 record.'));
    expect(api.calls.at(-1)!.query['subject']).toBe(' visitor-c ');
    fireEvent.input(field, { target: { value: '   ' } });
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 13 records.'));
    expect(api.calls.at(-1)!.query).toEqual({ limit: '25' });
  });

  it('a failed search says so and keeps the page it showed', async () => {
    await signIn();
    api.state.override = { status: 500, body: { error: 'internal error', code: 'server/internal' } };
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('The search failed: internal error'));
  });

  it('a late answer of an earlier search is not shown over a newer search', async () => {
    const { fetch, release } = holding((url) => url.searchParams.get('subject') === 'visitor-odd');
    startSigningIn(fetch);
    await waitFor(() => expect(document.getElementById('dashboard')!.hidden).toBe(false));
    const field = page().getByLabelText('Visitor (subject)', { selector: '#search-subject' });
    fireEvent.input(field, { target: { value: 'visitor-odd' } });
    submit('search-form'); // held
    fireEvent.input(field, { target: { value: 'visitor-even' } });
    submit('search-form');
    await stillAfterRelease('search-status', 'Page 1: 6 records.', release);
    const table = page().getByRole('table', { name: 'Records found, page 1' });
    expect(within(table).queryAllByRole('button', { name: 'Open visitor visitor-odd' })).toHaveLength(0);
    expect(within(table).getAllByRole('button', { name: 'Open visitor visitor-even' })).toHaveLength(6);
  });

  it('an older page of a search replaced meanwhile is not shown, and pages on from the new one', async () => {
    const { fetch, release } = holding((url) => url.searchParams.has('before') && !url.searchParams.has('subject'));
    startSigningIn(fetch);
    await waitFor(() => expect(document.getElementById('dashboard')!.hidden).toBe(false));
    fireEvent.change(page().getByLabelText('Per page'), { target: { value: '10' } });
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 10 records, older ones on the next page.'));
    fireEvent.click(page().getByRole('button', { name: 'Older records' })); // held
    const field = page().getByLabelText('Visitor (subject)', { selector: '#search-subject' });
    fireEvent.input(field, { target: { value: 'visitor-even' } });
    fireEvent.change(page().getByLabelText('Per page'), { target: { value: '25' } });
    submit('search-form');
    await stillAfterRelease('search-status', 'Page 1: 6 records.', release);
    expect(page().queryByRole('table', { name: 'Records found, page 2' })).toBeNull();
    expect(page().getByRole('button', { name: 'Newer records' }).getAttribute('aria-disabled')).toBe('true');
    expect(page().getByRole('button', { name: 'Older records' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('after a failed search, Older records pages on from the search shown (its filters and its cursor)', async () => {
    await signIn();
    fireEvent.change(page().getByLabelText('Per page'), { target: { value: '10' } });
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('Page 1: 10 records, older ones on the next page.'));
    fireEvent.input(page().getByLabelText('Visitor (subject)', { selector: '#search-subject' }), {
      target: { value: 'visitor-even' },
    });
    api.state.override = { status: 500, body: { error: 'internal error', code: 'server/internal' } };
    submit('search-form');
    await waitFor(() => expect(status('search-status')).toBe('The search failed: internal error'));
    fireEvent.click(page().getByRole('button', { name: 'Older records' }));
    await waitFor(() => expect(status('search-status')).toBe('Page 2: 2 records.'));
    expect(api.calls.at(-1)!.query).toEqual({ limit: '10', before: 'rec-0003' });
  });

  it('a late answer of an earlier refresh does not bring back the latest decisions an erasure changed', async () => {
    let n = 0;
    const { fetch, release } = holding((url) => url.pathname.endsWith('/records') && ++n === 2);
    startSigningIn(fetch);
    const latest = await waitFor(() => page().getByRole('table', { name: 'The latest decisions' }));
    expect(within(latest).getAllByRole('button', { name: 'Open visitor visitor-odd' })).toHaveLength(5);
    fireEvent.click(page().getByRole('button', { name: 'Refresh the latest decisions' })); // held
    fireEvent.click(within(latest).getAllByRole('button', { name: 'Open visitor visitor-odd' })[0]!);
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(document.getElementById('confirm')!).getByRole('button', { name: 'Erase' }));
    await waitFor(() =>
      expect(document.getElementById('latest-body')!.textContent).toContain('Erased erased:rec-0011'),
    );
    release();
    await nextTask();
    expect(document.getElementById('latest-body')!.textContent).not.toContain('visitor-odd');
    expect(status('latest-status')).toBe('The latest 10 decisions.');
  });

  it('every value from the API is shown as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    api.state.records = [
      {
        record: { ...fakeRecord(1, evil), method: `<b>${evil}</b>`, purposes: { [evil]: true }, locale: evil },
        receivedAt: evil,
        erased: false,
      },
    ];
    api.state.requests = [
      { id: 1, type: evil, subject: evil, message: evil, receivedAt: evil, closedAt: null, closeNote: null },
    ];
    await signIn();
    await waitFor(() => expect(page().getByRole('table', { name: 'The latest decisions' })).toBeTruthy());
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    expect(document.querySelector('#dashboard img, #dashboard b')).toBeNull();
    expect(document.getElementById('latest-body')!.textContent).toContain(evil);
    expect(document.getElementById('inbox-list')!.textContent).toContain(evil);
  });
});

describe('one visitor', () => {
  beforeEach(() => {
    for (let i = 1; i <= 3; i++)
      api.state.records.push({
        record: fakeRecord(i, i < 3 ? 'visitor-a' : 'visitor-b'),
        receivedAt: '2026-11-30T10:00:00Z',
        erased: false,
      });
  });
  const subjectField = () =>
    page().getByLabelText('Visitor (subject)', { selector: '#subject-id' }) as HTMLInputElement;
  /** Captures the downloads (the anchor's click and the blob it points at). */
  const downloads = () => {
    const files: { name: string; blob: Blob }[] = [];
    const blobs = new Map<string, Blob>();
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      const url = `blob:fake/${blobs.size}`;
      blobs.set(url, b as Blob);
      return url;
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      files.push({ name: this.download, blob: blobs.get(this.href)! });
    });
    return files;
  };

  it('a visitor opened from a table: its field filled, focus on the section, the chain checked', async () => {
    await signIn();
    const table = await waitFor(() => page().getByRole('table', { name: 'The latest decisions' }));
    fireEvent.click(within(table).getAllByRole('button', { name: 'Open visitor visitor-a' })[0]!);
    expect(subjectField().value).toBe('visitor-a');
    expect(document.activeElement).toBe(document.getElementById('subject-title'));
    await waitFor(() =>
      expect(status('subject-status')).toBe('The hash chain of 2 records is verified: nothing was removed or changed.'),
    );
  });

  it('a broken chain is reported with its breaks', async () => {
    await signIn();
    fireEvent.input(subjectField(), { target: { value: 'visitor-a' } });
    api.state.override = {
      status: 200,
      body: {
        subject: 'visitor-a',
        verified: false,
        records: 2,
        breaks: [{ recordId: 'rec-0002', reason: 'altered' }, 'rec-9'],
      },
    };
    submit('subject-form');
    await waitFor(() =>
      expect(status('subject-status')).toBe(
        'The hash chain of 2 records does not verify (2 breaks). Breaks at: rec-0002 (altered), rec-9.',
      ),
    );
  });

  it('nothing is asked without a subject', async () => {
    await signIn();
    const asked = api.calls.length;
    fireEvent.click(page().getByRole('button', { name: 'Download the access export' }));
    expect(status('subject-status')).toBe('Enter a visitor’s id (subject) first.');
    expect(document.activeElement).toBe(subjectField());
    expect(api.calls.length).toBe(asked);
  });

  it('the access export downloads exactly what the server answered, and says what it holds', async () => {
    const files = downloads();
    await signIn();
    fireEvent.input(subjectField(), { target: { value: 'visitor-a' } });
    fireEvent.click(page().getByRole('button', { name: 'Download the access export' }));
    await waitFor(() => expect(status('subject-status')).toBe('Downloaded the access export: 2 records, 0 requests.'));
    expect(files.map((f) => f.name)).toEqual(['candor-export-visitor-a.json']);
    const data = JSON.parse(await files[0]!.blob.text()) as { subject: string; records: { record: { id: string } }[] };
    expect(data.subject).toBe('visitor-a');
    expect(data.records.map((r) => r.record.id)).toEqual(['rec-0001', 'rec-0002']);
    expect(document.getElementById('subject-body')!.textContent).toContain('No erasure so far.');
    expect(page().getByRole('table', { name: 'Records in the export' })).toBeTruthy();
  });

  it('an erasure asks first: Cancel erases nothing; Erase posts it, and a later export says so', async () => {
    const files = downloads();
    await signIn();
    fireEvent.input(subjectField(), { target: { value: 'visitor-a' } });
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    const dialog = document.getElementById('confirm') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(within(dialog).getByRole('heading').textContent).toBe('Erase this visitor’s personal data?');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(status('subject-status')).toBe('Nothing was erased.'));
    expect(dialog.open).toBe(false);
    expect(api.calls.some((c) => c.path === 'erase')).toBe(false);

    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase' }));
    await waitFor(() =>
      expect(status('subject-status')).toBe('Erased the personal data of 2 records on 2026-11-30 12:30 UTC.'),
    );
    expect(api.calls.find((c) => c.path === 'erase')!.body).toEqual({ subject: 'visitor-a' });
    // The latest decisions reload: the erased records show as such, with no visitor to open.
    await waitFor(() =>
      expect(document.getElementById('latest-body')!.textContent).toContain('Erased erased:rec-0001'),
    );
    expect(page().queryAllByRole('button', { name: 'Open visitor visitor-a' })).toEqual([]);
    fireEvent.click(page().getByRole('button', { name: 'Download the access export' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(document.getElementById('subject-body')!.textContent).toContain(
      'This visitor’s personal data was erased on 2026-11-30 12:30 UTC (2 records).',
    );
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase' }));
    await waitFor(() =>
      expect(status('subject-status')).toBe('Nothing to erase: this visitor has no record with personal data left.'),
    );
  });

  it('a subject with spaces at its ends (identify() keeps them) is exported and erased as it is, not trimmed', async () => {
    const files = downloads();
    api.state.records.push({ record: fakeRecord(4, ' visitor-c '), receivedAt: '2026-11-30T10:00:00Z', erased: false });
    await signIn();
    const table = await waitFor(() => page().getByRole('table', { name: 'The latest decisions' }));
    fireEvent.click(within(table).getByRole('button', { name: 'Open visitor \\u{20}visitor-c\\u{20}' }));
    expect(subjectField().value).toBe(' visitor-c ');
    fireEvent.click(page().getByRole('button', { name: 'Download the access export' }));
    await waitFor(() => expect(status('subject-status')).toBe('Downloaded the access export: 1 record, 0 requests.'));
    expect(JSON.parse(await files[0]!.blob.text())).toMatchObject({ subject: ' visitor-c ' });
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(document.getElementById('confirm')!).getByRole('button', { name: 'Erase' }));
    await waitFor(() =>
      expect(status('subject-status')).toBe('Erased the personal data of 1 record on 2026-11-30 12:30 UTC.'),
    );
    expect(api.calls.find((c) => c.path === 'erase')!.body).toEqual({ subject: ' visitor-c ' });
    // Only spaces: still no subject, and nothing is asked.
    const asked = api.calls.length;
    fireEvent.input(subjectField(), { target: { value: '   ' } });
    fireEvent.click(page().getByRole('button', { name: 'Download the access export' }));
    expect(status('subject-status')).toBe('Enter a visitor’s id (subject) first.');
    expect(api.calls.length).toBe(asked);
  });

  it('a visitor opened from a request acts on its subject as stored, though the text field drops its line break', async () => {
    const files = downloads();
    // `vic\ntim` (a subject the site's authorize let through) asks for deletion; `victim` is someone else.
    api.state.records.push({ record: fakeRecord(4, 'vic\ntim'), receivedAt: '2026-11-30T10:00:00Z', erased: false });
    api.state.records.push({ record: fakeRecord(5, 'victim'), receivedAt: '2026-11-30T10:00:00Z', erased: false });
    api.state.requests = [
      {
        id: 3,
        type: 'deletion',
        subject: 'vic\ntim',
        message: null,
        receivedAt: '2026-11-30T09:00:00Z',
        closedAt: null,
        closeNote: null,
      },
    ];
    await signIn();
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    fireEvent.click(page().getByRole('button', { name: 'Open this visitor' }));
    expect(subjectField().value).toBe('victim'); // what a text field makes of it
    await waitFor(() => expect(api.calls.at(-1)!.query).toEqual({ subject: 'vic\ntim' }));
    fireEvent.click(page().getByRole('button', { name: 'Download the access export' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(JSON.parse(await files[0]!.blob.text())).toMatchObject({ subject: 'vic\ntim' });
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(document.getElementById('confirm')!).getByRole('button', { name: 'Erase' }));
    await waitFor(() => expect(api.calls.some((c) => c.path === 'erase')).toBe(true));
    expect(api.calls.find((c) => c.path === 'erase')!.body).toEqual({ subject: 'vic\ntim', requestId: 3 });
    expect(api.state.records.find((r) => r.record.id === 'rec-0005')!.erased).toBe(false);
    // Typed by the owner, the field's text is the subject.
    fireEvent.input(subjectField(), { target: { value: 'victim' } });
    fireEvent.input(subjectField(), { target: { value: 'victim ' } });
    submit('subject-form');
    await waitFor(() => expect(api.calls.at(-1)!.query).toEqual({ subject: 'victim ' }));
  });

  it('a subject is shown with what would not be seen of it written out, in tables, requests and the confirmation', async () => {
    // Shown as is, `\u202Eecila` reads `alice`, and `alice\u200B` and `alice ` too.
    for (const [n, subject] of [
      [4, '\u202Eecila'],
      [5, 'alice\u200B'],
      [6, 'alice '],
    ] as const)
      api.state.records.push({ record: fakeRecord(n, subject), receivedAt: '2026-11-30T10:00:00Z', erased: false });
    api.state.requests = [
      {
        id: 2,
        type: 'deletion',
        subject: '\u202Eecila',
        message: null,
        receivedAt: '2026-11-30T09:00:00Z',
        closedAt: null,
        closeNote: null,
      },
    ];
    await signIn();
    const table = await waitFor(() => page().getByRole('table', { name: 'The latest decisions' }));
    expect([...table.querySelectorAll('code')].slice(0, 3).map((c) => c.textContent)).toEqual([
      'alice\\u{20}',
      'alice\\u{200B}',
      '\\u{202E}ecila',
    ]);
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    expect(document.querySelector('#inbox-list code')!.textContent).toBe('\\u{202E}ecila');
    fireEvent.click(page().getByRole('button', { name: 'Open this visitor' }));
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    expect(status('confirm-text')).toContain('The records of “\\u{202E}ecila” lose their personal parts');
    fireEvent.click(within(document.getElementById('confirm')!).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(status('subject-status')).toBe('Nothing was erased.'));
  });

  it('a late answer about a visitor opened before is not shown for the one opened after', async () => {
    const { fetch, release } = holding(
      (url) => url.pathname.endsWith('/chain') && url.searchParams.get('subject') === 'visitor-a',
    );
    startSigningIn(fetch);
    const table = await waitFor(() => page().getByRole('table', { name: 'The latest decisions' }));
    fireEvent.click(within(table).getAllByRole('button', { name: 'Open visitor visitor-a' })[0]!);
    fireEvent.click(within(table).getByRole('button', { name: 'Open visitor visitor-b' }));
    const b = 'The hash chain of 1 record is verified: nothing was removed or changed.';
    await waitFor(() => expect(status('subject-status')).toBe(b));
    release();
    await nextTask();
    expect([subjectField().value, status('subject-status')]).toEqual(['visitor-b', b]);
  });

  it('what became of an erasure is said even after another action started (a second Erase, cancelled)', async () => {
    const { fetch, release } = holding((url) => url.pathname.endsWith('/erase'));
    startSigningIn(fetch);
    await waitFor(() => expect(document.getElementById('dashboard')!.hidden).toBe(false));
    fireEvent.input(subjectField(), { target: { value: 'visitor-a' } });
    const dialog = document.getElementById('confirm') as HTMLDialogElement;
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Erase' }));
    await waitFor(() => expect(status('subject-status')).toBe('Erasing…'));
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(status('subject-status')).toBe('Nothing was erased.'));
    release();
    // Was: the erasure's answer was dropped, and the page said nothing was erased.
    await waitFor(() =>
      expect(status('subject-status')).toBe(
        'Erased the personal data of 2 records of visitor “visitor-a” on 2026-11-30 12:30 UTC.',
      ),
    );
  });

  it('Escape (the dialog closing) cancels', async () => {
    await signIn();
    fireEvent.input(subjectField(), { target: { value: 'visitor-a' } });
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    (document.getElementById('confirm') as HTMLDialogElement).close();
    await waitFor(() => expect(status('subject-status')).toBe('Nothing was erased.'));
  });
});

describe('requests and retention', () => {
  beforeEach(() => {
    api.state.requests = [
      {
        id: 7,
        type: 'deletion',
        subject: 'visitor-a',
        message: 'Please delete.',
        receivedAt: '2026-11-30T09:00:00Z',
        closedAt: null,
        closeNote: null,
      },
      {
        id: 8,
        type: 'access',
        subject: 'visitor-b',
        message: null,
        receivedAt: '2026-11-30T09:30:00Z',
        closedAt: '2026-11-30T10:00:00Z',
        closeNote: 'Sent the export.',
      },
    ];
    api.state.records.push({ record: fakeRecord(1, 'visitor-a'), receivedAt: '2026-11-30T10:00:00Z', erased: false });
  });

  it('the inbox lists open requests; closing one with a note sends it, reloads, and announces it', async () => {
    await signIn();
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    const list = document.getElementById('inbox-list')!;
    expect(within(list).getByRole('heading').textContent).toBe('Request 7: Deletion');
    expect(list.textContent).toContain('Please delete.');
    fireEvent.input(within(list).getByLabelText('Note on request 7 (optional: what you did)'), {
      target: { value: ' Erased on request. ' },
    });
    fireEvent.click(within(list).getByRole('button', { name: 'Close request 7' }));
    await waitFor(() => expect(status('inbox-status')).toBe('Request 7 closed on 2026-11-30 13:00 UTC.'));
    expect(api.calls.find((c) => c.path === 'requests/7/close')!.body).toEqual({ note: 'Erased on request.' });
    expect(list.textContent).toBe('');
    expect(document.activeElement).toBe(document.getElementById('inbox-title'));
    fireEvent.change(page().getByLabelText('Show'), { target: { value: 'closed' } });
    submit('inbox-form');
    await waitFor(() => expect(status('inbox-status')).toBe('2 closed requests.'));
    expect(list.textContent).toContain('Closed 2026-11-30 13:00 UTC: Erased on request.');
    expect(list.textContent).toContain('Closed 2026-11-30 10:00 UTC: Sent the export.');
  });

  it('a late answer for a filter asked before is not shown over the filter asked after', async () => {
    const { fetch, release } = holding((url) => url.searchParams.get('status') === 'all');
    startSigningIn(fetch);
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    fireEvent.change(page().getByLabelText('Show'), { target: { value: 'all' } });
    submit('inbox-form'); // held
    fireEvent.change(page().getByLabelText('Show'), { target: { value: 'closed' } });
    submit('inbox-form');
    await stillAfterRelease('inbox-status', '1 closed request.', release);
    expect(within(document.getElementById('inbox-list')!).getByRole('heading').textContent).toBe(
      'Request 8: Access (see my data)',
    );
  });

  it('a late page of Show more requests is not added to the list asked for after it', async () => {
    api.state.requestsPage = 1;
    api.state.requests.push({ ...api.state.requests[0]!, id: 9, subject: 'visitor-c', message: null });
    const { fetch, release } = holding((url) => url.searchParams.has('after'));
    startSigningIn(fetch);
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request shown, more to show.'));
    fireEvent.click(page().getByRole('button', { name: 'Show more requests' })); // held
    fireEvent.change(page().getByLabelText('Show'), { target: { value: 'closed' } });
    submit('inbox-form');
    await stillAfterRelease('inbox-status', '1 closed request.', release);
    const list = document.getElementById('inbox-list')!;
    expect(
      within(list)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['Request 8: Access (see my data)']);
  });

  it('Show more requests adds the next page of the list shown, though the filter was changed and not sent', async () => {
    api.state.requestsPage = 1;
    api.state.requests.push({ ...api.state.requests[0]!, id: 9, subject: 'visitor-c', message: null });
    await signIn();
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request shown, more to show.'));
    fireEvent.change(page().getByLabelText('Show'), { target: { value: 'all' } });
    fireEvent.click(page().getByRole('button', { name: 'Show more requests' }));
    await waitFor(() => expect(status('inbox-status')).toBe('2 open requests.'));
    expect(api.calls.at(-1)!.query).toEqual({ status: 'open', after: '7' });
    const list = document.getElementById('inbox-list')!;
    expect(
      within(list)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['Request 7: Deletion', 'Request 9: Deletion']);
  });

  it('closing a request closed meanwhile reports the conflict', async () => {
    await signIn();
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    api.state.requests[0]!.closedAt = '2026-11-30T11:00:00Z';
    fireEvent.click(page().getByRole('button', { name: 'Close request 7' }));
    await waitFor(() => expect(status('inbox-status')).toBe('Closing request 7 failed: already closed'));
  });

  it('a deletion request opens its visitor, and the erasure names the request', async () => {
    await signIn();
    await waitFor(() => expect(status('inbox-status')).toBe('1 open request.'));
    fireEvent.click(page().getByRole('button', { name: 'Open this visitor' }));
    fireEvent.click(page().getByRole('button', { name: 'Erase personal data…' }));
    fireEvent.click(within(document.getElementById('confirm')!).getByRole('button', { name: 'Erase' }));
    await waitFor(() => expect(api.calls.some((c) => c.path === 'erase')).toBe(true));
    expect(api.calls.find((c) => c.path === 'erase')!.body).toEqual({ subject: 'visitor-a', requestId: 7 });
  });

  it('retention: shown with its period, purged after confirming; hidden when the server has none', async () => {
    await signIn();
    expect(document.getElementById('retention')!.hidden).toBe(false);
    expect(status('retention-text')).toBe(
      'Records are kept 30 days after they expire, then purged (the server checks every 24 hours).',
    );
    fireEvent.click(page().getByRole('button', { name: 'Purge now…' }));
    fireEvent.click(within(document.getElementById('confirm')!).getByRole('button', { name: 'Purge' }));
    await waitFor(() =>
      expect(status('retention-status')).toBe('Purged 2 records past retention (30 days after expiry).'),
    );
    document.body.innerHTML = body;
    api.state.retention = null;
    await signIn();
    expect(document.getElementById('retention')!.hidden).toBe(true);
    expect(document.getElementById('retention-link')!.hidden).toBe(true);
  });

  it('retention not reported: no purge is offered (the server would refuse it); a malformed one is refused', async () => {
    api.state.retention = undefined;
    await signIn();
    expect(document.getElementById('retention')!.hidden).toBe(true);
    expect(document.getElementById('retention-link')!.hidden).toBe(true);
    expect(page().queryByRole('button', { name: 'Purge now…' })).toBeNull();
    document.body.innerHTML = body;
    api.state.retention = { days: 30 } as { days: number; intervalHours: number };
    boot();
    fireEvent.input(page().getByLabelText('Admin token'), { target: { value: TOKEN } });
    submit('sign-in-form');
    await waitFor(() => expect(status('sign-in-status')).toContain('(stats.retention.intervalHours)'));
    expect(document.getElementById('dashboard')!.hidden).toBe(true);
  });
});

describe('helpers', () => {
  it('days: every UTC day of a range, at most the latest 400, none for a bad date', () => {
    expect(days('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(days('2020-01-01', '2026-11-30')).toHaveLength(400);
    expect(days('2020-01-01', '2026-11-30').at(-1)).toBe('2026-11-30');
    expect(days('2026-13-01', '2026-11-30')).toEqual([]);
    expect(days('yesterday', '2026-11-30')).toEqual([]);
    expect(days('2026-11-30', '2026-11-01')).toEqual([]);
  });
  it('shownSubject: spaces at the ends or doubled, other spaces, invisible and direction characters, backslashes written out', () => {
    expect(shownSubject('user 42')).toBe('user 42');
    expect(shownSubject(' a  b ')).toBe('\\u{20}a\\u{20} b\\u{20}');
    expect(shownSubject('a\nb\tc\u00A0d\u2028')).toBe('a\\u{A}b\\u{9}c\\u{A0}d\\u{2028}');
    expect(shownSubject('\u202Eecila\u2066\u200B\u200D\uFEFF\u3164\uFE0F\\')).toBe(
      '\\u{202E}ecila\\u{2066}\\u{200B}\\u{200D}\\u{FEFF}\\u{3164}\\u{FE0F}\\u{5C}',
    );
    expect(shownSubject('Zoë 👩‍💻 сергей')).toBe('Zoë 👩\\u{200D}💻 сергей');
  });

  it('formats: dates in UTC, rates, methods, file names', () => {
    expect(dateTime('2026-11-30T23:59:59.999+01:00')).toBe('2026-11-30 22:59 UTC');
    expect(dateTime('soon')).toBe('soon');
    expect(percent(1, 3)).toBe('33%');
    expect(percent(0, 0)).toBe('–');
    expect(methodName('gpc')).toBe('Global Privacy Control');
    expect(methodName('toString')).toBe('toString');
    expect(exportName('../../etc/passwd')).toBe('candor-export-______etc_passwd.json');
    expect(exportName('')).toBe('candor-export-subject.json');
  });
  it('niceMax: a round axis top at or above the largest count', () => {
    expect([0, 1, 2, 3, 5, 11, 45, 100, 101].map(niceMax)).toEqual([2, 2, 2, 4, 10, 20, 100, 100, 200]);
  });
});
