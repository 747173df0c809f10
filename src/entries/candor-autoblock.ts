/**
 * The auto-blocking script-tag entry (`dist/candor-autoblock.js`): the loader of `candor.js`
 * with auto-blocking built in, for sites that set `autoBlock: true` (it must run synchronously,
 * before the tags it holds back, so it cannot be a lazy chunk). Starts Candor and never throws
 * into the host page.
 */
import { installAutoBlock } from '../gate/autoblock';
import { boot } from '../loader/boot';

try {
  boot(installAutoBlock);
} catch (e) {
  console.error(`Candor: could not start: ${String(e)}`);
}
