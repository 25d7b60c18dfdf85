import type { Locale } from '../config/config.js';
import type { Translate } from '../web/i18n/index.js';
import { ACTIONS, type AnnualReport, type AnnualRow } from './annual.js';

/** What every rendering of the annual report shares: its words in one language and its table rows as text. */
export interface AnnualReportText {
  title: string;
  intro: string;
  summary: [string, string][];
  tables: { caption: string; head: string[]; rows: string[][] }[];
  statementTitle: string;
  statement: string[];
  method: string;
}

const day = (date: Date, locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);

/** The annual report as text in the reader's language: titles, the summary and the tables, ready for HTML or PDF. */
export function annualReportText(report: AnnualReport, options: { t: Translate; locale: Locale; statement: string[]; categoryName: (id: string) => string }): AnnualReportText {
  const { t, locale } = options;
  const number = new Intl.NumberFormat(locale);
  const counts = (row: AnnualRow) => [row.notices, row.items, ...ACTIONS.map((action) => row.actions[action])].map((value) => number.format(value));
  const actionHead = ACTIONS.map((action) => t(`reports.action.${action}`));
  const countHead = [t('reports.annual.notices'), t('reports.annual.items'), ...actionHead];
  const lastDay = new Date(report.to.getTime() - 86_400_000);
  return {
    title: t('reports.annual.title', { year: report.year }),
    intro: t('reports.annual.intro', { from: day(report.from, locale), to: day(lastDay, locale), generated: day(report.generatedAt, locale) }),
    summary: [
      [t('reports.annual.notices'), number.format(report.totals.notices)],
      [t('reports.annual.items'), number.format(report.totals.items)],
      [t('reports.annual.providers'), number.format(report.totals.providers)],
      [t('reports.annual.reminders'), number.format(report.totals.reminders)],
      [t('reports.annual.escalations'), number.format(report.totals.escalations)],
      ...ACTIONS.map((action): [string, string] => [t(`reports.action.${action}`), number.format(report.totals.actions[action])]),
    ],
    tables: [
      {
        caption: t('reports.annual.byProvider'),
        head: [t('reports.annual.provider'), t('reports.annual.country'), ...countHead],
        rows: report.byProvider.map((row) => [row.provider ?? t('reports.annual.unidentified'), row.country ?? '—', ...counts(row)]),
      },
      {
        caption: t('reports.annual.byCategory'),
        head: [t('reports.annual.category'), ...countHead],
        rows: report.byCategory.map((row) => [options.categoryName(row.category), ...counts(row)]),
      },
    ],
    statementTitle: t('reports.annual.statement'),
    statement: options.statement,
    method: t('reports.annual.method'),
  };
}
