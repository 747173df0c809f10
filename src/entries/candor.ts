/**
 * The script-tag entry (`dist/candor.js`), the only module with effects at import time: it starts
 * Candor and never throws into the host page.
 */
import { boot } from '../loader/boot';

try {
  boot();
} catch (e) {
  console.error(`Candor: could not start: ${String(e)}`);
}
