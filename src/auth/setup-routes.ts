import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { rateLimitPerMinute } from '../intake/rate-limit.js';
import { describedBy, errorSummary, fieldErrors, type ShownError } from '../web/forms.js';
import { html } from '../web/html.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { messagePage } from '../web/layout.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { emailField } from './pages.js';
import { staffContext } from './routes.js';
import { createFirstAdmin, setupTokenWorks } from './setup.js';
import { UserError } from './users.js';

type Params = { token: string };
type Form = Record<string, string | undefined>;

function setupPage(context: StaffPageContext, view: { token: string; email: string; errors: ShownError[] }): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.setup.title'),
    html`<h1>${t('staff.setup.title')}</h1>
${errorSummary(t('errors.title'), view.errors)}
<p>${t('staff.setup.intro')}</p>
<form method="post" action="/setup/${view.token}" novalidate>
  <input type="hidden" name="_csrf" value="${context.csrfToken}">
  ${emailField(t, view.email, view.errors)}
  <div class="field">
    <label for="password">${t('staff.login.password')}</label>
    ${fieldErrors('password', view.errors)}
    <input type="password" id="password" name="password" autocomplete="new-password"${describedBy('password', null, view.errors)}>
  </div>
  <div class="field">
    <label for="confirm">${t('staff.setup.confirm')}</label>
    ${fieldErrors('confirm', view.errors)}
    <input type="password" id="confirm" name="confirm" autocomplete="new-password"${describedBy('confirm', null, view.errors)}>
  </div>
  <button type="submit">${t('staff.setup.submit')}</button>
</form>`,
  );
}

/** /setup/{token}: the one-time page that creates the first admin while the server runs. */
export async function setupRoutes(app: FastifyInstance, options: { db: Kysely<Database>; attemptsPerMinute: number }): Promise<void> {
  const { db } = options;
  const config = { access: 'public' as const, ...rateLimitPerMinute(options.attemptsPerMinute) };
  const schema = { hide: true };
  const spent = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, messagePage(pageContext(request), request.t('staff.setup.gone.title'), request.t('staff.setup.gone.body')), 404);

  app.get<{ Params: Params }>('/setup/:token', { config, schema }, async (request, reply) => {
    if (!(await setupTokenWorks(db, request.params.token))) return spent(request, reply);
    return sendPage(reply, setupPage(staffContext(request, reply), { token: request.params.token, email: '', errors: [] }));
  });

  app.post<{ Params: Params }>('/setup/:token', { config, schema, preHandler: app.csrfProtection }, async (request, reply) => {
    const { token } = request.params;
    const form = (request.body ?? {}) as Form;
    const email = (form.email ?? '').trim();
    const password = form.password ?? '';
    const refuse = (error: ShownError) => sendPage(reply, setupPage(staffContext(request, reply), { token, email, errors: [error] }), 400);
    if (!(await setupTokenWorks(db, token))) return spent(request, reply);
    if (password !== (form.confirm ?? '')) return refuse({ fieldId: 'confirm', message: request.t('staff.setup.mismatch') });
    try {
      const admin = await createFirstAdmin(db, token, { email, password });
      if (!admin) return spent(request, reply);
      return reply.redirect('/staff/login', 303);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return refuse({ fieldId: /password/.test(error.message) ? 'password' : 'email', message: error.message });
    }
  });
}
