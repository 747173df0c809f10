import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { ConsentRecord } from '../../src/core/record';
import { device, NOW, sample } from './fixtures';

/** An IndexedDB whose writes never land while `drop.on` (a page left right after a decision: Chromium drops them). */
function droppingIdb(drop: { on: boolean }): () => IDBFactory {
  const real = new IDBFactory();
  return () =>
    ({
      open(name: string) {
        const request = real.open(name);
        const dropping = drop.on;
        request.addEventListener('success', () => {
          const db = request.result;
          const transaction = db.transaction.bind(db);
          db.transaction = ((stores: string, mode?: IDBTransactionMode) => {
            const tx = transaction(stores, mode);
            if (dropping && mode === 'readwrite') tx.abort();
            return tx;
          }) as typeof db.transaction;
        });
        return request;
      },
    }) as unknown as IDBFactory;
}

const endpoint = 'https://example.com/consent';
const before = { ...sample, sync: { endpoint } };
/** The site's next deploy: one more service (the cookie's bits still decode: 5 and 6 services are two hex digits). */
const after = {
  ...before,
  services: [...sample.services, { id: 'hotjar', purpose: 'analytics', name: 'Hotjar' }],
};

/** A withdrawal made on a page whose IndexedDB writes were dropped, then the next page under `config`: what it posts. */
async function withdrawnThenNextPage(config: object, firstConfig: object = before) {
  const drop = { on: true };
  const d = device(droppingIdb(drop));
  const offline = (() => Promise.reject(new TypeError('offline'))) as unknown as typeof fetch;
  const first = d.page(firstConfig, NOW, offline);
  await first.ready;
  await first.acceptAll();
  const withdrawn = (await first.withdraw())!;
  first.destroy();
  drop.on = false;
  const posted: string[] = [];
  const online = (async (_u: string, init: RequestInit) => {
    if (init.method === 'POST')
      posted.push(...(JSON.parse(String(init.body)) as { records: ConsentRecord[] }).records.map((r) => r.id));
    return new Response('{}');
  }) as unknown as typeof fetch;
  const next = d.page(config, NOW + 60_000, online);
  await next.ready;
  return { withdrawn, posted, next };
}

describe('a journalled record across a config change (review)', () => {
  it('a withdrawal the closing page could not store still reaches the endpoint after the site removes services (the cookie no longer decodes)', async () => {
    const fewer = { ...before, services: sample.services.slice(0, 3) };
    const { withdrawn, posted, next } = await withdrawnThenNextPage(fewer);
    await vi.waitFor(() => expect(posted).toContain(withdrawn.id), { timeout: 2000 });
    next.destroy();
  });

  it('a withdrawal the closing page could not store still reaches the endpoint after the site adds a service', async () => {
    const { withdrawn, posted, next } = await withdrawnThenNextPage(after);
    await vi.waitFor(() => expect(posted).toContain(withdrawn.id), { timeout: 2000 });
    next.destroy();
  });
  it('the replayed record of the other config grants nothing here: the visitor is asked again', async () => {
    const { next } = await withdrawnThenNextPage(after);
    const last = (await next.records())[0]!;
    expect(last.method).toBe('withdraw');
    expect(next.needsPrompt.value).toBe(true);
    expect(next.state.value.promptReason).toBe('config');
    next.destroy();
  });
  it('the same with a cookie shared across subdomains (cookie.domain: no copy vouches for it)', async () => {
    const shared = { ...before, cookie: { domain: 'example.com' } };
    const { withdrawn, posted, next } = await withdrawnThenNextPage({ ...after, cookie: shared.cookie }, shared);
    await vi.waitFor(() => expect(posted).toContain(withdrawn.id), { timeout: 2000 });
    next.destroy();
  });
  it('(control) the same config: it does', async () => {
    const { withdrawn, posted, next } = await withdrawnThenNextPage(before);
    await vi.waitFor(() => expect(posted).toContain(withdrawn.id), { timeout: 2000 });
    next.destroy();
  });
});
