import { html, raw } from '../web/html.js';
import { errorSummary, describedBy, fieldErrors, type ShownError } from '../web/forms.js';
import type { Exposure, WellbeingSettings } from '../domain/wellbeing.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { exposureSummary, wellbeingForm } from '../wellbeing/pages.js';

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;

export function loginPage(context: StaffPageContext, view: { email: string; next: string; errors: ShownError[] }): string {
  return staffLayout(
    context,
    'Sign in',
    html`<h1>Sign in</h1>
${errorSummary('There is a problem', view.errors)}
<form method="post" action="/staff/login" novalidate>
  ${csrf(context)}
  <input type="hidden" name="next" value="${view.next}">
  <div class="field">
    <label for="email">E-mail address</label>
    ${fieldErrors('email', view.errors)}
    <input type="email" id="email" name="email" autocomplete="username" value="${view.email}"${describedBy('email', null, view.errors)}>
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password">
  </div>
  <button type="submit">Sign in</button>
</form>`,
  );
}

export function secondFactorPage(context: StaffPageContext, view: { next: string; errors: ShownError[] }): string {
  return staffLayout(
    context,
    'Second factor',
    html`<h1>Enter your authenticator code</h1>
${errorSummary('There is a problem', view.errors)}
<form method="post" action="/staff/login/code" novalidate>
  ${csrf(context)}
  <input type="hidden" name="next" value="${view.next}">
  <div class="field">
    <label for="code">Six-digit code, or a recovery code</label>
    ${fieldErrors('code', view.errors)}
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"${describedBy('code', null, view.errors)}>
  </div>
  <button type="submit">Continue</button>
</form>`,
  );
}

export function enrolmentPage(context: StaffPageContext, view: { qrSvg: string; secret: string; errors: ShownError[] }): string {
  return staffLayout(
    context,
    'Set up two-factor sign-in',
    html`<h1>Set up two-factor sign-in</h1>
${errorSummary('There is a problem', view.errors)}
<p>Every staff account uses a second factor. Scan this code with an authenticator app, then enter the six-digit code it shows.</p>
<figure class="qr" role="img" aria-label="QR code of your authenticator secret">${raw(view.qrSvg)}</figure>
<p>Cannot scan? Enter this key by hand: <code class="url" data-testid="totp-secret">${view.secret}</code></p>
<form method="post" action="/staff/enrol" novalidate>
  ${csrf(context)}
  <div class="field">
    <label for="code">Six-digit code</label>
    ${fieldErrors('code', view.errors)}
    <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code"${describedBy('code', null, view.errors)}>
  </div>
  <button type="submit">Turn on two-factor sign-in</button>
</form>`,
  );
}

export function recoveryCodesPage(context: StaffPageContext, codes: readonly string[]): string {
  return staffLayout(
    context,
    'Recovery codes',
    html`<h1>Your recovery codes</h1>
<p class="notice">Store these codes somewhere safe. Each can be used once instead of an authenticator code. They are shown only now.</p>
<ul class="codes" data-testid="recovery-codes">${codes.map((code) => html`<li>${code}</li>`)}</ul>
<p><a class="button" href="/staff">Continue to the workbench</a></p>`,
  );
}

export interface AccountView {
  settings: WellbeingSettings;
  exposure: Exposure;
  errors: ShownError[];
  message?: string;
}

export function accountPage(context: StaffPageContext, view: AccountView): string {
  return staffLayout(
    context,
    'Account',
    html`<h1>Your account</h1>
${view.message ? html`<p class="notice" role="status">${view.message}</p>` : ''}
<p>Signed in as <strong>${context.user?.email}</strong> (${context.user?.role}).</p>
${exposureSummary(view.exposure, view.settings)}
${wellbeingForm(context, view.settings, view.errors)}
<h2>Sessions</h2>
<form method="post" action="/staff/logout-everywhere">
  ${csrf(context)}
  <button type="submit">Sign out everywhere</button>
</form>`,
  );
}
