import { Type, type Static } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Category } from '../domain/categories.js';
import { parseReceipt } from '../domain/receipt.js';
import { validateReport } from '../domain/report-input.js';
import { formField } from '../server/form-fields.js';
import { afterForm, formSubmission, shownOutcome } from '../forms/once.js';
import { submitOnce } from '../forms/submissions.js';
import { isCsrfError } from '../server/security.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { messagePage } from '../web/layout.js';
import { homePage } from './pages/home.js';
import { EMPTY_REPORT_FORM, receiptPage, reportFormPage, showErrors, type ReportFormValues } from './pages/report-form.js';
import { statusPage } from './pages/status.js';
import { receiptStatus, storeReport, type IntakeDeps, type SubmittedReport } from './reports.js';
import type { ShownError } from '../web/forms.js';
import { rateLimitPerMinute } from './rate-limit.js';

export interface PublicRoutesOptions {
  intake: IntakeDeps;
  categories: readonly Category[];
  rateLimitPerMinute: number;
}

const ReportForm = Type.Object({
  urls: formField(),
  category: formField(),
  contentType: formField(),
  description: formField(),
  name: formField(),
  email: formField(),
  mayContact: formField(),
  website: formField(),
});
const StatusForm = Type.Object({ code: formField() });
type FormBody = Static<typeof ReportForm>;
const RECEIPT_FORM = 'report';

/** The public site: what the hotline is, the report form, the receipt and the status check. */
export async function publicRoutes(app: FastifyInstance, options: PublicRoutesOptions): Promise<void> {
  const { intake, categories } = options;
  const limited = rateLimitPerMinute(options.rateLimitPerMinute);

  app.get('/', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, homePage(pageContext(request), categories, intake.contactRetentionDays)),
  );

  const showForm = (request: FastifyRequest, reply: FastifyReply, values: ReportFormValues, errors: ShownError[]) =>
    sendPage(
      reply,
      reportFormPage(pageContext(request), { values, errors, categories, csrfToken: reply.generateCsrf() }),
      errors.length > 0 ? 400 : 200,
    );

  app.get('/report', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) => showForm(request, reply, EMPTY_REPORT_FORM, []));

  // A form whose CSRF token has expired comes back with its answers, and the reason at the top, not as an error page.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!isCsrfError(error) || request.routeOptions.url !== '/report') throw error;
    const values = formValues((request.body ?? {}) as FormBody);
    return showForm(request, reply, values, [{ message: request.t('error.form.expired') }]);
  });

  app.post<{ Body: FormBody }>('/report', { schema: { hide: true, body: ReportForm }, config: { access: 'public', ...limited }, preHandler: app.csrfProtection }, async (request, reply) => {
    const values = formValues(request.body);
    const { t } = request;
    if (field(request.body.website)) return showForm(request, reply, values, [{ fieldId: 'website', message: t('error.form.honeypot') }]);

    const lines = values.urls.split(/\r?\n/);
    const validation = validateReport(
      {
        urls: lines,
        category: values.category,
        contentType: values.contentType,
        description: values.description,
        contact: { name: values.name, email: values.email, mayContact: values.mayContact },
      },
      categories,
    );
    if (!validation.ok) return showForm(request, reply, values, showErrors(validation.errors, t, (index) => index + 1));

    // Sent twice (a double click, a reload of an old answer), the form files one report and shows its receipt again.
    const meta = { channel: 'web' as const, language: request.locale };
    const submitted = await submitOnce(intake.db, intake.cipher, formSubmission(request, RECEIPT_FORM), (trx) => storeReport({ ...intake, db: trx }, validation.report, meta));
    if (submitted.fresh) intake.onItemsReported?.(submitted.outcome!.itemIds);
    return reply.redirect(afterForm('/report/receipt', submitted.ref), 303);
  });

  // The receipt is shown after a redirect, so reloading it files nothing; only the browser that sent the report sees it.
  app.get('/report/receipt', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) => {
    const submitted = await shownOutcome<SubmittedReport>(request, intake, RECEIPT_FORM);
    const context = pageContext(request);
    if (!submitted) return sendPage(reply, messagePage(context, context.t('receipt.gone.title'), context.t('receipt.gone.body')), 410);
    return sendPage(reply, receiptPage(context, submitted.receipt, submitted.items.map((item) => item.normalizedUrl)));
  });

  app.get('/status', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, statusPage(pageContext(request), { code: '', errors: [] })),
  );

  app.post<{ Body: Static<typeof StatusForm> }>('/status', { schema: { hide: true, body: StatusForm }, config: { access: 'public', ...rateLimitPerMinute(options.rateLimitPerMinute * 3) } }, async (request, reply) => {
    const typed = field(request.body.code).trim().slice(0, 64);
    const code = parseReceipt(typed);
    if (!code) {
      const message = request.t(typed === '' ? 'error.receipt.required' : 'error.receipt.format');
      return sendPage(reply, statusPage(pageContext(request), { code: typed, errors: [{ fieldId: 'code', message }] }), 400);
    }
    const status = await receiptStatus(intake.db, code);
    return sendPage(reply, statusPage(pageContext(request), { code, errors: [], result: status ?? 'unknown' }));
  });
}

function field(value: string | undefined): string {
  return value ?? '';
}

function formValues(body: FormBody): ReportFormValues {
  return {
    urls: field(body.urls),
    category: field(body.category),
    contentType: field(body.contentType),
    description: field(body.description),
    name: field(body.name),
    email: field(body.email),
    mayContact: field(body.mayContact) === 'yes',
  };
}
