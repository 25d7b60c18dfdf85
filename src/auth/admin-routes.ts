import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/log.js';
import { isRole, ROLES } from '../domain/permissions.js';
import { formField } from '../server/form-fields.js';
import { IdParams } from '../server/id-params.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import { html } from '../web/html.js';
import { sendPage } from '../web/i18n-plugin.js';
import { roleName, staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { staffCsrf, type GuardOptions } from './guard.js';
import { staffContext } from './routes.js';
import { createUser, listUsers, resetUser, UserError, type StaffUser } from './users.js';

const config = { access: 'users.manage' as const };
const schema = { hide: true };
const UserForm = Type.Object({ email: formField(), role: formField() });

function usersPage(context: StaffPageContext, view: { users: StaffUser[]; errors: ShownError[]; notice?: string }): string {
  const { t } = context;
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
  const headings = (['staff.users.email', 'staff.users.role', 'staff.users.twoFactor', 'staff.users.reset'] as const).map((key) => html`<th scope="col">${t(key)}</th>`);
  return staffLayout(
    context,
    t('staff.users.title'),
    html`<h1>${t('staff.users.heading')}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.notice ? html`<p class="notice" role="status" data-testid="notice">${view.notice}</p>` : ''}
<table>
  <caption>${t('staff.users.caption')}</caption>
  <thead><tr>${headings}</tr></thead>
  <tbody>${view.users.map(
    (user) => html`<tr><td>${user.email}</td><td>${roleName(t, user.role)}</td><td>${t(user.totpEnabled ? 'staff.users.twoFactor.on' : 'staff.users.twoFactor.off')}</td>
<td><form method="post" action="/staff/users/${user.id}/reset" class="inline">${csrf}<button type="submit">${t('staff.users.resetUser', { email: user.email })}</button></form></td></tr>`,
  )}</tbody>
</table>
<h2>${t('staff.users.add')}</h2>
<form method="post" action="/staff/users" novalidate>
  ${csrf}
  <div class="field"><label for="email">${t('staff.email')}</label><input type="email" id="email" name="email"></div>
  <div class="field"><label for="role">${t('staff.users.role')}</label><select id="role" name="role">${ROLES.map((role) => html`<option value="${role}">${roleName(t, role)}</option>`)}</select></div>
  <button type="submit">${t('staff.users.submit')}</button>
</form>`,
  );
}

/** Admins add accounts and reset lost passwords or phones; each change is audited. */
export async function adminRoutes(app: FastifyInstance, options: GuardOptions): Promise<void> {
  const { db } = options;
  const show = async (request: Parameters<typeof staffContext>[0], reply: Parameters<typeof staffContext>[1], extra: { errors?: ShownError[]; notice?: string } = {}, statusCode = 200) =>
    sendPage(reply, usersPage(staffContext(request, reply), { users: await listUsers(db), errors: extra.errors ?? [], ...(extra.notice ? { notice: extra.notice } : {}) }), statusCode);

  app.get('/staff/users', { config, schema }, (request, reply) => show(request, reply));

  app.post<{ Body: Static<typeof UserForm> }>('/staff/users', { config, schema: { ...schema, body: UserForm }, preHandler: staffCsrf(app) }, async (request, reply) => {
    const form = request.body;
    if (!isRole(form.role ?? '')) return show(request, reply, { errors: [{ fieldId: 'role', message: request.t('staff.users.chooseRole') }] }, 400);
    try {
      const { user, password } = await createUser(db, { email: form.email ?? '', role: form.role as (typeof ROLES)[number] });
      await audit(db, { actor: request.staff!.user.email, action: 'user_created', objectType: 'user', objectId: user.id, detail: { role: user.role } });
      return show(request, reply, { notice: request.t('staff.users.created', { email: user.email, password }) });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return show(request, reply, { errors: [{ fieldId: 'email', message: error.message }] }, 400);
    }
  });

  app.post<{ Params: Static<typeof IdParams> }>('/staff/users/:id/reset', { config, schema: { ...schema, params: IdParams }, preHandler: staffCsrf(app) }, async (request, reply) => {
    const target = (await listUsers(db)).find((user) => user.id === request.params.id);
    if (!target) return show(request, reply, { errors: [{ fieldId: 'email', message: request.t('staff.users.unknown') }] }, 404);
    const password = await resetUser(db, target.id);
    await audit(db, { actor: request.staff!.user.email, action: 'user_reset', objectType: 'user', objectId: target.id });
    return show(request, reply, { notice: request.t('staff.users.resetDone', { email: target.email, password }) });
  });
}
