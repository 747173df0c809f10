/**
 * The overview: what the aggregates say (decisions per day, revision, language and method; opt-in
 * rates per purpose; banners shown and answered). Aggregates only: nothing here names a visitor.
 */
import { barTable, lineChart, type Point } from './charts';
import { el, type Child } from './dom';
import { count, days, methodName, METHODS, percent } from './format';
import type { Stats } from './parse';

const sum = <T>(items: readonly T[], value: (item: T) => number): number =>
  items.reduce((total, item) => total + value(item), 0);

/** Groups items by a key, in first-seen order. */
function groups<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A round top for a count axis (2, 4, 10, 20, 40, 100, …) at or above `m`, so its middle is a whole number. */
export function niceMax(m: number): number {
  const top = Math.max(m, 2);
  const p = 10 ** Math.floor(Math.log10(top));
  return [1, 2, 4, 10].map((f) => f * p).find((v) => v >= top) ?? 10 * p;
}

const rate = (granted: number, total: number): Point | null =>
  total > 0 ? { value: (100 * granted) / total, text: `${percent(granted, total)} (${granted} of ${total})` } : null;

function purposeCharts(stats: Stats, range: readonly string[]): Child[] {
  const byPurpose = [...groups(stats.purposes, (p) => p.purpose)].sort(([a], [b]) => a.localeCompare(b));
  const series = byPurpose.map(([purpose, rows]) => {
    const byDay = groups(rows, (r) => r.day);
    return {
      label: purpose,
      points: range.map((day) => {
        const list = byDay.get(day) ?? [];
        return rate(
          sum(list, (r) => r.granted),
          sum(list, (r) => r.total),
        );
      }),
    };
  });
  const totals = byPurpose.map(([purpose, rows]) => ({
    purpose,
    granted: sum(rows, (r) => r.granted),
    total: sum(rows, (r) => r.total),
  }));
  return [
    lineChart({
      title: 'Opt-in rate per day, by purpose',
      summary: totals.length
        ? `Over these days: ${totals.map((t) => `${t.purpose} ${percent(t.granted, t.total)} (${t.granted} of ${t.total})`).join(', ')}.`
        : '',
      days: range,
      series,
      max: 100,
      axis: (v) => `${v}%`,
      empty: 'No decisions in these days.',
    }),
    barTable({
      title: 'Opt-in rate by purpose',
      columns: ['Purpose', 'Opt-in rate', 'Allowed', 'Decisions'],
      bars: totals.map((t) => ({
        label: t.purpose,
        value: t.total ? t.granted / t.total : 0,
        text: percent(t.granted, t.total),
        cells: [String(t.granted), String(t.total)],
      })),
      max: 1,
      empty: 'No decisions in these days.',
    }),
    stats.otherPurposes > 0
      ? el('p', {}, `${count(stats.otherPurposes, 'more purpose')} with fewer decisions in these days not shown.`)
      : null,
  ];
}

function activityChart(stats: Stats, range: readonly string[]): Child {
  const perDay = <T>(rows: readonly T[], day: (r: T) => string, value: (r: T) => number) => {
    const byDay = groups(rows, day);
    return range.map((d) => sum(byDay.get(d) ?? [], value));
  };
  const series = [
    {
      label: 'Decisions',
      values: perDay(
        stats.decisions,
        (r) => r.day,
        (r) => r.count,
      ),
    },
    {
      label: 'Banners shown',
      values: perDay(
        stats.impressions,
        (r) => r.day,
        (r) => r.shown,
      ),
    },
    {
      label: 'Banners answered',
      values: perDay(
        stats.impressions,
        (r) => r.day,
        (r) => r.answered,
      ),
    },
  ];
  const top = series.reduce((m, s) => s.values.reduce((a, v) => Math.max(a, v), m), 0);
  return lineChart({
    title: 'Decisions and banners per day',
    summary: series.map((s) => `${s.label}: ${sum(s.values, (v) => v)}`).join(', ') + ' in these days.',
    days: range,
    series: series.map((s) => ({ label: s.label, points: s.values.map((v) => ({ value: v, text: String(v) })) })),
    max: niceMax(top),
    axis: (v) => String(v),
    empty: '',
  });
}

function methodCharts(stats: Stats): Child[] {
  const total = sum(stats.decisions, (d) => d.count);
  const order = Object.keys(METHODS);
  const rank = (m: string): number => (order.includes(m) ? order.indexOf(m) : order.length);
  const byMethod = [...groups(stats.decisions, (d) => d.method)].sort(
    ([a], [b]) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const byVersion = [...groups(stats.decisions, (d) => `Revision ${d.policyRevision} · ${d.locale}`)].sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const bars = (entries: [string, readonly { count: number }[]][], name: (k: string) => string) =>
    entries.map(([key, rows]) => {
      const n = sum(rows, (r) => r.count);
      return { label: name(key), value: n, text: String(n), cells: [percent(n, total)] };
    });
  return [
    barTable({
      title: 'Decisions by method',
      columns: ['Method', 'Decisions', 'Share'],
      bars: bars(byMethod, methodName),
      max: total,
      empty: 'No decisions in these days.',
    }),
    barTable({
      title: 'Decisions by policy revision and language',
      columns: ['Revision and language', 'Decisions', 'Share'],
      bars: bars(byVersion, (k) => k),
      max: total,
      empty: 'No decisions in these days.',
    }),
  ];
}

/** The figures at the top: decisions, banners shown, answered, and shown but not answered. */
function totals(stats: Stats): Child {
  const shown = sum(stats.impressions, (m) => m.shown);
  const answered = sum(stats.impressions, (m) => m.answered);
  const unanswered = Math.max(0, shown - answered);
  const item = (term: string, value: string) => el('div', {}, el('dt', {}, term), el('dd', {}, value));
  return el(
    'dl',
    { class: 'totals' },
    item('Decisions', String(sum(stats.decisions, (d) => d.count))),
    item('Banners shown', String(shown)),
    item('Banners answered', String(answered)),
    item('Shown but not answered', `${unanswered} (${percent(unanswered, shown)})`),
  );
}

/** The overview of `stats`: totals, then the charts. */
export function statsView(stats: Stats): Child[] {
  const range = days(stats.from, stats.to);
  return [
    el('p', {}, `From ${stats.from} to ${stats.to} (UTC), ${count(range.length, 'day')}.`),
    totals(stats),
    ...purposeCharts(stats, range),
    activityChart(stats, range),
    ...methodCharts(stats),
  ];
}
