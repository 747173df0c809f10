/**
 * The tapping tab of the one-tap tests (instance/tap-ids.ts): the script tag's facade on a first
 * visit, whose engine is made by `createTapped`, and its first layer's banner, before any engine.
 */
import { parseConfig } from '../../src/core/parse-config';
import { createTapped } from '../../src/instance/tap-ids';
import type { ConsentOptions } from '../../src/instance/types';
import { createFacade, type Facade } from '../../src/loader/facade';
import { preEngine } from '../../src/ui/pre-engine';

export function tappingTab(
  input: object,
  options: ConsentOptions,
): { facade: Facade; banner: ReturnType<typeof preEngine> } {
  const facade = createFacade(
    () => Promise.resolve({ createConsent: createTapped }),
    () => input,
    options,
    () => {},
  );
  const config = parseConfig(input);
  if (!config.ok) throw new Error('config');
  return { facade, banner: preEngine(config.config, facade, () => {}) };
}
