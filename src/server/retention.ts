/**
 * The retention job: with `retention: { days, intervalHours }`, the server purges the records
 * whose `expiresAt` is more than `days` days past, a few seconds after its store is ready and then
 * every `intervalHours`. Its timers never keep the process alive, runs never overlap (the next is
 * planned when one ends), errors go to `onError` and the job goes on; `stop()` waits for a run in
 * progress, so the store is closed after it.
 */
import type { RetentionOptions } from './options';
import type { ConsentStore } from './store';

/** How long after the store is ready the first purge runs. */
export const FIRST_PURGE_DELAY_MS = 5_000;
/** The longest retention accepted (100 years). */
export const MAX_RETENTION_DAYS = 36_500;
/** The longest interval a Node timer can wait (2^31 - 1 ms), in whole hours. */
export const MAX_INTERVAL_HOURS = 596;

const fail = (what: string): Error => new Error(`candor/server: retention.${what}`);

/** Throws a clear error unless `days` is a whole number of days from 0 to 36500. */
export function assertRetentionDays(days: unknown): asserts days is number {
  if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > MAX_RETENTION_DAYS)
    throw fail(`days must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}`);
}

/** The checked settings: days, the interval in hours (as given) and in milliseconds. */
export function retentionSettings(options: RetentionOptions): {
  days: number;
  intervalHours: number;
  intervalMs: number;
} {
  assertRetentionDays(options.days);
  const hours = options.intervalHours ?? 24;
  if (typeof hours !== 'number' || !(hours > 0) || hours > MAX_INTERVAL_HOURS)
    throw fail(`intervalHours must be a number of hours above 0 and at most ${MAX_INTERVAL_HOURS}`);
  return { days: options.days, intervalHours: hours, intervalMs: Math.round(hours * 3_600_000) };
}

/** Starts the job; the function it returns stops it (and waits for a run in progress). */
export function scheduleRetention(
  ready: Promise<ConsentStore>,
  settings: { days: number; intervalMs: number },
  onError: (e: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  const plan = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  function run(): void {
    running = ready
      .then((store) => store.purge(settings.days, 'schedule'))
      .then(
        () => {},
        (e: unknown) => onError(e),
      )
      .finally(() => {
        running = null;
        plan(settings.intervalMs);
      });
  }
  // A store that cannot open was reported already (and every request answers 503): no job then.
  ready.then(
    () => plan(FIRST_PURGE_DELAY_MS),
    () => {},
  );
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
