import { LOCALES } from '../config/config.js';
import { formatDuration } from '../config/duration.js';
import { PROVIDER_KINDS, type DirectoryProvider } from '../domain/providers.js';
import { errorSummary, fieldErrors, describedBy, type ShownError } from '../web/forms.js';
import { html, type Html } from '../web/html.js';
import { LANGUAGE_NAMES } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';

/** The form's fields as text, as typed or as stored. */
export interface ProviderForm {
  name: string;
  kind: string;
  country: string;
  cidrs: string;
  asns: string;
  domains: string;
  abuseEmails: string;
  language: string;
  deadline: string;
  dsa: boolean;
}

export const EMPTY_PROVIDER_FORM: ProviderForm = { name: '', kind: 'hosting', country: '', cidrs: '', asns: '', domains: '', abuseEmails: '', language: '', deadline: '', dsa: false };

export function formOf(provider: DirectoryProvider): ProviderForm {
  return {
    name: provider.name,
    kind: provider.kind,
    country: provider.country ?? '',
    cidrs: provider.cidrs.join('\n'),
    asns: provider.asns.join('\n'),
    domains: provider.domains.join('\n'),
    abuseEmails: provider.abuseEmails.join('\n'),
    language: provider.language ?? '',
    deadline: provider.deadlineMs === null ? '' : formatDuration(provider.deadlineMs),
    dsa: provider.dsa,
  };
}

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;

type TextField = 'name' | 'country' | 'cidrs' | 'asns' | 'domains' | 'abuseEmails' | 'deadline';

function text(context: StaffPageContext, id: TextField, value: string, errors: ShownError[], multiline = false): Html {
  const label = context.t(`takedown.provider.${id}`);
  const hint = context.t(`takedown.provider.${id}.hint`);
  const input = multiline
    ? html`<textarea id="${id}" name="${id}" rows="3"${describedBy(id, `${id}-hint`, errors)}>${value}</textarea>`
    : html`<input type="text" id="${id}" name="${id}" value="${value}"${describedBy(id, `${id}-hint`, errors)}>`;
  return html`<div class="field"><label for="${id}">${label}</label><p class="hint" id="${id}-hint">${hint}</p>${fieldErrors(id, errors)}${input}</div>`;
}

function providerFields(context: StaffPageContext, form: ProviderForm, errors: ShownError[]): Html {
  const { t } = context;
  return html`${csrf(context)}
  ${text(context, 'name', form.name, errors)}
  <div class="field"><label for="kind">${t('takedown.provider.kind')}</label>${fieldErrors('kind', errors)}<select id="kind" name="kind">${PROVIDER_KINDS.map(
    (kind) => html`<option value="${kind}"${kind === form.kind ? html` selected` : ''}>${t(`takedown.kind.${kind}`)}</option>`,
  )}</select></div>
  ${text(context, 'country', form.country, errors)}
  ${text(context, 'cidrs', form.cidrs, errors, true)}
  ${text(context, 'asns', form.asns, errors, true)}
  ${text(context, 'domains', form.domains, errors, true)}
  ${text(context, 'abuseEmails', form.abuseEmails, errors, true)}
  <div class="field"><label for="language">${t('takedown.provider.language')}</label>${fieldErrors('language', errors)}<select id="language" name="language">
    <option value="">${t('takedown.provider.language.default')}</option>${LOCALES.map((locale) => html`<option value="${locale}" lang="${locale}"${locale === form.language ? html` selected` : ''}>${LANGUAGE_NAMES[locale]}</option>`)}
  </select></div>
  ${text(context, 'deadline', form.deadline, errors)}
  <label class="checkbox" for="dsa"><input type="checkbox" id="dsa" name="dsa" value="yes"${form.dsa ? html` checked` : ''}> ${t('takedown.provider.dsa')}</label>`;
}

export function providersPage(context: StaffPageContext, view: { providers: DirectoryProvider[]; form: ProviderForm; errors: ShownError[]; notice?: string }): string {
  const { t } = context;
  const headings = (['takedown.provider.name', 'takedown.provider.kind', 'takedown.provider.country', 'takedown.provider.networks', 'takedown.provider.abuseEmails', 'takedown.provider.dsa'] as const).map(
    (key) => html`<th scope="col">${t(key)}</th>`,
  );
  return staffLayout(
    context,
    t('takedown.providers.title'),
    html`<h1>${t('takedown.providers.title')}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<table>
  <caption>${t('takedown.providers.caption', { count: view.providers.length })}</caption>
  <thead><tr>${headings}</tr></thead>
  <tbody>${view.providers.map(
    (provider) => html`<tr><td><a href="/staff/providers/${provider.id}">${provider.name}</a></td><td>${t(`takedown.kind.${provider.kind}`)}</td><td>${provider.country ?? '—'}</td>
<td>${[...provider.cidrs, ...provider.asns.map((asn) => `AS${asn}`), ...provider.domains].join(' ') || '—'}</td><td>${provider.abuseEmails.join(' ') || '—'}</td><td>${t(provider.dsa ? 'staff.yes' : 'staff.no')}</td></tr>`,
  )}</tbody>
</table>
<h2>${t('takedown.providers.add')}</h2>
<form method="post" action="/staff/providers" novalidate>
  ${providerFields(context, view.form, view.errors)}
  <button type="submit">${t('takedown.providers.addSubmit')}</button>
</form>`,
  );
}

export function providerPage(context: StaffPageContext, view: { id: number; form: ProviderForm; errors: ShownError[]; notice?: string }): string {
  const { t } = context;
  return staffLayout(
    context,
    t('takedown.providers.edit', { name: view.form.name }),
    html`<h1>${t('takedown.providers.edit', { name: view.form.name })}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<form method="post" action="/staff/providers/${view.id}" novalidate>
  ${providerFields(context, view.form, view.errors)}
  <button type="submit">${t('takedown.providers.save')}</button>
</form>
<p><a href="/staff/providers">${t('takedown.providers.back')}</a></p>`,
  );
}
