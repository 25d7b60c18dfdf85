import type { Category } from '../domain/categories.js';
import { categoryLabel } from '../web/category-label.js';
import type { PageContext } from '../web/layout.js';
import type { Dataset } from './charts.js';
import type { ProviderMonth, Summary } from './figures.js';

type Context = Pick<PageContext, 't' | 'locale'>;

/** Countries beyond this many are summed up as "others" in the chart. */
const TOP_COUNTRIES = 15;
const HOUR = 3600;

export const SUMMARY_DATASETS = ['received', 'outcomes', 'hosting', 'removal', 'categories', 'countries'] as const;
export type SummaryDatasetId = (typeof SUMMARY_DATASETS)[number];

export function isSummaryDataset(id: string): id is SummaryDatasetId {
  return (SUMMARY_DATASETS as readonly string[]).includes(id);
}

/** The datasets the dashboard and the transparency page draw from a summary. */
export function summaryDatasets(summary: Summary, context: Context, categories: readonly Category[]): Record<SummaryDatasetId, Dataset> {
  const { t } = context;
  const count = (label: string, value: number) => ({ label, values: [value] });
  const items = [t('stats.items')];
  const removal = summary.timeToRemoval;
  const removedWithin = (share: number | null) => Math.round((share ?? 0) * removal.count);
  return {
    received: {
      id: 'received',
      title: t('stats.chart.received'),
      kind: 'line',
      rowHeading: t(`stats.granularity.${summary.granularity}`),
      columns: [t('stats.reports'), t('stats.items'), t('stats.illegal')],
      rows: summary.series.map((point) => ({ label: point.start, values: [point.reports, point.items, point.illegal] })),
    },
    outcomes: {
      id: 'outcomes',
      title: t('stats.chart.outcomes'),
      kind: 'bar',
      rowHeading: t('stats.outcome'),
      columns: items,
      rows: (['illegal', 'not_illegal', 'unavailable'] as const).map((outcome) => count(t(`staff.status.${outcome}`), summary.byOutcome[outcome])),
    },
    hosting: {
      id: 'hosting',
      title: t('stats.chart.hosting'),
      kind: 'bar',
      rowHeading: t('stats.action'),
      columns: items,
      rows: (['domestic', 'forwarded', 'referred'] as const).map((action) => count(t(`stats.hosting.${action}`), summary.hosting[action])),
    },
    removal: {
      id: 'removal',
      title: t('stats.chart.removal'),
      kind: 'bar',
      rowHeading: t('stats.removedWithin'),
      columns: items,
      rows: [
        count(t('stats.within.24h'), removedWithin(removal.within24h)),
        count(t('stats.within.72h'), removedWithin(removal.within72h) - removedWithin(removal.within24h)),
        count(t('stats.within.7d'), removedWithin(removal.within7d) - removedWithin(removal.within72h)),
        count(t('stats.within.later'), removal.count - removedWithin(removal.within7d)),
      ],
    },
    categories: {
      id: 'categories',
      title: t('stats.chart.categories'),
      kind: 'bar',
      rowHeading: t('stats.category'),
      columns: items,
      rows: categories.map((category) => count(categoryLabel(category, context), summary.byCategory[category.id] ?? 0)),
    },
    countries: {
      id: 'countries',
      title: t('stats.chart.countries'),
      kind: 'bar',
      rowHeading: t('stats.country'),
      columns: items,
      rows: countryRows(summary.byCountry, t('stats.unknown'), t('stats.others')),
    },
  };
}

function countryRows(byCountry: Record<string, number>, unknown: string, others: string): Dataset['rows'] {
  const sorted = Object.entries(byCountry).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const rows = sorted.slice(0, TOP_COUNTRIES).map(([country, n]) => ({ label: country === '' ? unknown : country, values: [n] }));
  const rest = sorted.slice(TOP_COUNTRIES).reduce((sum, [, n]) => sum + n, 0);
  return rest > 0 ? [...rows, { label: others, values: [rest] }] : rows;
}

/** A provider month by month: items notified and removed, and the median and p90 time to removal in hours. */
export function providerDatasets(months: readonly ProviderMonth[], context: Context): Dataset[] {
  const { t } = context;
  const hours = (seconds: number | null) => (seconds === null ? null : seconds / HOUR);
  return [
    {
      id: 'provider-items',
      title: t('stats.chart.providerItems'),
      kind: 'bar',
      rowHeading: t('stats.granularity.month'),
      columns: [t('stats.provider.notified'), t('stats.provider.removed'), t('stats.provider.open')],
      rows: months.map((month) => ({ label: month.start.slice(0, 7), values: [month.notified, month.removed, month.open] })),
    },
    {
      id: 'provider-times',
      title: t('stats.chart.providerTimes'),
      kind: 'line',
      unit: 'hours',
      rowHeading: t('stats.granularity.month'),
      columns: [t('stats.provider.medianHours'), t('stats.provider.p90Hours')],
      rows: months.map((month) => ({ label: month.start.slice(0, 7), values: [hours(month.medianSeconds), hours(month.p90Seconds)] })),
    },
  ];
}
