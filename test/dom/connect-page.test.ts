// @vitest-environment happy-dom
// candor/page (loader/connect-page.ts): a createConsent instance gets the script tag's page wiring:
// Consent Mode, dataLayer, candor:* events, gating of marked elements, revocation, disconnect.
import { describe, expect, it, vi } from 'vitest';
import { connectPage } from '../../src/entries/page';
import { createConsent } from '../../src/instance/create-consent';
import { createMemoryStorage } from '../../src/store/memory';
import { cleanedPage, config, w } from './connect-page-setup';

const disconnects = cleanedPage();

/** Every `candor:*` event dispatched on document, in order, with its detail. */
function recordEvents(): { name: string; detail: unknown }[] {
  const seen: { name: string; detail: unknown }[] = [];
  for (const name of ['ready', 'change', 'prompt', 'error', 'revoke'])
    document.addEventListener(`candor:${name}`, (e) => seen.push({ name, detail: (e as CustomEvent).detail }));
  return seen;
}
/** What gtag and the dataLayer received: gtag's Arguments objects as arrays, other pushes as they are. */
const layer = (): unknown[] =>
  (w.dataLayer ?? []).map((x) =>
    Array.isArray(x) || typeof x !== 'object' ? x : x && 'length' in x ? Array.from(x as ArrayLike<unknown>) : x,
  );
const consentUpdates = () => layer().filter((x) => (x as { event?: string }).event === 'candor_consent_update');
const gcm = (kind: 'default' | 'update') =>
  layer()
    .filter((x): x is unknown[] => Array.isArray(x) && x[0] === 'consent' && x[1] === kind)
    .map((x) => x[2]);
const settle = () => new Promise((r) => setTimeout(r, 10));
const connect = (...a: Parameters<typeof connectPage>) => {
  const d = connectPage(...a);
  disconnects.push(d);
  return d;
};

describe('connectPage (candor/page)', () => {
  it('sends Consent Mode defaults at once, then tells the page on ready and on every change', async () => {
    const events = recordEvents();
    const consent = createConsent(config, { storage: createMemoryStorage() });
    connect(consent);
    expect(gcm('default').at(-1)).toMatchObject({ analytics_storage: 'denied', ad_storage: 'denied' });
    await consent.ready;
    await vi.waitFor(() => expect(events.map((e) => e.name)).toEqual(['ready', 'prompt']));
    await vi.waitFor(() => expect(consentUpdates()).toHaveLength(1));
    expect(consentUpdates()).toEqual([
      {
        event: 'candor_consent_update',
        candor: { purposes: { necessary: true, analytics: false, marketing: false }, services: { ga4: false } },
      },
    ]);
    await consent.acceptAll();
    await vi.waitFor(() => {
      expect(events.map((e) => e.name)).toEqual(['ready', 'prompt', 'change']);
      expect(consentUpdates()).toHaveLength(2);
    });
    expect(consentUpdates()[1]).toMatchObject({
      candor: { purposes: { analytics: true, marketing: true }, services: { ga4: true } },
    });
    expect(gcm('update').at(-1)).toMatchObject({ analytics_storage: 'granted', ad_storage: 'granted' });
  });

  it('revives marked scripts once granted, also those added later, and never before', async () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    const consent = createConsent(config, { storage: createMemoryStorage() });
    connect(consent);
    await consent.ready;
    await settle();
    expect(document.querySelector('script[data-candor="ran"]')).toBeNull();
    await consent.update({ purposes: { analytics: true } });
    await vi.waitFor(() => expect(document.querySelector('#a')?.getAttribute('data-candor')).toBe('ran'));
    expect(document.querySelector('#a')?.getAttribute('type')).toBeNull();
    const later = Object.assign(document.createElement('script'), { type: 'text/plain', id: 'b', text: '2' });
    later.setAttribute('data-consent', 'ga4');
    document.body.append(later);
    await vi.waitFor(() => expect(document.querySelector('#b')?.getAttribute('data-candor')).toBe('ran'));
    const denied = Object.assign(document.createElement('script'), { type: 'text/plain', id: 'c', text: '3' });
    denied.setAttribute('data-consent', 'marketing');
    document.body.append(denied);
    await settle();
    expect(document.querySelector('#c')?.getAttribute('type')).toBe('text/plain');
  });

  it('Consent Mode and the dataLayer hear a grant before a tag it releases: one the app adds on candor:change, before the change is told (a later task)', async () => {
    const consent = createConsent(config, { storage: createMemoryStorage() });
    connect(consent);
    await consent.ready;
    // At each update, whether the tag the app added had been released yet.
    const atUpdate: string[] = [];
    const gtag = w.gtag as (...a: unknown[]) => void;
    w.gtag = (...a: unknown[]) => {
      if (a[0] === 'consent' && a[1] === 'update')
        atUpdate.push(
          `${String((a[2] as Record<string, unknown>)['analytics_storage'])}:${String(document.querySelector('#added')?.getAttribute('data-candor'))}`,
        );
      gtag(...a);
    };
    document.addEventListener(
      'candor:change',
      () => {
        const s = Object.assign(document.createElement('script'), { type: 'text/plain', id: 'added', text: '1' });
        s.setAttribute('data-consent', 'analytics');
        document.body.append(s);
      },
      { once: true },
    );
    await consent.update({ purposes: { analytics: true } });
    await vi.waitFor(() => expect(document.querySelector('#added')?.getAttribute('data-candor')).toBe('ran'));
    expect(atUpdate.filter((u) => u.startsWith('granted'))[0]).toBe('granted:null');
  });

  it('on revoke deletes the service cookies and dispatches candor:revoke', async () => {
    const events = recordEvents();
    const consent = createConsent(config, { storage: createMemoryStorage() });
    connect(consent);
    await consent.acceptAll();
    await settle();
    document.cookie = '_ga=GA1.1.123; path=/';
    expect(document.cookie).toContain('_ga=');
    await consent.withdraw();
    await vi.waitFor(() => expect(document.cookie).not.toContain('_ga='));
    expect(events.find((e) => e.name === 'revoke')?.detail).toEqual({ services: ['ga4'], reloadRecommended: false });
  });

  it("a site's dataLayer.push that throws stops nothing: scripts are released, a revocation is followed up, and the error is said on the console, not thrown into the page", async () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    const events = recordEvents();
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const consent = createConsent(config, { storage: createMemoryStorage() });
      connect(consent);
      w.dataLayer = Object.assign([], {
        push: () => {
          throw new Error('site push broke');
        },
      });
      await consent.update({ purposes: { analytics: true } });
      await vi.waitFor(() => expect(document.querySelector('#a')?.getAttribute('data-candor')).toBe('ran'));
      document.cookie = '_ga=GA1.1.123; path=/';
      await consent.withdraw();
      await vi.waitFor(() => expect(document.cookie).not.toContain('_ga='));
      // A script ran: only a reload stops it.
      expect(events.find((e) => e.name === 'revoke')?.detail).toEqual({ services: ['ga4'], reloadRecommended: true });
      expect(said).toHaveBeenCalledWith(expect.objectContaining({ message: 'site push broke' }));
    } finally {
      said.mockRestore();
    }
  });

  it("a site's gtag that throws (at the defaults and at every update) stops nothing: connected, scripts released, the dataLayer still told, a second connect still refused", async () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    w.gtag = () => {
      throw new Error('site gtag broke');
    };
    try {
      const consent = createConsent(config, { storage: createMemoryStorage() });
      expect(() => connect(consent)).not.toThrow(); // the defaults went to a gtag that threw
      await consent.update({ purposes: { analytics: true } });
      await vi.waitFor(() => expect(document.querySelector('#a')?.getAttribute('data-candor')).toBe('ran'));
      expect(consentUpdates().at(-1)).toMatchObject({ candor: { purposes: { analytics: true } } });
      expect(said).toHaveBeenCalledWith(expect.objectContaining({ message: 'site gtag broke' }));
      const report = vi.fn();
      connect(createConsent(config, { storage: createMemoryStorage() }), { report });
      expect(report).toHaveBeenCalledWith(expect.stringContaining('already connected'));
    } finally {
      said.mockRestore();
    }
  });

  it("a site's report that throws (autoBlock said, Google's tag before the defaults) stops nothing: connected, scripts released, disconnect works", async () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    w.dataLayer = [['js', new Date()]]; // Google's snippet first: reported
    const report = vi.fn(() => {
      throw new Error('site report broke');
    });
    const consent = createConsent({ ...config, autoBlock: true }, { storage: createMemoryStorage() });
    let disconnect: () => void = () => {};
    expect(() => (disconnect = connectPage(consent, { report }))).not.toThrow();
    expect(report).toHaveBeenCalledTimes(2);
    await consent.update({ purposes: { analytics: true } });
    await vi.waitFor(() => expect(document.querySelector('#a')?.getAttribute('data-candor')).toBe('ran'));
    disconnect();
    // Disconnected: another instance may connect.
    const again = vi.fn();
    disconnects.push(connectPage(createConsent(config, { storage: createMemoryStorage() }), { report: again }));
    expect(again).not.toHaveBeenCalledWith(expect.stringContaining('already connected'));
  });

  it('a window.gtag that is no function and cannot be set (read-only): connected, the defaults and updates reach dataLayer, scripts released', async () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    // Configurable, so that afterEach can remove it; setting it throws in strict code all the same.
    Object.defineProperty(window, 'gtag', { value: 1, writable: false, configurable: true });
    const consent = createConsent(config, { storage: createMemoryStorage() });
    expect(() => connect(consent)).not.toThrow();
    expect(gcm('default').at(-1)).toMatchObject({ analytics_storage: 'denied' });
    await consent.update({ purposes: { analytics: true } });
    await vi.waitFor(() => expect(document.querySelector('#a')?.getAttribute('data-candor')).toBe('ran'));
    expect(gcm('update').at(-1)).toMatchObject({ analytics_storage: 'granted' });
    expect(w.gtag).toBe(1);
  });

  it('connected after ready, the page still hears ready once and the current grants', async () => {
    const storage = createMemoryStorage();
    await createConsent(config, { storage }).acceptAll();
    const consent = createConsent(config, { storage });
    await consent.ready;
    const events = recordEvents();
    connect(consent);
    await settle();
    expect(events.map((e) => e.name)).toEqual(['ready']);
    expect(consentUpdates()).toHaveLength(1);
    expect(consentUpdates()[0]).toMatchObject({ candor: { purposes: { analytics: true } } });
  });

  it('disconnect stops the events, the dataLayer and gating; consentModeDefault: false sends no default', async () => {
    const events = recordEvents();
    const consent = createConsent(config, { storage: createMemoryStorage() });
    const disconnect = connect(consent, { consentModeDefault: false });
    expect(gcm('default')).toEqual([]);
    await consent.ready;
    await settle();
    const before = { events: events.length, layer: (w.dataLayer ?? []).length };
    disconnect();
    await consent.acceptAll();
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    await settle();
    expect(events.length).toBe(before.events);
    expect((w.dataLayer ?? []).length).toBe(before.layer);
    expect(document.querySelector('#a')?.getAttribute('type')).toBe('text/plain');
  });

  it("disconnect in the app's own change listener: the change's telling, a task later, neither tells the page nor releases a tag", async () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" id="a">1</script>';
    const consent = createConsent(config, { storage: createMemoryStorage() });
    const disconnect = connect(consent);
    await consent.ready;
    await settle();
    const before = (w.dataLayer ?? []).length;
    // The app tears its wiring down once the visitor has decided (a route change, a remount).
    consent.on('change', () => disconnect());
    await consent.acceptAll();
    await settle();
    expect((w.dataLayer ?? []).length).toBe(before);
    expect(document.querySelector('#a')?.getAttribute('type')).toBe('text/plain');
  });

  it('refuses a second connection while one is live, with a report, and allows it after disconnect', async () => {
    const storage = createMemoryStorage();
    const first = createConsent(config, { storage });
    const disconnect = connect(first);
    const report = vi.fn();
    const second = createConsent(config, { storage });
    connect(second, { report });
    expect(report).toHaveBeenCalledWith(expect.stringContaining('already connected'));
    expect(gcm('default')).toHaveLength(1);
    disconnect();
    connect(second, { report });
    expect(report).toHaveBeenCalledTimes(1);
    expect(gcm('default')).toHaveLength(2);
  });

  it("says when Google's tag was set up before it, as the script tag does: its page view may go out before Consent Mode's defaults", () => {
    // Google's snippet in index.html, above the app's bundle (GA4's own instructions: "in <head>").
    w.dataLayer = [];
    const gtag = function (..._: unknown[]) {
      // eslint-disable-next-line prefer-rest-params -- gtag.js reads Arguments objects only
      w.dataLayer!.push(arguments);
    };
    gtag('js', new Date());
    gtag('config', 'G-XXXXXXX');
    const report = vi.fn();
    connect(createConsent(config, { storage: createMemoryStorage() }), { report });
    expect(gcm('default')).toHaveLength(1); // sent, but after gtag('js') and gtag('config')
    expect(report).toHaveBeenCalledWith(expect.stringMatching(/gtag\('js'\).*before Consent Mode's defaults/));
  });

  it('reports a config asking for autoBlock, which the script tag alone does', () => {
    const report = vi.fn();
    connect(createConsent({ ...config, autoBlock: true }, { storage: createMemoryStorage() }), { report });
    expect(report).toHaveBeenCalledWith(expect.stringContaining('candor-autoblock.js'));
  });
});
