import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/log.js';
import { isRole, ROLES } from '../domain/permissions.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import { html } from '../web/html.js';
import { sendPage } from '../web/i18n-plugin.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { staffCsrf, type GuardOptions } from './guard.js';
import { staffContext } from './routes.js';
import { createUser, listUsers, resetUser, UserError, type StaffUser } from './users.js';

type Form = Record<string, string | undefined>;
const config = { access: 'users.manage' as const };
const schema = { hide: true };

function usersPage(context: StaffPageContext, view: { users: StaffUser[]; errors: ShownError[]; notice?: string }): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
  return staffLayout(
    context,
    'Users',
    html`<h1>Staff accounts</h1>
${errorSummary('There is a problem', view.errors)}
${view.notice ? html`<p class="notice" role="status" data-testid="notice">${view.notice}</p>` : ''}
<table>
  <caption>Accounts</caption>
  <thead><tr><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Two-factor</th><th scope="col">Reset</th></tr></thead>
  <tbody>${view.users.map(
    (user) => html`<tr><td>${user.email}</td><td>${user.role}</td><td>${user.totpEnabled ? 'on' : 'not set up'}</td>
<td><form method="post" action="/staff/users/${user.id}/reset" class="inline">${csrf}<button type="submit">Reset ${user.email}</button></form></td></tr>`,
  )}</tbody>
</table>
<h2>Add an account</h2>
<form method="post" action="/staff/users" novalidate>
  ${csrf}
  <div class="field"><label for="email">E-mail address</label><input type="email" id="email" name="email"></div>
  <div class="field"><label for="role">Role</label><select id="role" name="role">${ROLES.map((role) => html`<option value="${role}">${role}</option>`)}</select></div>
  <button type="submit">Add account</button>
</form>`,
  );
}

/** Admins add accounts and reset lost passwords or phones; each change is audited. */
export async function adminRoutes(app: FastifyInstance, options: GuardOptions): Promise<void> {
  const { db } = options;
  const show = async (request: Parameters<typeof staffContext>[0], reply: Parameters<typeof staffContext>[1], extra: { errors?: ShownError[]; notice?: string } = {}, statusCode = 200) =>
    sendPage(reply, usersPage(staffContext(request, reply), { users: await listUsers(db), errors: extra.errors ?? [], ...(extra.notice ? { notice: extra.notice } : {}) }), statusCode);

  app.get('/staff/users', { config, schema }, (request, reply) => show(request, reply));

  app.post('/staff/users', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    if (!isRole(form.role ?? '')) return show(request, reply, { errors: [{ fieldId: 'role', message: 'Choose a role.' }] }, 400);
    try {
      const { user, password } = await createUser(db, { email: form.email ?? '', role: form.role as (typeof ROLES)[number] });
      await audit(db, { actor: request.staff!.user.email, action: 'user_created', objectType: 'user', objectId: user.id, detail: { role: user.role } });
      return show(request, reply, { notice: `Created ${user.email}. Their password, to hand over safely: ${password}` });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return show(request, reply, { errors: [{ fieldId: 'email', message: error.message }] }, 400);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/users/:id/reset', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const target = (await listUsers(db)).find((user) => user.id === request.params.id);
    if (!target) return show(request, reply, { errors: [{ fieldId: 'email', message: 'No such account.' }] }, 404);
    const password = await resetUser(db, target.id);
    await audit(db, { actor: request.staff!.user.email, action: 'user_reset', objectType: 'user', objectId: target.id });
    return show(request, reply, { notice: `Reset ${target.email}: new password ${password}; two-factor sign-in must be set up again.` });
  });
}
