// Finds a Chromium for the browser tests: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or
// Playwright's own download (developer laptops). On a bare Debian machine running as root it
// installs Debian's chromium; otherwise it fails with the exact command to run. Never skips.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN = '/usr/bin/chromium';
/** Debian's package chromium-headless-shell: the same Chromium build without the browser's own UI. */
const DEBIAN_SHELL = '/usr/lib/chromium/chromium-headless-shell';
const INSTALL = 'sudo apt-get update && sudo apt-get install -y chromium';

async function playwrightOwn() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** The path of a usable Chromium; throws with instructions when there is none. */
export async function findChromium({ install = true, log = console.log } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync(DEBIAN)) return DEBIAN;
  const own = await playwrightOwn();
  if (own) return own;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (install && isRoot && hasApt) {
    log("No Chromium found: installing Debian's chromium (apt-get install -y chromium)…");
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
      stdio: 'inherit',
    });
    if (existsSync(DEBIAN)) return DEBIAN;
  }
  throw new Error(
    `No Chromium found for the browser tests. Install one and run again:\n  ${INSTALL}\n` +
      'or point CHROMIUM_PATH at a Chromium/Chrome binary (or run `npx playwright install chromium` where downloads work).',
  );
}

/**
 * The Chromium for the headless e2e suite: $CHROMIUM_PATH when set, else Debian's
 * chromium-headless-shell when installed, else findChromium(). The headless shell is the same
 * Chromium (Blink, V8, the network stack) without the browser's own UI: it is what Playwright
 * itself runs headless tests in, and here it spends about 40% less CPU per test than the full
 * browser in headless mode, whose tab-strip WebUI renderer alone took a fifth of the suite's CPU.
 * The cross-engine critical paths and the bench keep the full browser.
 */
export async function findHeadlessChromium(options = {}) {
  if (!process.env.CHROMIUM_PATH && existsSync(DEBIAN_SHELL)) return DEBIAN_SHELL;
  const log = options.log ?? console.log;
  const found = await findChromium(options);
  if (found === DEBIAN) log('(apt-get install -y chromium-headless-shell makes the e2e suite about 40% faster.)');
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  findChromium().then(
    (p) => console.log(p),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}

/**
 * Launch flags for Chromium on these machines: they avoid the background connections a closed
 * network refuses (many at a time) and the sandbox a root user cannot have. One list for the
 * tests, the cross-engine tests and the bench.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A site with subdomains on loopback, to test cookies on a parent domain (shop.candor.test → candor.test). */
export const LOOPBACK_HOSTS_ARG = '--host-resolver-rules=MAP *.candor.test 127.0.0.1';
