/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver (Debian's webkit2gtk-driver) and
 * selenium-webdriver's `usingServer` (no Selenium Manager, nothing downloaded). The adapter starts
 * what it needs and stops it again: an X server (Xvfb), WebKitWebDriver on a free port, and the
 * loopback proxy (host names, error collection). Each session is a new MiniBrowser (its data is
 * ephemeral: a fresh profile). WebDriver classic drives one window at a time, so every call
 * switches to its tab first, one call at a time. WebKitGTK asks pages for reduced motion when GTK's
 * `gtk-enable-animations` is off: a session with `reducedMotion` gets its MiniBrowser from a second
 * WebKitWebDriver whose GTK reads that from a settings.ini of its own (XDG_CONFIG_HOME). WebKitGTK
 * has no forced-colours mode (`forced-colors: none` always, whatever GTK's theme).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, Key as K, Origin, type WebDriver } from 'selenium-webdriver';
import { type Display, type Engine, type Key, type Session, type Tab, withTimeout } from './driver';
import { startLoopbackProxy, type LoopbackProxy } from './loopback-proxy';
import { binary, findMiniBrowser, freePort, startProcess, startServer, stop, which } from './processes';

const KEYS: Record<Exclude<Key, 'Shift+Tab'>, string> = {
  Tab: K.TAB,
  Enter: K.ENTER,
  Space: K.SPACE,
  Escape: K.ESCAPE,
};
const SESSION_TIMEOUT = 45_000;

/** Starts Xvfb on a free display (it tells which through -displayfd). */
async function startXvfb(): Promise<{ child: ChildProcess; display: string }> {
  const xvfb = binary('Xvfb (the X server WebKitGTK needs)', 'XVFB_PATH', () => which('Xvfb'));
  const { child, value } = await startProcess(
    'Xvfb',
    xvfb,
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-nolisten', 'unix'],
    {
      timeoutMs: 15_000,
      fd3: true,
      ready: (out) => /^(\d+)\s*$/m.exec(out)?.[1] ?? null,
    },
  );
  return { child, display: `:${value}` };
}

/** A queue: WebDriver calls run one at a time (each first switches to its window). */
function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => {});
    return next;
  };
}

async function openSession(
  server: string,
  miniBrowser: string,
  proxy: LoopbackProxy,
): Promise<Session & { version: string }> {
  const token = proxy.begin();
  const caps = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation', `--proxy=${proxy.url}`] },
  };
  const builder = new Builder().usingServer(server).withCapabilities(caps).build();
  // The driver is also a promise of itself, derived from the session's: when a session abandoned at
  // the timeout below fails later (its WebKitWebDriver is stopped for the next try), nothing else
  // listens to that promise, and its rejection (ECONNREFUSED) would fail whichever test runs then.
  builder.catch(() => {});
  // Without a working display the new-session request hangs silently: never wait for it forever.
  const session = await withTimeout(
    builder.getSession(),
    SESSION_TIMEOUT,
    `WebKitWebDriver did not open a MiniBrowser session (${miniBrowser})`,
  );
  const driver: WebDriver = builder;
  const run = serial();
  let current = await driver.getWindowHandle();
  const inTab = <T>(handle: string, fn: () => Promise<T>): Promise<T> =>
    run(async () => {
      if (current !== handle) {
        await driver.switchTo().window(handle);
        current = handle;
      }
      return fn();
    });
  const tabOf = (handle: string): Tab => ({
    goto: (url) => inTab(handle, () => driver.get(url)),
    reload: () => inTab(handle, () => driver.navigate().refresh()),
    back: () =>
      inTab(handle, async () => {
        await driver.navigate().back();
        await driver.wait(
          async () => (await driver.executeScript('return document.readyState')) === 'complete',
          15_000,
        );
      }),
    evaluate: (fn, arg) => inTab(handle, () => driver.executeScript(fn as never, arg)) as never,
    clickAt: (x, y, count = 1) =>
      inTab(handle, () => {
        const a = driver.actions({ async: true }).move({ x, y, origin: Origin.VIEWPORT });
        return (count === 2 ? a.doubleClick() : a.click()).perform();
      }),
    moveTo: (x, y) =>
      inTab(handle, () => driver.actions({ async: true }).move({ x, y, origin: Origin.VIEWPORT }).perform()),
    press: (keys, count = 1) =>
      inTab(handle, () => {
        // Each press in the same action sequence: one round trip for all.
        const a = driver.actions({ async: true });
        for (let i = 0; i < count; i++)
          for (const key of [keys].flat())
            if (key === 'Shift+Tab') a.keyDown(K.SHIFT).sendKeys(K.TAB).keyUp(K.SHIFT);
            else a.sendKeys(KEYS[key]);
        return a.perform();
      }),
    cookies: () =>
      inTab(handle, async () =>
        (await driver.manage().getCookies()).map((c) => ({
          name: c.name,
          domain: (c.domain ?? '').replace(/^\./, ''),
        })),
      ),
    close: () =>
      inTab(handle, async () => {
        await driver.close();
        const rest = await driver.getAllWindowHandles();
        if (rest[0]) await driver.switchTo().window(rest[0]);
        current = rest[0] ?? '';
      }),
  });
  return {
    version: String(session.getCapabilities().get('browserVersion') ?? ''),
    tab: tabOf(current),
    newTab: () =>
      run(async () => {
        await driver.switchTo().newWindow('tab');
        current = await driver.getWindowHandle();
        return tabOf(current);
      }),
    async errors() {
      await new Promise((r) => setTimeout(r, 200)); // beacons in flight
      return proxy.errors(token);
    },
    close: () => withTimeout(driver.quit(), 15_000, 'MiniBrowser did not quit').catch(() => {}),
  };
}

export async function launchWebKit(): Promise<Engine> {
  const driverPath = binary('WebKitWebDriver', 'WEBKIT_DRIVER_PATH', () => which('WebKitWebDriver'));
  const miniBrowser = binary('WebKitGTK MiniBrowser', 'MINIBROWSER_PATH', findMiniBrowser);
  const started: ChildProcess[] = [];
  let proxy: LoopbackProxy | undefined;
  /** GTK's configuration for reduced motion (XDG_CONFIG_HOME), made when first asked for. */
  let calm: string | undefined;
  const calmConfig = (): string => {
    if (calm) return calm;
    calm = mkdtempSync(join(tmpdir(), 'candor-engines-gtk-'));
    mkdirSync(join(calm, 'gtk-3.0'));
    writeFileSync(join(calm, 'gtk-3.0', 'settings.ini'), '[Settings]\ngtk-enable-animations=false\n');
    return calm;
  };
  const cleanUp = async (): Promise<void> => {
    for (const c of started.reverse()) await stop(c);
    await proxy?.close();
    if (calm) rmSync(calm, { recursive: true, force: true });
  };
  try {
    const x = await startXvfb();
    started.push(x.child);
    proxy = await startLoopbackProxy();
    /** WebKitWebDriver on a free port (its MiniBrowsers with less motion, or not): its URL, and the process. */
    const startDriver = async (reducedMotion: boolean): Promise<{ server: string; child: ChildProcess }> => {
      const port = await freePort();
      const server = `http://127.0.0.1:${port}`;
      const child = await startServer('WebKitWebDriver', driverPath, [`--port=${port}`], {
        env: { ...process.env, DISPLAY: x.display, ...(reducedMotion && { XDG_CONFIG_HOME: calmConfig() }) },
        url: `${server}/status`,
        timeoutMs: 15_000,
      });
      started.push(child);
      return { server, child };
    };
    /** The drivers, by whether their MiniBrowsers ask for reduced motion. */
    const drivers = new Map([[false, await startDriver(false)]]);
    const p = proxy;
    let version = 'WebKitGTK';
    return {
      name: 'webkit',
      get version() {
        return version;
      },
      bfcache: true,
      forcedColors: false,
      async newSession(display: Display = {}) {
        if (display.forcedColors) throw new Error('WebKitGTK has no forced-colours mode');
        const calmly = !!display.reducedMotion;
        // On this loaded 2-core machine WebKitWebDriver once exited between two tests (the next
        // session was refused), and once opened no session within 45 s, after which the driver
        // started in its place refused the next request: a driver that is gone, or a session it
        // cannot open, gets a new driver, up to twice. The browser itself and every test step are
        // unchanged; the third failure is the test's.
        let driver = drivers.get(calmly);
        if (!driver || driver.child.exitCode !== null || driver.child.signalCode !== null)
          drivers.set(calmly, (driver = await startDriver(calmly)));
        for (let attempt = 1; ; attempt++)
          try {
            const s = await openSession(driver.server, miniBrowser, p);
            version = `WebKitGTK ${s.version}`;
            return s;
          } catch (e) {
            if (attempt === 3) throw e;
            console.warn(`WebKitWebDriver: ${e instanceof Error ? e.message : String(e)}; starting it again`);
            await stop(driver.child);
            drivers.set(calmly, (driver = await startDriver(calmly)));
          }
      },
      close: cleanUp,
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}
