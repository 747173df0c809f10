/**
 * Charts as inline SVG made here (no library, no third-party script), each with its text
 * alternative: a line chart is an image named by its caption, described by a sentence, with a data
 * table under a disclosure; a bar chart is itself a data table whose cells hold a bar. Series are
 * told apart by colour, dash pattern and marker shape (in forced colours by the last two alone).
 */
import { el, svg, uid, type Child } from './dom';

/** One point: the value drawn and the text the table shows for it. */
export interface Point {
  readonly value: number;
  readonly text: string;
}
export interface Series {
  readonly label: string;
  /** One entry per day; null where there is nothing to show. */
  readonly points: readonly (Point | null)[];
}
export interface LineChartOptions {
  readonly title: string;
  /** One sentence for screen readers: what the chart shows, in numbers. */
  readonly summary: string;
  readonly days: readonly string[];
  readonly series: readonly Series[];
  /** The top of the value axis. */
  readonly max: number;
  /** How the axis writes a value. */
  readonly axis: (value: number) => string;
  /** What the figure says instead of a chart when there is no point at all. */
  readonly empty: string;
}

const W = 600;
const H = 200;
const PAD = 8;
/** The series' drawing classes (colour and dash pattern, styles in admin.css); markers by shape. */
const SERIES = 6;

function marker(kind: number, x: number, y: number): SVGElement {
  const r = 4.5;
  if (kind === 0) return svg('circle', { cx: x, cy: y, r });
  if (kind === 1) return svg('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r });
  const shape = kind === 2 ? [0, -r - 1.5, r + 1.5, 0, 0, r + 1.5, -r - 1.5, 0] : [0, -r - 1, r + 1, r, -r - 1, r];
  return svg('polygon', { points: shape.map((d, i) => (i % 2 ? y + d : x + d)).join(' ') });
}

function plot(o: LineChartOptions, labelledBy: string, describedBy: string): SVGSVGElement {
  const n = o.days.length;
  const x = (i: number): number => PAD + (n > 1 ? ((W - 2 * PAD) * i) / (n - 1) : (W - 2 * PAD) / 2);
  const y = (v: number): number => H - PAD - ((H - 2 * PAD) * Math.min(v, o.max)) / (o.max || 1);
  const grid = [0, 0.5, 1].map((f) => svg('line', { class: 'grid', x1: 0, x2: W, y1: y(f * o.max), y2: y(f * o.max) }));
  const drawn = o.series.map((s, k) => {
    const runs: string[][] = [[]];
    s.points.forEach((p, i) => {
      if (p) runs[runs.length - 1]!.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
      else if (runs[runs.length - 1]!.length) runs.push([]);
    });
    const lines = runs.filter((r) => r.length > 1).map((r) => svg('polyline', { class: 'line', points: r.join(' ') }));
    const marks = s.points.map((p, i) =>
      p ? svg('g', {}, marker(k % 4, x(i), y(p.value)), svg('title', {}, `${s.label}, ${o.days[i]}: ${p.text}`)) : null,
    );
    return svg('g', { class: `series s${k % SERIES}` }, ...lines, ...marks);
  });
  return svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': labelledBy, 'aria-describedby': describedBy },
    ...grid,
    ...drawn,
  );
}

/** The swatch beside a series' name in the legend: its line and marker. */
const swatch = (k: number): SVGSVGElement =>
  svg(
    'svg',
    { class: `swatch series s${k % SERIES}`, viewBox: '0 0 32 12', 'aria-hidden': 'true' },
    svg('polyline', { class: 'line', points: '0,6 32,6' }),
    marker(k % 4, 16, 6),
  );

/** A scrollable, keyboard-reachable box around a table (narrow screens). */
export const tableBox = (label: string, table: HTMLTableElement): HTMLElement =>
  el('div', { class: 'table-box', role: 'region', 'aria-label': label, tabindex: 0 }, table);

/** A line chart of values per day, with its legend, description and data table. */
export function lineChart(o: LineChartOptions): HTMLElement {
  const titleId = uid('chart');
  const descId = uid('desc');
  const caption = el('figcaption', { id: titleId }, o.title);
  if (!o.series.some((s) => s.points.some(Boolean)))
    return el('figure', { class: 'chart' }, caption, el('p', {}, o.empty));
  const last = o.days.length - 1;
  const xLabels = [o.days[0], last > 1 ? o.days[Math.floor(last / 2)] : null, last > 0 ? o.days[last] : null];
  const table = el(
    'table',
    {},
    el('caption', {}, o.title),
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col' }, 'Day'), ...o.series.map((s) => el('th', { scope: 'col' }, s.label))),
    ),
    el(
      'tbody',
      {},
      ...o.days.map((day, i) =>
        el('tr', {}, el('th', { scope: 'row' }, day), ...o.series.map((s) => el('td', {}, s.points[i]?.text ?? '–'))),
      ),
    ),
  );
  return el(
    'figure',
    { class: 'chart' },
    caption,
    el(
      'div',
      { class: 'plot' },
      el(
        'div',
        { class: 'y-axis', 'aria-hidden': 'true' },
        ...[1, 0.5, 0].map((f) => el('span', {}, o.axis(f * o.max))),
      ),
      plot(o, titleId, descId),
      el('div', { class: 'x-axis', 'aria-hidden': 'true' }, ...xLabels.map((d) => (d ? el('span', {}, d) : null))),
    ),
    el('ul', { class: 'legend', 'aria-label': 'Legend' }, ...o.series.map((s, k) => el('li', {}, swatch(k), s.label))),
    el('p', { id: descId, class: 'summary' }, o.summary),
    el('details', {}, el('summary', {}, `Table: ${o.title}`), tableBox(o.title, table)),
  );
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The bar's own text (a rate or a count). */
  readonly text: string;
  /** The other columns' cells. */
  readonly cells: readonly string[];
}
export interface BarTableOptions {
  readonly title: string;
  /** Headers: the label column, the bar column, then the other columns. */
  readonly columns: readonly [string, string, ...string[]];
  readonly bars: readonly Bar[];
  readonly max: number;
  readonly empty: string;
}

/** A bar chart that is a data table: one row per bar, the bar drawn in its cell beside its text. */
export function barTable(o: BarTableOptions): HTMLElement {
  if (!o.bars.length) return el('figure', { class: 'chart' }, el('figcaption', {}, o.title), el('p', {}, o.empty));
  const bar = (value: number): Child =>
    svg(
      'svg',
      { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      svg('rect', { class: 'track', width: 100, height: 10 }),
      svg('rect', {
        class: 'fill',
        width: o.max > 0 ? ((100 * Math.min(value, o.max)) / o.max).toFixed(1) : 0,
        height: 10,
      }),
    );
  const table = el(
    'table',
    { class: 'bars' },
    el('caption', {}, o.title),
    el('thead', {}, el('tr', {}, ...o.columns.map((c) => el('th', { scope: 'col' }, c)))),
    el(
      'tbody',
      {},
      ...o.bars.map((b) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, b.label),
          el('td', {}, el('span', { class: 'bar-cell' }, bar(b.value), el('span', {}, b.text))),
          ...b.cells.map((c) => el('td', {}, c)),
        ),
      ),
    ),
  );
  return tableBox(o.title, table);
}
