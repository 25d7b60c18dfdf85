import { html, raw, type Html } from '../web/html.js';
import { errorSummary, describedBy, fieldErrors, type ShownError } from '../web/forms.js';
import type { Exposure, WellbeingSettings } from '../domain/wellbeing.js';
import { roleHas } from '../domain/permissions.js';
import { roleName, staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { exposureSummary, wellbeingForm } from '../wellbeing/pages.js';

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;

/** The e-mail address a staff member signs in with, as the sign-in and setup forms ask for it. */
export function emailField(t: StaffPageContext['t'], email: string, errors: readonly ShownError[]): Html {
  return html`<div class="field">
    <label for="email">${t('staff.email')}</label>
    ${fieldErrors('email', errors)}
    <input type="email" id="email" name="email" autocomplete="username" value="${email}"${describedBy('email', null, errors)}>
  </div>`;
}

export function loginPage(context: StaffPageContext, view: { email: string; next: string; errors: ShownError[] }): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.login.title'),
    html`<h1>${t('staff.login.title')}</h1>
${errorSummary(t('errors.title'), view.errors)}
<form method="post" action="/staff/login" novalidate>
  ${csrf(context)}
  <input type="hidden" name="next" value="${view.next}">
  ${emailField(t, view.email, view.errors)}
  <div class="field">
    <label for="password">${t('staff.login.password')}</label>
    <input type="password" id="password" name="password" autocomplete="current-password">
  </div>
  <button type="submit">${t('staff.login.submit')}</button>
</form>`,
  );
}

export function secondFactorPage(context: StaffPageContext, view: { next: string; errors: ShownError[] }): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.code.title'),
    html`<h1>${t('staff.code.heading')}</h1>
${errorSummary(t('errors.title'), view.errors)}
<form method="post" action="/staff/login/code" novalidate>
  ${csrf(context)}
  <input type="hidden" name="next" value="${view.next}">
  <div class="field">
    <label for="code">${t('staff.code.label')}</label>
    ${fieldErrors('code', view.errors)}
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"${describedBy('code', null, view.errors)}>
  </div>
  <button type="submit">${t('staff.code.submit')}</button>
</form>`,
  );
}

export function enrolmentPage(context: StaffPageContext, view: { qrSvg: string; secret: string; errors: ShownError[] }): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.enrol.title'),
    html`<h1>${t('staff.enrol.title')}</h1>
${errorSummary(t('errors.title'), view.errors)}
<p>${t('staff.enrol.intro')}</p>
<figure class="qr" role="img" aria-label="${t('staff.enrol.qr')}">${raw(view.qrSvg)}</figure>
<p>${t('staff.enrol.manual')} <code class="totp-key" data-testid="totp-secret">${keyGroups(view.secret)}</code></p>
<form method="post" action="/staff/enrol" novalidate>
  ${csrf(context)}
  <div class="field">
    <label for="code">${t('staff.enrol.code')}</label>
    ${fieldErrors('code', view.errors)}
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"${describedBy('code', null, view.errors)}>
  </div>
  <button type="submit">${t('staff.enrol.submit')}</button>
</form>`,
  );
}

/** A key to type by hand, in groups of four, as authenticator apps show them; copying it still gives the key alone. */
function keyGroups(secret: string) {
  return (secret.match(/.{1,4}/g) ?? []).map((group) => html`<span>${group}</span>`);
}

export function recoveryCodesPage(context: StaffPageContext, codes: readonly string[]): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.recovery.title'),
    html`<h1>${t('staff.recovery.heading')}</h1>
<p class="notice">${t('staff.recovery.notice')}</p>
<ul class="codes" data-testid="recovery-codes">${codes.map((code) => html`<li>${code}</li>`)}</ul>
<p><a class="button" href="/staff">${t('staff.recovery.continue')}</a></p>`,
  );
}

export interface AccountView {
  settings: WellbeingSettings;
  exposure: Exposure;
  errors: ShownError[];
  message?: string;
}

export function accountPage(context: StaffPageContext, view: AccountView): string {
  const { t, user } = context;
  return staffLayout(
    context,
    t('staff.account.title'),
    html`<h1>${t('staff.account.heading')}</h1>
${view.message ? html`<p class="notice" role="status" data-testid="notice">${view.message}</p>` : ''}
${user ? html`<p>${t('staff.account.signedIn')} <strong>${user.email}</strong> (${roleName(t, user.role)}).</p>` : ''}
${user && roleHas(user.role, 'item.view') ? html`${exposureSummary(t, view.exposure, view.settings)}${wellbeingForm(context, view.settings, view.errors)}` : ''}
<h2>${t('staff.account.sessions')}</h2>
<form method="post" action="/staff/logout-everywhere">
  ${csrf(context)}
  <button type="submit">${t('staff.account.signOutEverywhere')}</button>
</form>`,
  );
}
