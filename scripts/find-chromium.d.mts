/** The path of a usable Chromium; throws with instructions when there is none. */
export function findChromium(options?: { install?: boolean; log?: (message: string) => void }): Promise<string>;
/** The Chromium for the headless e2e suite: CHROMIUM_PATH, else Debian's chromium-headless-shell, else findChromium(). */
export function findHeadlessChromium(options?: { install?: boolean; log?: (message: string) => void }): Promise<string>;
/** Launch flags for Chromium on these machines. */
export const CHROMIUM_ARGS: readonly string[];
/** Maps *.candor.test to 127.0.0.1. */
export const LOOPBACK_HOSTS_ARG: string;
