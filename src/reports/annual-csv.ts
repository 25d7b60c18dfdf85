import { stringify } from 'csv-stringify/sync';
import { ACTIONS, type AnnualReport, type AnnualRow } from './annual.js';

/** The annual report as CSV: the totals, a row per provider and a row per category, with machine words for headers and categories. */
export function annualReportCsv(report: AnnualReport): string {
  const counts = (row: AnnualRow) => [row.notices, row.items, ...ACTIONS.map((action) => row.actions[action])];
  return stringify([
    ['year', 'group', 'name', 'country', 'notices', 'items', ...ACTIONS],
    [report.year, 'total', '', '', ...counts(report.totals)],
    ...report.byProvider.map((row) => [report.year, 'provider', row.provider ?? '', row.country ?? '', ...counts(row)]),
    ...report.byCategory.map((row) => [report.year, 'category', row.category, '', ...counts(row)]),
  ]);
}
