/**
 * What the script tag's engine says about a config on the current page (loader/config-diagnostics.ts),
 * once it has said it: each call's config gets a relative privacy link of its own, whose warning
 * (said once per text and page) the call awaits, so a test of silence needs no sleep.
 */
import { expect, vi } from 'vitest';
import { findConfig } from '../../src/core/find-config';
import { tellConfig } from '../../src/loader/config-diagnostics';

let page = 0;

/** The console's warnings, joined by newlines. */
export async function engineSays(config: { readonly policy: object }): Promise<string> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const marker = `privacy-${++page}.html`;
  const r = findConfig({ ...config, policy: { ...config.policy, url: marker } });
  if (!r.ok) throw new Error('invalid config');
  tellConfig(r.warnings, r.config);
  const text = (): string => warn.mock.calls.map((c) => String(c[0])).join('\n');
  await vi.waitFor(() => expect(text()).toContain(marker));
  return text();
}
