/**
 * One process per embedded data directory. PGlite does not lock its directory, and two processes
 * writing one PostgreSQL data directory corrupt it (a `candor-server migrate` run while the
 * server runs would be enough). The lock is a file with the owner's process id, created
 * exclusively; a lock whose process is gone (a crash, SIGKILL) is taken over, and so is one naming
 * this process that it does not hold (a restarted container: PID 1 again, same hostname).
 */
import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const LOCK = 'candor-server.lock';
/** The lock files this process holds. */
const held = new Set<string>();

/** Whether process `pid` runs on this machine. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'; // it exists, but belongs to another user
  }
}

/** Takes the directory's lock (throws when a live process holds it); returns its release. */
export function lockDataDir(dir: string): () => void {
  const file = join(realpathSync(dir), LOCK); // one key per directory, however it is written
  const owner = `${process.pid} ${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, owner);
      closeSync(fd);
      held.add(file);
      return () => {
        held.delete(file);
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const [pid, host] = readFileSync(file, 'utf8').split(' ');
      if (host !== hostname() || (Number(pid) === process.pid ? held.has(file) : isAlive(Number(pid))))
        throw new Error(
          `candor/server: the embedded store in ${dir} is open in process ${pid} on ${host}: one process per data directory (stop it first, or use PostgreSQL for several)`,
          { cause: e },
        );
      rmSync(file, { force: true }); // its process is gone: a crash left it
    }
  }
  throw new Error(`candor/server: could not lock ${dir}`);
}
