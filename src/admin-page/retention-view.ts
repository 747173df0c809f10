/**
 * Retention: what the server keeps, and a button that runs the purge now (the server also runs it
 * on its own schedule). Shown only when the server reports a retention period: without one there is
 * nothing to purge, and the server would refuse.
 */
import { report, say, type Context } from './context';
import { confirmAction } from './confirm';
import { ApiError } from './api';
import { byId } from './dom';
import { count } from './format';
import { parsePurged, type Retention } from './parse';

export function retentionView(ctx: Context): { show(retention: Retention): void } {
  const section = byId('retention');
  const text = byId('retention-text');
  const button = byId<HTMLButtonElement>('purge');
  const status = byId('retention-status');

  button.addEventListener('click', () => {
    void (async () => {
      const confirmed = await confirmAction({
        title: 'Purge the records past retention now?',
        text: 'Records whose expiry lies further back than the retention period are deleted for good; the purge itself is recorded. Counts in the charts stay.',
        action: 'Purge',
      });
      if (!confirmed) return say(status, 'Nothing was purged.');
      say(status, 'Purging…');
      try {
        const r = parsePurged(await ctx.api().post('purge'));
        say(
          status,
          `Purged ${count(r.purged, 'record')} past retention (${count(r.retentionDays, 'day')} after expiry).`,
        );
        ctx.changed();
      } catch (e) {
        if (e instanceof ApiError && e.status === 400) say(status, 'This server has no retention period set.', true);
        else report(status, 'The purge', e);
      }
    })();
  });
  return {
    show(retention) {
      section.hidden = retention === null;
      byId('retention-link').hidden = retention === null;
      text.textContent = retention
        ? `Records are kept ${count(retention.days, 'day')} after they expire, then purged (the server checks every ${count(retention.intervalHours, 'hour')}).`
        : '';
      say(status, '');
    },
  };
}
