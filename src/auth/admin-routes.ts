import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../audit/log.js';
import { IdParams } from '../server/id-params.js';
import { isRole, type Role } from '../domain/permissions.js';
import { afterForm, formSubmission, shownOutcome } from '../forms/once.js';
import { submitOnce } from '../forms/submissions.js';
import type { Cipher } from '../privacy/cipher.js';
import { describedBy, errorSummary, fieldErrors, type ShownError } from '../web/forms.js';
import { html } from '../web/html.js';
import { sendPage } from '../web/i18n-plugin.js';
import { roleName, staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { staffCsrf, type GuardOptions } from './guard.js';
import { errorPage, staffContext } from './staff-context.js';
import { createUser, listUsers, resetUser, UserError, type StaffUser } from './users.js';

type Form = Record<string, string | undefined>;
const config = { access: 'users.manage' as const };
const schema = { hide: true };
/** The account's id, parsed (either case) where the path is. */
const userSchema = { ...schema, params: IdParams };
const USERS_FORM = 'users';

/** The roles in the menu for a new account, least privilege first, and so chosen unless the admin picks another. */
const ROLE_MENU: readonly Role[] = ['auditor', 'analyst', 'supervisor', 'admin'];

/** What a change on the users page did, shown once after the redirect: the new password is shown nowhere else. */
interface AccountChange {
  change: 'created' | 'reset';
  email: string;
  password: string;
}

interface UsersView {
  users: StaffUser[];
  errors: ShownError[];
  typed: { email: string; role: string };
  done?: AccountChange | undefined;
}

const csrfField = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;

function usersPage(context: StaffPageContext, view: UsersView): string {
  const { t } = context;
  const headings = (['staff.users.email', 'staff.users.role', 'staff.users.twoFactor', 'staff.users.reset'] as const).map((key) => t(key));
  const notice = view.done && t(view.done.change === 'created' ? 'staff.users.created' : 'staff.users.resetDone', { email: view.done.email, password: view.done.password });
  return staffLayout(
    context,
    t('staff.users.title'),
    html`<h1>${t('staff.users.heading')}</h1>
${errorSummary(t('errors.title'), view.errors)}
${notice ? html`<p class="notice" role="status" data-testid="notice">${notice}</p>` : ''}
<table class="stacking">
  <caption>${t('staff.users.caption')}</caption>
  <thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
  <tbody>${view.users.map(
    (user) => html`<tr><td data-label="${headings[0]!}">${user.email}</td><td data-label="${headings[1]!}">${roleName(t, user.role)}</td><td data-label="${headings[2]!}">${t(user.totpEnabled ? 'staff.users.twoFactor.on' : 'staff.users.twoFactor.off')}</td>
<td data-label="${headings[3]!}"><a class="button secondary small" href="/staff/users/${user.id}/reset">${t('staff.users.resetUser', { email: user.email })}</a></td></tr>`,
  )}</tbody>
</table>
<h2>${t('staff.users.add')}</h2>
<form method="post" action="/staff/users" novalidate>
  ${csrfField(context)}
  <div class="field"><label for="email">${t('staff.email')}</label>${fieldErrors('email', view.errors)}<input type="email" id="email" name="email" autocomplete="off" value="${view.typed.email}"${describedBy('email', null, view.errors)}></div>
  <div class="field"><label for="role">${t('staff.users.role')}</label><p class="hint" id="role-hint">${t('staff.users.roleHint')}</p>${fieldErrors('role', view.errors)}
  <select id="role" name="role"${describedBy('role', 'role-hint', view.errors)}>${ROLE_MENU.map(
    (role) => html`<option value="${role}"${role === (isRole(view.typed.role) ? view.typed.role : ROLE_MENU[0]) ? html` selected` : ''}>${roleName(t, role)}</option>`,
  )}</select></div>
  <button type="submit">${t('staff.users.submit')}</button>
</form>`,
  );
}

/** Resetting is destructive, so it asks first, saying what will be lost. */
function resetConfirmationPage(context: StaffPageContext, user: StaffUser): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.users.confirmTitle', { email: user.email }),
    html`<h1>${t('staff.users.confirmTitle', { email: user.email })}</h1>
<div class="warning" role="note"><p>${t('staff.users.confirmBody')}</p></div>
<form method="post" action="/staff/users/${user.id}/reset">
  ${csrfField(context)}
  <p class="actions"><button type="submit" class="danger">${t('staff.users.confirmReset', { email: user.email })}</button>
  <a href="/staff/users">${t('staff.users.cancel')}</a></p>
</form>`,
  );
}

function accountProblem(request: FastifyRequest, error: UserError): ShownError {
  if (error.code === 'email_taken') return { fieldId: 'email', message: request.t('staff.users.emailTaken') };
  return { fieldId: 'email', message: request.t('staff.users.emailInvalid') };
}

/** Admins add accounts and reset lost passwords or phones; each change is audited, and sent twice it counts once. */
export async function adminRoutes(app: FastifyInstance, options: GuardOptions & { cipher: Cipher }): Promise<void> {
  const { db } = options;
  const show = async (request: FastifyRequest, reply: FastifyReply, view: Partial<UsersView> = {}, statusCode = 200) =>
    sendPage(reply, usersPage(staffContext(request, reply), { users: await listUsers(db), errors: [], typed: { email: '', role: '' }, ...view }), statusCode);
  const userOf = async (id: string) => (await listUsers(db)).find((user) => user.id === id);
  const noSuchUser = (request: FastifyRequest, reply: FastifyReply) => errorPage(request, reply, request.t('staff.notFound'), request.t('staff.users.unknown'), 404);

  app.get('/staff/users', { config, schema }, async (request, reply) => show(request, reply, { done: await shownOutcome<AccountChange>(request, options, USERS_FORM) }));

  app.post('/staff/users', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const typed = { email: form.email ?? '', role: form.role ?? '' };
    const role = form.role ?? '';
    if (!isRole(role)) return show(request, reply, { typed, errors: [{ fieldId: 'role', message: request.t('staff.users.chooseRole') }] }, 400);
    try {
      const { ref } = await submitOnce(db, options.cipher, formSubmission(request, USERS_FORM), async (trx): Promise<AccountChange> => {
        const { user, password } = await createUser(trx, { email: typed.email, role });
        await appendAudit(trx, { actor: request.staff!.user.email, action: 'user_created', objectType: 'user', objectId: user.id, detail: { role: user.role } });
        return { change: 'created', email: user.email, password };
      });
      return reply.redirect(afterForm('/staff/users', ref), 303);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return show(request, reply, { typed, errors: [accountProblem(request, error)] }, 400);
    }
  });

  app.get<{ Params: { id: string } }>('/staff/users/:id/reset', { config, schema: userSchema }, async (request, reply) => {
    const target = await userOf(request.params.id);
    if (!target) return noSuchUser(request, reply);
    return sendPage(reply, resetConfirmationPage(staffContext(request, reply), target));
  });

  app.post<{ Params: { id: string } }>('/staff/users/:id/reset', { config, schema: userSchema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const target = await userOf(request.params.id);
    if (!target) return noSuchUser(request, reply);
    const { ref } = await submitOnce(db, options.cipher, formSubmission(request, USERS_FORM), async (trx): Promise<AccountChange> => {
      const password = await resetUser(trx, target.id);
      await appendAudit(trx, { actor: request.staff!.user.email, action: 'user_reset', objectType: 'user', objectId: target.id });
      return { change: 'reset', email: target.email, password };
    });
    return reply.redirect(afterForm('/staff/users', ref), 303);
  });
}
