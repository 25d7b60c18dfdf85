import { errorSummary, fieldErrors, describedBy, type ShownError } from '../web/forms.js';
import { html, type Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { IdentityDocument } from './identity.js';
import type { ReportMessage } from './messages.js';
import type { Partner } from './partners.js';

export interface PartnerForm {
  name: string;
  country: string;
  url: string;
  publicKey: string;
  keyId: string;
}

export const EMPTY_PARTNER_FORM: PartnerForm = { name: '', country: '', url: '', publicKey: '', keyId: '' };

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;

function field(context: StaffPageContext, id: keyof PartnerForm, value: string, errors: ShownError[], multiline = false): Html {
  const input = multiline
    ? html`<textarea id="${id}" name="${id}" rows="4"${describedBy(id, `${id}-hint`, errors)}>${value}</textarea>`
    : html`<input type="text" id="${id}" name="${id}" value="${value}"${describedBy(id, `${id}-hint`, errors)}>`;
  return html`<div class="field"><label for="${id}">${context.t(`exchange.partner.${id}`)}</label><p class="hint" id="${id}-hint">${context.t(`exchange.partner.${id}.hint`)}</p>${fieldErrors(id, errors)}${input}</div>`;
}

export interface PartnersView {
  partners: Partner[];
  identity: IdentityDocument;
  form: PartnerForm;
  errors: ShownError[];
  notice?: string | undefined;
}

/** The partner directory for admins: who this hotline exchanges with, its own identity, and adding a partner or a key. */
export function partnersPage(context: StaffPageContext, view: PartnersView): string {
  const { t } = context;
  const headings = (['exchange.partner.name', 'exchange.partner.country', 'exchange.partner.url', 'exchange.partners.keys', 'exchange.partners.state', 'exchange.partners.action'] as const).map(
    (key) => html`<th scope="col">${t(key)}</th>`,
  );
  const row = (partner: Partner) => html`<tr><td>${partner.name}</td><td>${partner.country}</td><td><code>${partner.baseUrl}</code></td><td>${partner.keyIds.map((id) => html`<code>${id}</code> `)}</td>
<td>${t(partner.enabled ? 'exchange.partners.enabled' : 'exchange.partners.disabled')}</td>
<td>${partner.enabled ? html`<form method="post" action="/staff/partners/${partner.id}/disable" class="inline">${csrf(context)}<button type="submit" class="secondary">${t('exchange.partners.disable', { name: partner.name })}</button></form>` : '—'}</td></tr>`;
  return staffLayout(
    context,
    t('exchange.partners.title'),
    html`<h1>${t('exchange.partners.title')}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<table>
  <caption>${t('exchange.partners.caption', { count: view.partners.length })}</caption>
  <thead><tr>${headings}</tr></thead>
  <tbody>${view.partners.map(row)}</tbody>
</table>
<h2>${t('exchange.partners.identity')}</h2>
<p>${t('exchange.partners.identityLead')} <code>${view.identity.baseUrl}/.well-known/openhotline</code></p>
<dl class="facts"><dt>${t('exchange.partners.keys')}</dt><dd>${view.identity.keys.map((key) => html`<code>${key.id}</code>`)}</dd></dl>
<h2>${t('exchange.partners.add')}</h2>
<p>${t('exchange.partners.addLead')}</p>
<form method="post" action="/staff/partners" novalidate>
  ${csrf(context)}
  ${field(context, 'name', view.form.name, view.errors)}
  ${field(context, 'country', view.form.country, view.errors)}
  ${field(context, 'url', view.form.url, view.errors)}
  ${field(context, 'publicKey', view.form.publicKey, view.errors, true)}
  ${field(context, 'keyId', view.form.keyId, view.errors)}
  <button type="submit">${t('exchange.partners.addSubmit')}</button>
</form>`,
  );
}

export interface PartnerReportView {
  partner: string;
  reference: string;
  message: ReportMessage;
}

/** On the item page: what partner hotlines reported, their classification shown as theirs. */
export function partnerReportsSection(t: Translate, reports: readonly PartnerReportView[]): Html | string {
  if (reports.length === 0) return '';
  const classification = (report: PartnerReportView) =>
    report.message.classification
      ? html`<dl class="facts">${Object.entries(report.message.classification).map(([name, value]) => html`<dt><code>${name}</code></dt><dd>${Array.isArray(value) ? value.join(', ') || '—' : String(value)}</dd>`)}</dl>`
      : html`<p>${t('exchange.item.noClassification')}</p>`;
  return html`<section aria-labelledby="partner-reports" data-testid="partner-reports"><h2 id="partner-reports">${t('exchange.item.heading')}</h2>
${reports.map(
  (report) => html`<h3>${t('exchange.item.reportedBy', { partner: report.partner, reference: report.reference })}</h3>
<p>${t('exchange.item.classification', { partner: report.partner })}</p>
${classification(report)}
<p>${t('exchange.item.hashes', { count: report.message.hashes.length })}</p>`,
)}</section>`;
}
