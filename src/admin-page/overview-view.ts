/** The overview section: a date range (the last 30 days unless chosen) and what the aggregates say. */
import { report, say, turns, type Context } from './context';
import { byId, replace } from './dom';
import { parseStats, type Stats } from './parse';
import { statsView } from './stats-view';

export interface OverviewView {
  /** Shows stats already loaded (at sign-in) and fills the range fields with their days. */
  show(stats: Stats): void;
}

export function overviewView(ctx: Context): OverviewView {
  const form = byId<HTMLFormElement>('range-form');
  const from = byId<HTMLInputElement>('range-from');
  const to = byId<HTMLInputElement>('range-to');
  const status = byId('overview-status');
  const body = byId('overview-body');

  const show = (stats: Stats): void => {
    from.value = stats.from;
    to.value = stats.to;
    replace(body, ...statsView(stats));
  };
  const turn = turns();
  // Only the latest range's answer is shown: an earlier one's, come late, would refill the fields with its days.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const live = turn();
    if (from.value && to.value && from.value > to.value)
      return say(status, 'The first day must not be after the last.', true);
    say(status, 'Loading the overview…');
    void ctx
      .api()
      .get('stats', { from: from.value, to: to.value })
      .then((answer) => {
        if (!live()) return;
        show(parseStats(answer));
        say(status, `Showing ${from.value} to ${to.value}.`);
      })
      .catch((e: unknown) => void (live() && report(status, 'Loading the overview', e)));
  });
  return { show };
}
