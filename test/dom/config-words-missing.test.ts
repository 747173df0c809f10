// @vitest-environment happy-dom
/**
 * An invalid config whose words cannot load (a partial upload without candor-chunk-words.mjs):
 * the engine still says the one error, each issue by its path and code (loader/config-diagnostics.ts).
 */
import { expect, it, vi } from 'vitest';
import { findConfig } from '../../src/core/find-config';
import { tellConfig } from '../../src/loader/config-diagnostics';

vi.mock('../../src/chunks/words', () => {
  throw new Error('net::ERR_ABORTED');
});

it("the words' chunk fails to load: one error, every issue by its path and code", async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const r = findConfig({ purposes: [{ id: 'necessary', required: true }] });
  if (r.ok) throw new Error('valid');
  expect(tellConfig(r.warnings, null, undefined, r.issues)).toEqual({ code: 'noConfig' });
  await vi.waitFor(() => expect(error).toHaveBeenCalled());
  expect(error.mock.calls).toEqual([['Candor: invalid config (1 issue):\n  - policy: required']]);
});
