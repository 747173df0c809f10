// Finds a Chromium for the browser tests: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or
// Playwright's own download (developer laptops). On a bare Debian machine running as root it
// installs Debian's chromium; otherwise it fails with the exact command to run. Never skips.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN = '/usr/bin/chromium';
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
