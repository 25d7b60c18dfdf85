import type { RoutingReason } from '../domain/routing.js';
import type { ItemNotice, NoticeRow } from '../notices/store.js';
import type { Referral } from '../police/referrals.js';
import { when } from '../web/format.js';
import { fill, html, type Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { CurrentRouting } from './route-item.js';
import type { OpenRouting, ProviderResponse } from './lists.js';
import type { EscalationAlert } from '../escalation/lists.js';
import { disputeText } from '../notices/disputes.js';

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;

/** A reason in the reader's language, with its facts. */
export function reasonText(t: Translate, reason: RoutingReason): string {
  const { code, ...values } = reason;
  return t(`takedown.reason.${code}`, Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value ?? '—')])));
}

function noticesTable(t: Translate, notices: readonly ItemNotice[]): Html {
  const headings = (['takedown.notice.reference', 'takedown.notice.kind', 'takedown.notice.recipient', 'takedown.notice.state', 'takedown.notice.when', 'takedown.notice.problem'] as const).map(
    (key) => html`<th scope="col">${t(key)}</th>`,
  );
  return html`<table data-testid="notices">
  <caption>${t('takedown.notices.caption', { count: notices.length })}</caption>
  <thead><tr>${headings}</tr></thead>
  <tbody>${notices.map(
    (notice) => html`<tr><td><code>${notice.reference}</code></td><td>${t(`takedown.noticeKind.${notice.kind}`)}</td><td>${notice.recipient}</td>
<td>${t(`takedown.noticeState.${notice.state}`)}</td><td>${when(notice.sentAt ?? notice.holdUntil ?? notice.notBefore)}</td>
<td>${notice.lastError ?? (notice.response ? t(`takedown.response.${notice.response}`, { reason: notice.responseReason ?? '' }) : '—')}</td></tr>`,
  )}</tbody>
</table>`;
}

export interface RoutingSectionView {
  itemId: string;
  routing: CurrentRouting | null;
  notices: readonly ItemNotice[];
  referral: Referral | undefined;
  smtpConfigured: boolean;
  mayOverride: boolean;
}

/** The item page's account of where the item went and why, its notices, and a supervisor's override. */
export function routingSection(context: StaffPageContext, view: RoutingSectionView): Html | string {
  const { t } = context;
  if (!view.routing && view.notices.length === 0) return '';
  const waiting = !view.smtpConfigured && view.notices.some((notice) => notice.state === 'queued');
  return html`<h2>${t('takedown.routing.heading')}</h2>
${view.routing ? html`<p data-testid="routing-decision"><strong>${t(`takedown.decision.${view.routing.decision}`)}</strong>${view.routing.decidedBy ? ` — ${t('staff.timeline.by', { actor: view.routing.decidedBy })}` : ''}</p>
<ul>${view.routing.reasons.map((reason) => html`<li>${reasonText(t, reason)}</li>`)}</ul>
${view.routing.originUnknown ? html`<p class="notice" role="note">${t('takedown.routing.originUnknown')}</p>` : ''}` : ''}
${view.referral ? html`<p>${fill(t(view.referral.holdUntil && !view.referral.releasedAt ? 'takedown.police.heldUntil' : 'takedown.police.referred'), { time: when(view.referral.holdUntil ?? view.referral.referredAt) })}</p>` : ''}
${waiting ? html`<p class="notice" role="status">${t('takedown.notices.noSmtp')}</p>` : ''}
${view.notices.length > 0 ? noticesTable(t, view.notices) : ''}
${view.mayOverride && view.routing ? overrideForm(context, view.itemId) : ''}`;
}

function overrideForm(context: StaffPageContext, itemId: string): Html {
  const { t } = context;
  return html`<h3>${t('takedown.override.heading')}</h3>
<form method="post" action="/staff/items/${itemId}/routing" novalidate>
  ${csrf(context)}
  <div class="field"><label for="decision">${t('takedown.override.decision')}</label><select id="decision" name="decision">
    ${(['notice', 'forward', 'police'] as const).map((decision) => html`<option value="${decision}">${t(`takedown.decision.${decision}`)}</option>`)}
  </select></div>
  <div class="field"><label for="recipient">${t('takedown.override.recipient')}</label><input type="email" id="recipient" name="recipient"></div>
  <div class="field"><label for="reason">${t('takedown.override.reason')}</label><textarea id="reason" name="reason" rows="2" required></textarea></div>
  <button type="submit">${t('takedown.override.submit')}</button>
</form>`;
}

export interface RoutingListsView {
  needsRecipient: OpenRouting[];
  forwards: OpenRouting[];
  failed: NoticeRow[];
  responses: ProviderResponse[];
  escalations: EscalationAlert[];
  waiting: number;
  smtpConfigured: boolean;
  notice?: string;
}

function routingTable(context: StaffPageContext, caption: string, rows: OpenRouting[], entry: boolean): Html {
  const { t } = context;
  return html`<table>
  <caption>${caption}</caption>
  <thead><tr><th scope="col">${t('staff.item.address')}</th><th scope="col">${t('staff.item.hostedIn')}</th><th scope="col">${t('takedown.routing.why')}</th>${entry ? html`<th scope="col">${t('takedown.override.recipient')}</th>` : ''}</tr></thead>
  <tbody>${rows.map(
    (row) => html`<tr><td><a href="/staff/items/${row.itemId}"><code class="url">${row.url}</code></a></td><td>${row.hostingCountry ?? '—'}</td><td>${row.reasons.map((reason) => reasonText(t, reason)).join('; ')}</td>
${entry ? html`<td><form method="post" action="/staff/items/${row.itemId}/routing" class="inline">${csrf(context)}<input type="hidden" name="decision" value="notice">
<label for="recipient-${row.itemId}">${t('takedown.override.recipient')}</label> <input type="email" id="recipient-${row.itemId}" name="recipient" required>
<label for="reason-${row.itemId}">${t('takedown.override.reason')}</label> <input type="text" id="reason-${row.itemId}" name="reason" required>
<button type="submit">${t('takedown.override.send')}</button></form></td>` : ''}</tr>`,
  )}</tbody>
</table>`;
}

/** Notices escalated while their content stays online, until a supervisor marks them dealt with. */
function escalationsTable(context: StaffPageContext, alerts: EscalationAlert[]): Html {
  const { t } = context;
  return html`<h2>${t('takedown.lists.escalations')}</h2>
<table data-testid="escalations">
  <caption>${t('takedown.lists.escalationsCaption', { count: alerts.length })}</caption>
  <thead><tr><th scope="col">${t('takedown.notice.reference')}</th><th scope="col">${t('takedown.lists.step')}</th><th scope="col">${t('takedown.lists.outcome')}</th><th scope="col">${t('takedown.notice.when')}</th><th scope="col">${t('takedown.lists.dealtWith')}</th></tr></thead>
  <tbody>${alerts.map(
    (alert) => html`<tr><td>${alert.itemId ? html`<a href="/staff/items/${alert.itemId}"><code>${alert.reference}</code></a>` : html`<code>${alert.reference}</code>`}</td><td>${t(`takedown.escalation.${alert.target}`)}</td>
<td>${alert.outcome === 'queued' ? t('takedown.escalation.queued', { recipients: alert.recipients.join(', ') }) : t('takedown.escalation.no_contact', { detail: alert.detail ?? '—' })}</td><td>${when(alert.takenAt)}</td>
<td><form method="post" action="/staff/escalations/${alert.id}/seen" class="inline">${csrf(context)}<button type="submit">${t('takedown.lists.markDealtWith', { reference: alert.reference })}</button></form></td></tr>`,
  )}</tbody>
</table>`;
}

/** What supervisors watch: items needing a recipient, items to forward, failed notices, escalations, what providers answered. */
export function routingListsPage(context: StaffPageContext, view: RoutingListsView): string {
  const { t } = context;
  return staffLayout(
    context,
    t('takedown.lists.title'),
    html`<h1>${t('takedown.lists.title')}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${!view.smtpConfigured ? html`<p class="notice" role="status" data-testid="no-smtp">${t('takedown.lists.noSmtp', { count: view.waiting })}</p>` : ''}
<h2>${t('takedown.lists.needsRecipient')}</h2>
${routingTable(context, t('takedown.lists.needsRecipientCaption', { count: view.needsRecipient.length }), view.needsRecipient, true)}
<h2>${t('takedown.lists.forwards')}</h2>
${routingTable(context, t('takedown.lists.forwardsCaption', { count: view.forwards.length }), view.forwards, false)}
<h2>${t('takedown.lists.failed')}</h2>
<table data-testid="failed-notices">
  <caption>${t('takedown.lists.failedCaption', { count: view.failed.length })}</caption>
  <thead><tr><th scope="col">${t('takedown.notice.reference')}</th><th scope="col">${t('takedown.notice.recipient')}</th><th scope="col">${t('takedown.notice.problem')}</th><th scope="col">${t('takedown.lists.resend')}</th></tr></thead>
  <tbody>${view.failed.map(
    (notice) => html`<tr><td><code>${notice.reference}</code></td><td>${notice.recipient}</td><td>${notice.lastError ?? '—'}</td>
<td><form method="post" action="/staff/notices/${notice.id}/resend" class="inline">${csrf(context)}<button type="submit">${t('takedown.lists.resendNotice', { reference: notice.reference })}</button></form></td></tr>`,
  )}</tbody>
</table>
${escalationsTable(context, view.escalations)}
<h2>${t('takedown.lists.responses')}</h2>
<table>
  <caption>${t('takedown.lists.responsesCaption', { count: view.responses.length })}</caption>
  <thead><tr><th scope="col">${t('staff.item.address')}</th><th scope="col">${t('takedown.notice.reference')}</th><th scope="col">${t('takedown.lists.answer')}</th><th scope="col">${t('takedown.notice.when')}</th></tr></thead>
  <tbody>${view.responses.map(
    (row) => html`<tr><td><a href="/staff/items/${row.itemId}"><code class="url">${row.url}</code></a></td><td><code>${row.reference}</code></td><td>${t(`takedown.response.${row.response}`, { reason: disputeText(t, row.dispute, row.reason) })}</td><td>${when(row.respondedAt)}</td></tr>`,
  )}</tbody>
</table>`,
  );
}
