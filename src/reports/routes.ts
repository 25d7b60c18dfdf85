import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit/log.js';
import { errorPage, staffContext } from '../auth/staff-context.js';
import type { Database } from '../db/schema.js';
import { html } from '../web/html.js';
import { sendPage } from '../web/i18n-plugin.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { FIRST_YEAR, LAST_YEAR } from './annual.js';
import { annualReportSection } from './annual-html.js';
import { annualReportFile, annualReportInLanguage, CONTENT_TYPES, type AnnualReportSettings } from './annual-document.js';
import { inhopeCsv, inhopeStatistics } from './inhope.js';
import { parsePeriod, parseYear } from './period.js';

export type ReportRouteOptions = AnnualReportSettings & { db: Kysely<Database> };

const schema = { hide: true };
const access = 'reports.view' as const;

type YearQuery = { Querystring: { year?: string } };
type PeriodQuery = { Querystring: { from?: string; to?: string } };

function reportPage(context: StaffPageContext, year: number, report: ReturnType<typeof annualReportSection>): string {
  const { t } = context;
  const thisYear = new Date().getUTCFullYear();
  return staffLayout(
    context,
    t('reports.annual.title', { year }),
    html`<form method="get" action="/staff/reports/annual" class="inline">
  <label for="year">${t('reports.annual.year')}</label>
  <input id="year" name="year" type="number" min="${FIRST_YEAR}" max="${LAST_YEAR}" value="${year}" required>
  <button type="submit">${t('reports.annual.show')}</button>
</form>
<p>${t('reports.annual.download')} <a href="/staff/reports/annual.pdf?year=${year}">PDF</a> · <a href="/staff/reports/annual.csv?year=${year}">CSV</a></p>
${report}
<section aria-labelledby="inhope-title">
<h2 id="inhope-title">${t('reports.inhope.title')}</h2>
<p>${t('reports.inhope.intro')}</p>
<form method="get" action="/staff/reports/inhope.csv">
  <label for="from">${t('reports.inhope.from')}</label> <input id="from" name="from" type="date" value="${year}-01-01" required>
  <label for="to">${t('reports.inhope.to')}</label> <input id="to" name="to" type="date" value="${Math.min(year, thisYear) + 1}-01-01" required>
  <button type="submit">${t('reports.inhope.csv')}</button>
  <button type="submit" formaction="/staff/reports/inhope.json">${t('reports.inhope.json')}</button>
</form>
</section>`,
  );
}

/**
 * The trusted-flagger annual report (page, PDF, CSV) and the INHOPE statistics
 * export, for supervisors, administrators and auditors. Aggregates only.
 */
export async function reportRoutes(app: FastifyInstance, options: ReportRouteOptions): Promise<void> {
  const { db } = options;
  const yearOf = (request: FastifyRequest<YearQuery>, reply: FastifyReply) => {
    const year = parseYear(request.query.year, new Date().getUTCFullYear());
    if (year === undefined) errorPage(request, reply, request.t('reports.nav'), request.t('reports.badYear', { first: FIRST_YEAR, last: LAST_YEAR }), 400);
    return year;
  };
  const exported = (request: FastifyRequest, what: string, detail: Record<string, unknown>) =>
    audit(db, { actor: request.staff!.user.email, action: 'report_exported', objectType: 'report', detail: { report: what, ...detail } });

  app.get('/staff/reports', { config: { access }, schema }, (_request, reply) => reply.redirect('/staff/reports/annual', 303));

  app.get<YearQuery>('/staff/reports/annual', { config: { access }, schema }, async (request, reply) => {
    const year = yearOf(request, reply);
    if (year === undefined) return reply;
    const context = staffContext(request, reply);
    const { text } = await annualReportInLanguage(db, year, context.locale, options);
    return sendPage(reply, reportPage(context, year, annualReportSection(text)));
  });

  for (const format of ['pdf', 'csv'] as const) {
    app.get<YearQuery>(`/staff/reports/annual.${format}`, { config: { access }, schema }, async (request, reply) => {
      const year = yearOf(request, reply);
      if (year === undefined) return reply;
      const file = await annualReportFile(db, year, format, request.locale, options);
      await exported(request, 'annual', { year, format });
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="trusted-flagger-report-${year}.${format}"`)
        .header('cache-control', 'no-store')
        .send(file);
    });
  }

  for (const format of ['csv', 'json'] as const) {
    app.get<PeriodQuery>(`/staff/reports/inhope.${format}`, { config: { access }, schema }, async (request, reply) => {
      const period = parsePeriod(request.query.from, request.query.to);
      if (!period) return errorPage(request, reply, request.t('reports.inhope.title'), request.t('reports.badPeriod'), 400);
      const statistics = await inhopeStatistics(db, period.from, period.to);
      await exported(request, 'inhope', { from: request.query.from, to: request.query.to, format });
      const name = `inhope-statistics-${request.query.from}-${request.query.to}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
      return format === 'json' ? reply.send(statistics) : reply.header('content-type', 'text/csv; charset=utf-8').send(inhopeCsv(statistics));
    });
  }
}
