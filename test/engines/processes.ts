/**
 * Starting and stopping what the engines need (Xvfb, WebKitWebDriver, the demo), each start
 * guarded by a timeout that fails with a clear message instead of hanging; and finding the
 * binaries (environment variable first, then the Debian package's place).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** How .ci/run installs the engines; quoted in every "not found" message. */
export const INSTALL =
  'apt-get install -y --no-install-recommends firefox-esr webkit2gtk-driver xvfb xauth (.ci/run does it on a bare machine)';

/** The first of `names` on the PATH, or null. */
export function which(...names: string[]): string | null {
  for (const name of names) {
    const r = spawnSync('sh', ['-c', `command -v "${name}"`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    if (r.status === 0 && path) return path;
  }
  return null;
}

/** `env` when set (and it must exist), else `found()`; throws `what` is missing with the install command. */
export function binary(what: string, env: string, found: () => string | null): string {
  const fromEnv = process.env[env];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${env}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const path = found();
  if (!path) throw new Error(`${what} not found: install it with\n  ${INSTALL}\nor set ${env}`);
  return path;
}

/** WebKitGTK's MiniBrowser, where Debian's webkit2gtk packages put it (/usr/lib/<triplet>/webkit2gtk-4.x/). */
export function findMiniBrowser(): string | null {
  for (const lib of ['/usr/lib', '/usr/libexec']) {
    let dirs: string[];
    try {
      dirs = readdirSync(lib);
    } catch {
      continue;
    }
    for (const dir of dirs) {
      for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
        const path = join(lib, dir, api, 'MiniBrowser');
        if (existsSync(path)) return path;
      }
    }
  }
  return null;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Children started here and not yet stopped: killed when this process exits, however it ends its run. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});
const track = (child: ChildProcess): ChildProcess => {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
};

/** Stops a child we started (its process group, then a hard kill if it lingers). */
export async function stop(child: ChildProcess | undefined, graceMs = 3_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, sig); // the group: MiniBrowser and its web processes too
    } catch {
      child.kill(sig);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Spawns `cmd` in its own process group and resolves once `ready(output)` finds what it waits for
 * in its stdout/stderr (or fd 3). Fails with `what`, the command and its output when it exits
 * first or takes longer than `timeoutMs`.
 */
export function startProcess<T>(
  what: string,
  cmd: string,
  args: string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; ready: (output: string) => T | null; fd3?: boolean },
): Promise<{ child: ChildProcess; value: T }> {
  const child = track(
    spawn(cmd, args, {
      env: o.env ?? process.env,
      cwd: o.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', ...(o.fd3 ? (['pipe'] as const) : [])],
    }),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop(child, 500);
      reject(
        new Error(
          `${what} ${why}\n  command: ${cmd} ${args.join(' ')}\n  output: ${output.trim().slice(-2000) || '(none)'}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`did not start within ${o.timeoutMs / 1000} s`), o.timeoutMs);
    const onData = (d: Buffer): void => {
      output += d.toString();
      const value = o.ready(output);
      if (value !== null) {
        clearTimeout(timer);
        resolve({ child, value });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    (child.stdio[3] as NodeJS.ReadableStream | undefined)?.on('data', onData);
    child.once('error', (e) => fail(`could not be started: ${e.message}`));
    child.once('exit', (code, sig) => fail(`exited before it was ready (${sig ?? `code ${code}`})`));
  });
}

/** Resolves once `url` answers any HTTP status; fails with `what` after `timeoutMs`. */
export async function waitForHttp(what: string, url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      if (Date.now() > end) throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Spawns a server `cmd` in its own process group and resolves once `url` answers; fails with
 * `what`, the command and its output when it exits first or takes longer than `timeoutMs`.
 */
export async function startServer(
  what: string,
  cmd: string,
  args: string[],
  o: { env?: NodeJS.ProcessEnv; url: string; timeoutMs: number },
): Promise<ChildProcess> {
  const child = track(
    spawn(cmd, args, { env: o.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`could not be started: ${e.message}`)));
    child.once('exit', (code, sig) => reject(new Error(`exited before it answered (${sig ?? `code ${code}`})`)));
  });
  try {
    await Promise.race([waitForHttp(what, o.url, o.timeoutMs), exited]);
    return child;
  } catch (e) {
    await stop(child, 500);
    throw new Error(
      `${what} ${(e as Error).message}\n  command: ${cmd} ${args.join(' ')}\n  output: ${output.trim().slice(-2000) || '(none)'}`,
      { cause: e },
    );
  }
}
