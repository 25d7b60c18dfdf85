import { stringify } from 'csv-stringify/sync';
import * as echarts from 'echarts';
import { html, type Html } from '../web/html.js';

/**
 * The numbers behind one chart: rows (a period, a category, a country…) with one value per
 * column. The same dataset draws the chart, fills the table beside it and makes its CSV.
 */
export interface Dataset {
  id: string;
  title: string;
  kind: 'bar' | 'line';
  /** The heading of the row labels, e.g. "Week" or "Country". */
  rowHeading: string;
  columns: string[];
  rows: { label: string; values: (number | null)[] }[];
  /** How values read in the table: counts, or durations given in hours. */
  unit?: 'count' | 'hours';
}

const WIDTH = 640;
const HEIGHT = 300;
const COLOURS = ['#1d4f91', '#b35900', '#2e7d4f', '#7a3e9d'];

/** Drawing a chart takes tens of milliseconds; the same numbers are drawn once. */
const drawn = new Map<string, string>();
const DRAWN_KEPT = 200;

/** The chart as an SVG document, drawn on the server by Apache ECharts (no script runs in a browser). */
export function chartSvg(dataset: Dataset): string {
  const key = JSON.stringify(dataset);
  const known = drawn.get(key);
  if (known !== undefined) return known;
  const svg = drawChart(dataset);
  if (drawn.size >= DRAWN_KEPT) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}

function drawChart(dataset: Dataset): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({
      animation: false,
      color: COLOURS,
      grid: { left: 56, right: 16, top: dataset.columns.length > 1 ? 40 : 16, bottom: 64 },
      legend: dataset.columns.length > 1 ? { top: 4, data: dataset.columns } : { show: false },
      xAxis: { type: 'category', data: dataset.rows.map((row) => row.label), axisLabel: { rotate: dataset.rows.length > 8 ? 45 : 0, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: dataset.unit === 'hours' ? 0 : 1 },
      series: dataset.columns.map((column, index) => ({
        name: column,
        type: dataset.kind,
        data: dataset.rows.map((row) => row.values[index] ?? null),
        ...(dataset.kind === 'line' ? { showSymbol: dataset.rows.length <= 31 } : {}),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as an image inside the page (CSP allows data: images; the SVG keeps its styles to itself). */
export function chartImage(dataset: Dataset, alt: string): Html {
  const source = `data:image/svg+xml;base64,${Buffer.from(chartSvg(dataset)).toString('base64')}`;
  return html`<img class="chart-image" src="${source}" width="${WIDTH}" height="${HEIGHT}" alt="${alt}">`;
}

export function datasetCsv(dataset: Dataset): string {
  return stringify([[dataset.rowHeading, ...dataset.columns], ...dataset.rows.map((row) => [row.label, ...row.values.map((value) => value ?? '')])]);
}

const shown = (value: number | null, unit: Dataset['unit'], numbers: Intl.NumberFormat) =>
  value === null ? '–' : numbers.format(unit === 'hours' ? Math.round(value * 10) / 10 : value);

/** A chart with its data table beside it and a link to the same numbers as CSV. */
export function chartFigure(dataset: Dataset, view: { locale: string; csvHref: string | undefined; csvLabel: string; alt: string }): Html {
  const numbers = new Intl.NumberFormat(view.locale);
  return html`<section class="chart" id="chart-${dataset.id}" aria-labelledby="chart-${dataset.id}-title">
<h2 id="chart-${dataset.id}-title">${dataset.title}</h2>
<div class="chart-body">
<figure>${chartImage(dataset, view.alt)}</figure>
<div class="chart-data">
<table>
<caption>${dataset.title}</caption>
<thead><tr><th scope="col">${dataset.rowHeading}</th>${dataset.columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${dataset.rows.map((row) => html`<tr><th scope="row">${row.label}</th>${row.values.map((value) => html`<td>${shown(value, dataset.unit, numbers)}</td>`)}</tr>`)}</tbody>
</table>
${view.csvHref ? html`<p><a href="${view.csvHref}" download>${view.csvLabel}</a></p>` : ''}
</div>
</div>
</section>`;
}
