// @vitest-environment happy-dom
// The banner counts of sync.analytics, counted by the engine from what Candor's UI shows and how
// the visitor decides (instance/impressions.ts), with the real first layer (ui/shell.ts).
import { within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCounts, type ImpressionCount } from '../../src/core/impressions';
import { createConsent } from '../../src/instance/create-consent';
import type { Consent } from '../../src/instance/types';
import { createMemoryStorage } from '../../src/store/memory';
import { JOURNAL_KEY } from '../../src/store/counts-journal';
import { OUTBOX_FLAG_KEY } from '../../src/store/keys';
import { mountShell, type UiHandle } from '../../src/ui/shell';
import { NOW, sample } from '../unit/fixtures';
import { shellOptions } from './shell-options';

const ENDPOINT = 'https://consent.example/api/consent';
const DAY = '2026-11-22'; // NOW's UTC date
const count = (shown: number, answered: number, locale = 'en'): ImpressionCount => ({
  day: DAY,
  policyRevision: 3,
  locale,
  shown,
  answered,
});

interface Post {
  readonly url: string;
  readonly init: RequestInit;
  readonly body: Record<string, unknown>;
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.splice(0).forEach((fn) => fn());
  document.body.innerHTML = '';
  localStorage.clear();
  vi.restoreAllMocks();
});

/** An instance with (or without) sync.analytics, over memory storage, whose requests are recorded. */
function setup(o: { analytics?: boolean; status?: number; storage?: ReturnType<typeof createMemoryStorage> } = {}) {
  const posts: Post[] = [];
  const fetchFn = ((url: string, init: RequestInit) => {
    posts.push({ url, init, body: JSON.parse(String(init.body)) as Record<string, unknown> });
    return Promise.resolve(new Response('{}', { status: o.status ?? 202 }));
  }) as unknown as typeof fetch;
  const kept0 = o.storage ?? createMemoryStorage();
  let reads = 0; // the counts' own reads: the first is their start-up flush
  const storage = { ...kept0, counts: (change?: (k: unknown) => unknown) => (reads++, kept0.counts(change)) };
  const consent = createConsent(
    { ...sample, sync: { endpoint: ENDPOINT, analytics: o.analytics ?? true, headers: { authorization: 'Bearer t' } } },
    { storage, fetch: fetchFn, now: () => NOW, locale: 'en' },
  );
  cleanup.push(() => consent.destroy());
  const errors: string[] = [];
  consent.on('error', (e) => void errors.push(`${e.code}: ${e.message}`));
  const impressions = (): ImpressionCount[][] =>
    posts.filter((p) => p.url === `${ENDPOINT}/impressions`).map((p) => p.body['impressions'] as ImpressionCount[]);
  /** Resolves once the counts hold `expected` (the chunk loads on demand, then counts). */
  const kept = (expected: ImpressionCount[]) =>
    vi.waitFor(async () => expect(parseCounts(await kept0.counts())).toEqual(expected));
  /** Resolves once the counts have started (their chunk loaded, their first flush begun). */
  const started = () => vi.waitFor(() => expect(reads).toBeGreaterThan(0));
  /** The counts kept now. */
  const stored = async (): Promise<ImpressionCount[]> => parseCounts(await kept0.counts());
  return { consent, posts, impressions, errors, kept, started, stored };
}

/** Mounts the real first layer for `consent` (in `locale`), as mountUI and the script tag do. */
function mount(consent: Consent, locale = 'en'): { handle: UiHandle; q: ReturnType<typeof within> } {
  const handle = mountShell(consent, shellOptions({ locale }), () => ({ open() {}, close() {}, destroy() {} }));
  cleanup.push(() => handle.destroy());
  const host = document.querySelector<HTMLElement>('[data-candor-ui]')!;
  return { handle, q: within(host.shadowRoot as unknown as HTMLElement) };
}

const leave = (): void => void dispatchEvent(new Event('pagehide'));
/** For what must not happen: lets what the counts started settle (once they have: `started`). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r));
};

describe('banner counts (sync.analytics)', () => {
  it('a banner shown and left unanswered is sent as the page goes: one shown, no id, no subject, no credentials', async () => {
    const { consent, impressions, posts, kept } = setup();
    await consent.ready;
    mount(consent);
    await kept([count(1, 0)]);
    await settle();
    expect(impressions()).toEqual([]); // kept, not sent on its own
    leave();
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 0)]]));
    const post = posts.find((p) => p.url.endsWith('/impressions'))!;
    expect(Object.keys(post.body)).toEqual(['impressions']);
    expect(post.init).toMatchObject({ credentials: 'omit', keepalive: true, referrerPolicy: 'no-referrer' });
    expect(post.init.headers).toEqual({ 'content-type': 'application/json' }); // not the site's authorization header
    expect(JSON.stringify(post.body)).not.toContain(consent.state.peek().subject);
    // Handed over: noted, so the next page view does not send them again.
    expect(JSON.parse(localStorage.getItem(JOURNAL_KEY)!)).toEqual([count(1, 0)]);
  });

  it.each([
    ['Accept all', true],
    ['Reject all', false],
  ])('%s on the banner: shown and answered, sent at once with the decision', async (button, granted) => {
    const { consent, impressions, posts, kept } = setup();
    await consent.ready;
    const { q } = mount(consent);
    await kept([count(1, 0)]);
    q.getByRole('button', { name: button }).click();
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 1)]]));
    expect(consent.has('analytics')).toBe(granted);
    expect(posts.some((p) => p.url === ENDPOINT)).toBe(true); // the record goes to its own route
    // Later decisions on this page view answer nothing more; leaving sends nothing more.
    await consent.update({ purposes: { analytics: !granted } }, { method: 'panel:save' });
    leave();
    await settle();
    expect(impressions()).toEqual([[count(1, 1)]]);
  });

  it('counts in the locale the banner was shown in', async () => {
    const { consent, impressions, kept } = setup();
    await consent.ready;
    mount(consent, 'de');
    await kept([count(1, 0, 'de')]);
    leave();
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 0, 'de')]]));
  });

  it('Save in the panel answers the banner when the banner was on screen', async () => {
    const { consent, impressions, kept } = setup();
    await consent.ready;
    mount(consent);
    await kept([count(1, 0)]);
    await consent.update({ purposes: { analytics: true } }, { method: 'panel:save' });
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 1)]]));
  });

  it('Save in a panel without the banner (an inline panel) and decisions through the API answer nothing', async () => {
    const { consent, impressions, started } = setup();
    await consent.ready;
    await started();
    await consent.update({ purposes: { analytics: true } }, { method: 'panel:save' });
    leave();
    await settle();
    expect(impressions()).toEqual([]);
    const other = setup();
    await other.consent.ready;
    mount(other.consent);
    await other.kept([count(1, 0)]);
    await other.consent.acceptAll(); // the site's own button, method "api"
    // The banner has gone: a later Save in the panel (from the launcher) answers no banner either.
    await other.consent.update({ purposes: { analytics: false } }, { method: 'panel:save' });
    leave();
    await vi.waitFor(() => expect(other.impressions()).toEqual([[count(1, 0)]]));
  });

  it('a banner answered before the counts started (the script tag’s first visit) counts as shown and answered', async () => {
    const { consent, impressions } = setup();
    // Decided on the banner at once: the engine's first act, before its storage was read.
    await consent.acceptAll({ method: 'banner:accept-all', locale: 'fr' });
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 1, 'fr')]]));
  });

  it('a banner already on screen when the engine starts counts as shown (the script tag’s first visit)', async () => {
    const shown = setup({ analytics: false });
    await shown.consent.ready;
    mount(shown.consent, 'nl'); // the first layer, before the engine below exists
    const { consent, impressions, kept } = setup();
    await consent.ready;
    await kept([count(1, 0, 'nl')]);
    leave();
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 0, 'nl')]]));
  });

  it('a banner the site hides (its host styled display: none) counts as nothing shown, even with its own event', async () => {
    const hiddenBySite = setup({ analytics: false });
    await hiddenBySite.consent.ready;
    mount(hiddenBySite.consent);
    document.querySelector<HTMLElement>('[data-candor-ui]')!.style.display = 'none'; // the site's CSS
    const { consent, impressions, started, stored } = setup();
    await consent.ready;
    await started();
    await settle();
    document.dispatchEvent(new Event('candor:banner-shown')); // the hidden banner's own event
    await settle();
    expect(await stored()).toEqual([]);
    leave();
    await settle();
    expect(impressions()).toEqual([]);
  });

  it('a banner in a tab opened in the background counts as shown only once the tab is shown', async () => {
    const state = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const { consent, started, kept, stored } = setup();
    await consent.ready;
    mount(consent);
    await started();
    await settle();
    expect(await stored()).toEqual([]);
    state.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await kept([count(1, 0)]);
  });

  it('a visitor who has decided is not asked: nothing is counted', async () => {
    const storage = createMemoryStorage();
    const first = setup({ storage });
    await first.consent.ready;
    await first.consent.rejectAll();
    first.consent.destroy();
    const { consent, impressions, started } = setup({ storage });
    await consent.ready;
    await started();
    expect(consent.needsPrompt.peek()).toBe(false);
    mount(consent);
    await consent.acceptAll({ method: 'panel:save' }); // from the launcher's panel
    leave();
    await settle();
    expect(impressions()).toEqual([]);
  });

  it('a page restored from the back/forward cache is a new page view', async () => {
    const { consent, impressions, kept } = setup();
    await consent.ready;
    mount(consent);
    await kept([count(1, 0)]);
    leave();
    await vi.waitFor(() => expect(impressions()).toHaveLength(1));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await kept([count(2, 0)]); // the first is handed over (noted), not yet taken out
    leave();
    await vi.waitFor(() => expect(impressions()).toEqual([[count(1, 0)], [count(1, 0)]]));
  });

  it('counts a failure kept are sent by the next page view (the flag makes it load the engine), once', async () => {
    const storage = createMemoryStorage();
    const one = setup({ storage, status: 503 });
    await one.consent.ready;
    const { q } = mount(one.consent);
    await one.kept([count(1, 0)]);
    q.getByRole('button', { name: 'Reject all' }).click();
    await vi.waitFor(() => expect(one.impressions()).toHaveLength(1)); // refused with 503: kept
    await vi.waitFor(() => expect(one.errors).toContainEqual(expect.stringMatching(/^sync\/http: .*impressions.*503/)));
    expect(localStorage.getItem(OUTBOX_FLAG_KEY)).toBe('1'); // a later page loads the engine to send them
    one.consent.destroy();
    document.body.innerHTML = '';
    const two = setup({ storage });
    await two.consent.ready;
    await vi.waitFor(() => expect(two.impressions()).toEqual([[count(1, 1)]]));
    leave();
    await settle();
    expect(two.impressions()).toHaveLength(1);
  });

  it('without sync.analytics nothing is counted or sent', async () => {
    const { consent, impressions, posts } = setup({ analytics: false });
    await consent.ready;
    const { q } = mount(consent);
    q.getByRole('button', { name: 'Accept all' }).click();
    leave();
    await vi.waitFor(() => expect(posts.length).toBeGreaterThan(0));
    await settle();
    expect(impressions()).toEqual([]);
    expect(posts.every((p) => p.url === ENDPOINT)).toBe(true);
  });
});
