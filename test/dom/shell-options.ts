/** The first layer's options for the DOM tests: an English bar with a launcher, light, no wall, no stand-in. */
import { ENGLISH } from '../../src/ui/i18n';
import type { ShellOptions } from '../../src/ui/shell';

export const shellOptions = (o: Partial<ShellOptions> = {}): ShellOptions => ({
  locale: 'en',
  messages: ENGLISH,
  layout: 'bar',
  theme: 'light',
  launcher: true,
  wall: null,
  openLinks: true,
  slot: {},
  ...o,
});
