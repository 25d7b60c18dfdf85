import { Type, type Static } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Category } from '../domain/categories.js';
import { validateReport } from '../domain/report-input.js';
import { formField } from '../server/form-fields.js';
import { isCsrfError } from '../server/security.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { homePage } from './pages/home.js';
import { EMPTY_REPORT_FORM, receiptPage, reportFormPage, showErrors, type ReportFormValues } from './pages/report-form.js';
import { statusPage } from './pages/status.js';
import { receiptStatus, submitReport, type IntakeDeps } from './reports.js';
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

  // A form whose CSRF token has expired comes back with its answers, not as an error page.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!isCsrfError(error) || request.routeOptions.url !== '/report') throw error;
    const values = formValues((request.body ?? {}) as FormBody);
    return showForm(request, reply, values, [{ fieldId: 'urls', message: request.t('error.form.expired') }]);
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

    const submitted = await submitReport(intake, validation.report, { channel: 'web', language: request.locale });
    return sendPage(reply, receiptPage(pageContext(request), submitted.receipt, submitted.items.map((item) => item.normalizedUrl)));
  });

  app.get('/status', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) =>
    sendPage(reply, statusPage(pageContext(request), { code: '', errors: [] })),
  );

  app.post<{ Body: Static<typeof StatusForm> }>('/status', { schema: { hide: true, body: StatusForm }, config: { access: 'public', ...rateLimitPerMinute(options.rateLimitPerMinute * 3) } }, async (request, reply) => {
    const code = field(request.body.code).trim().slice(0, 64);
    if (code === '') {
      return sendPage(reply, statusPage(pageContext(request), { code, errors: [{ fieldId: 'code', message: request.t('error.receipt.required') }] }), 400);
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
