import type { Kysely } from 'kysely';
import type { Locale, ReportsConfig } from '../config/config.js';
import type { Database } from '../db/schema.js';
import type { Category } from '../domain/categories.js';
import { categoryLabel } from '../web/category-label.js';
import { translator } from '../web/i18n/index.js';
import { ACTIONS, annualReport, type AnnualReport } from './annual.js';
import { annualReportCsv } from './annual-csv.js';
import { standaloneAnnualReport } from './annual-html.js';
import { annualReportPdf } from './annual-pdf.js';
import { annualReportText, type AnnualReportText } from './annual-text.js';
import { hotlineStatement } from './statement.js';

export const ANNUAL_FORMATS = ['html', 'pdf', 'csv'] as const;
export type AnnualFormat = (typeof ANNUAL_FORMATS)[number];

export interface AnnualReportSettings {
  reports: ReportsConfig;
  hotlineName: string;
  categories: readonly Category[];
}

export const CONTENT_TYPES: Record<AnnualFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

/** The report of a year and its text in one language. */
export async function annualReportInLanguage(db: Kysely<Database>, year: number, locale: Locale, settings: AnnualReportSettings): Promise<{ report: AnnualReport; text: AnnualReportText }> {
  const t = translator(locale);
  const report = await annualReport(db, year);
  const statement = await hotlineStatement({ file: settings.reports.statementFile, locale, t, hotlineName: settings.hotlineName });
  const categoryName = (id: string) => categoryLabel(settings.categories.find((category) => category.id === id) ?? { id, severity: 9 }, { locale, t });
  return { report, text: annualReportText(report, { t, locale, statement, categoryName }) };
}

/** The share of each action taken among the items notified, for the PDF's bar. */
export function actionShares(report: AnnualReport): number[] {
  return ACTIONS.map((action) => (report.totals.items === 0 ? 0 : report.totals.actions[action] / report.totals.items));
}

/** The annual report as a file: a standalone HTML document, a PDF or CSV. */
export async function annualReportFile(db: Kysely<Database>, year: number, format: AnnualFormat, locale: Locale, settings: AnnualReportSettings): Promise<Buffer> {
  const { report, text } = await annualReportInLanguage(db, year, locale, settings);
  if (format === 'csv') return Buffer.from(annualReportCsv(report));
  if (format === 'html') return Buffer.from(standaloneAnnualReport(text, locale));
  return annualReportPdf(text, settings.reports.pdfFont, actionShares(report));
}
