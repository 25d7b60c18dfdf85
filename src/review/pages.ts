import type { Category } from '../domain/categories.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import { categoryLabel } from '../web/category-label.js';
import { AGE_GROUPS, ASSESSED_CONTENT_TYPES, GENDERS, LEGAL_BASES, SITE_TYPES } from '../domain/assessment.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import { humanize, when } from '../web/format.js';
import { fill, html, type Html } from '../web/html.js';
import { isMessageKey, type Translate } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { TriageFindings } from '../triage/findings.js';
import type { ItemView } from './item-view.js';
import { hostingSection, mediaSection } from './media-pages.js';
import { AWAITING_ASSESSMENT, type QueueEntry, type QueueFilters } from './queue.js';
import { ROUTING_DECISIONS } from '../domain/routing.js';

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
const labelOf = (categories: readonly Category[], id: string, context: StaffPageContext) =>
  categoryLabel(categories.find((category) => category.id === id) ?? { id, severity: 9 }, context);

/** A status in the reader's language; the status itself stays an identifier. */
export const statusLabel = (t: Translate, status: ItemStatus): string => t(`staff.status.${status}`);

/** A timeline event in the reader's language; an event this version does not know is shown as recorded. */
function eventLabel(t: Translate, event: string): string {
  const key = `staff.event.${event}`;
  return isMessageKey(key) ? t(key) : humanize(event);
}

interface Choice {
  value: string;
  label: string;
}

const choices = <T extends string>(values: readonly T[], label: (value: T) => string): Choice[] => values.map((value) => ({ value, label: label(value) }));

function select(id: string, label: string, options: readonly Choice[], selected: string | undefined, empty: string): Html {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}">
<option value="">${empty}</option>${options.map((option) => html`<option value="${option.value}"${option.value === selected ? html` selected` : ''}>${option.label}</option>`)}
</select></div>`;
}

const QUEUE_COLUMNS = ['staff.item.host', 'staff.item.category', 'staff.item.hostedIn', 'staff.queue.media', 'staff.item.reporters', 'staff.queue.waitingSince', 'staff.item.status', 'staff.item.claimedBy'] as const;

export function queuePage(context: StaffPageContext, view: { entries: QueueEntry[]; filters: QueueFilters; categories: readonly Category[]; banner: Html | undefined }): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.queue.title'),
    html`<h1>${t('staff.queue.heading')}</h1>
${queueFilterForm(context, view.filters, view.categories)}
<table>
  <caption>${t('staff.queue.caption', { count: view.entries.length })}</caption>
  <thead><tr>${QUEUE_COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}</tr></thead>
  <tbody>${view.entries.map(
    (entry) => html`<tr>
      <td><a href="/staff/items/${entry.id}">${entry.host}</a></td>
      <td>${labelOf(view.categories, entry.category, context)}</td>
      <td>${entry.hostingCountry ?? '—'}</td>
      <td>${entry.media.captured === 0 ? '—' : t('staff.queue.mediaCount', { count: entry.media.captured, known: entry.media.known })}</td>
      <td>${entry.reporterCount}</td>
      <td>${when(entry.firstReportedAt)}</td>
      <td>${statusLabel(t, entry.status)}</td>
      <td>${entry.claimedBy ?? '—'}</td>
    </tr>`,
  )}</tbody>
</table>`,
    { banner: view.banner },
  );
}

function queueFilterForm(context: StaffPageContext, filters: QueueFilters, categories: readonly Category[]): Html {
  const { t } = context;
  return html`<form method="get" action="/staff/queue" class="filters" aria-label="${t('staff.queue.filter')}">
  ${select('category', t('staff.item.category'), categories.map((category) => ({ value: category.id, label: categoryLabel(category, context) })), filters.category, t('staff.queue.allCategories'))}
  ${select('status', t('staff.item.status'), choices(AWAITING_ASSESSMENT, (status) => statusLabel(t, status)), filters.status, t('staff.queue.allWaiting'))}
  <div class="field"><label for="language">${t('staff.queue.language')}</label><input type="text" id="language" name="language" value="${filters.language ?? ''}" size="4"></div>
  <div class="field"><label for="country">${t('staff.queue.country')}</label><input type="text" id="country" name="country" value="${filters.country ?? ''}" size="3" maxlength="2" autocomplete="off"></div>
  <div class="field"><label for="url">${t('staff.queue.url')}</label><input type="text" id="url" name="url" value="${filters.url ?? ''}"></div>
  ${select('routing', t('takedown.queue.routing'), choices(ROUTING_DECISIONS, (decision) => t(`takedown.decision.${decision}`)), filters.routing, t('takedown.queue.anyRouting'))}
  <button type="submit">${t('staff.queue.apply')}</button>
</form>`;
}

export interface ItemPageView {
  item: ItemView;
  categories: readonly Category[];
  mayClaim: boolean;
  mayReleaseAny: boolean;
  mayViewContact: boolean;
  heldByMe: boolean;
  mayViewMedia: boolean;
  findings: TriageFindings;
  /** Where the item was routed, its notices and police referral (src/routing). */
  takedown: Html | string;
  errors: ShownError[];
  notice?: string;
  banner: Html | undefined;
}

export function itemPage(context: StaffPageContext, view: ItemPageView): string {
  const { item } = view;
  const { t } = context;
  return staffLayout(
    context,
    t('staff.item.title', { host: item.host }),
    html`<h1>${t('staff.item.heading', { host: item.host })}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<dl>
  <dt>${t('staff.item.address')}</dt><dd><code class="url" data-testid="item-url">${item.normalizedUrl}</code></dd>
  <dt>${t('staff.item.status')}</dt><dd data-testid="item-status">${statusLabel(t, item.status)}</dd>
  <dt>${t('staff.item.category')}</dt><dd>${labelOf(view.categories, item.category, context)}</dd>
  <dt>${t('staff.item.hostedIn')}</dt><dd>${item.hostingCountry ?? t('staff.item.hostingUnknown')}</dd>
  <dt>${t('staff.item.reporters')}</dt><dd>${item.reporterCount}</dd>
  <dt>${t('staff.item.claimedBy')}</dt><dd data-testid="claim">${item.claim ? fill(t('staff.item.claimedUntil'), { email: item.claim.email, time: when(item.claim.expiresAt) }) : t('staff.item.unclaimed')}</dd>
</dl>
${claimControls(context, view)}
${view.heldByMe ? assessmentForm(context, view.categories, item.category) : ''}
${hostingSection(t, view.findings)}
${view.takedown}
${mediaSection(item, view.findings, { mayViewMedia: view.mayViewMedia, categories: view.categories, context })}
${reportsTable(context, view)}
${timeline(t, item)}
<div hidden data-exposure-heartbeat="/staff/exposure/heartbeat"></div>`,
    { banner: view.banner, scripts: ['workbench.js'] },
  );
}

const REPORT_COLUMNS = [
  'staff.reports.received',
  'staff.reports.channel',
  'staff.reports.language',
  'staff.reports.category',
  'staff.reports.description',
  'staff.reports.contact',
] as const;

function reportsTable(context: StaffPageContext, view: ItemPageView): Html {
  const { t } = context;
  const contact = (report: ItemView['reports'][number]) => {
    if (!report.hasContact) return t('staff.reports.anonymous');
    return view.mayViewContact ? html`<a href="/staff/reports/${report.id}/contact">${t('staff.reports.viewContact')}</a>` : t('staff.reports.restricted');
  };
  return html`<h2>${t('staff.reports.heading')}</h2>
<table>
  <caption>${t('staff.reports.caption')}</caption>
  <thead><tr>${REPORT_COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}</tr></thead>
  <tbody>${view.item.reports.map(
    (report) => html`<tr>
      <td>${when(report.receivedAt)}</td><td>${t(`staff.channel.${report.channel}`)}</td><td>${report.language}</td><td>${labelOf(view.categories, report.claimedCategory, context)}</td>
      <td>${report.description ?? '—'}</td>
      <td>${contact(report)}</td>
    </tr>`,
  )}</tbody>
</table>`;
}

function timeline(t: Translate, item: ItemView): Html {
  const describe = (entry: ItemView['timeline'][number]) => {
    const change = entry.fromStatus && entry.fromStatus !== entry.toStatus ? ` (${statusLabel(t, entry.fromStatus)} → ${statusLabel(t, entry.toStatus)})` : '';
    const actor = entry.actor ? ` ${t('staff.timeline.by', { actor: entry.actor })}` : '';
    return `${eventLabel(t, entry.event)}${change}${actor}`;
  };
  return html`<h2>${t('staff.timeline.heading')}</h2>
<ol class="timeline" data-testid="timeline">${item.timeline.map((entry) => html`<li>${when(entry.at)}: ${describe(entry)}</li>`)}</ol>`;
}

function claimControls(context: StaffPageContext, view: ItemPageView): Html | string {
  const { item } = view;
  const { t } = context;
  const buttons: Html[] = [];
  if (view.mayClaim && !item.claim) buttons.push(html`<form method="post" action="/staff/items/${item.id}/claim" class="inline">${csrf(context)}<button type="submit">${t('staff.item.claim')}</button></form>`);
  if (item.claim && (view.heldByMe || view.mayReleaseAny)) buttons.push(html`<form method="post" action="/staff/items/${item.id}/release" class="inline">${csrf(context)}<button type="submit">${t('staff.item.release')}</button></form>`);
  return buttons.length > 0 ? html`<p>${buttons}</p>` : '';
}

function yesNo(t: Translate, name: 'linkWorks' | 'contentAvailable' | 'illegal'): Html {
  return html`<fieldset><legend>${t(`staff.assessment.${name}`)}</legend><div class="radio-row">
<label><input type="radio" name="${name}" value="yes" required> ${t('staff.yes')}</label>
<label><input type="radio" name="${name}" value="no"> ${t('staff.no')}</label></div></fieldset>`;
}

function checkbox(t: Translate, name: 'commercial' | 'virtual' | 'userGenerated' | 'childModelling'): Html {
  return html`<label class="checkbox" for="${name}"><input type="checkbox" id="${name}" name="${name}" value="yes"> ${t(`staff.assessment.${name}`)}</label>`;
}

function assessmentForm(context: StaffPageContext, categories: readonly Category[], current: string): Html {
  const { t } = context;
  const choose = t('staff.choose');
  return html`<h2>${t('staff.assessment.heading')}</h2>
<form method="post" action="${context.path}/assessment" novalidate>
  ${csrf(context)}
  ${yesNo(t, 'linkWorks')}
  ${yesNo(t, 'contentAvailable')}
  ${yesNo(t, 'illegal')}
  <div class="field"><label for="category">${t('staff.assessment.category')}</label>
  <select id="category" name="category">${categories.map((c) => html`<option value="${c.id}"${c.id === current ? html` selected` : ''}>${categoryLabel(c, context)}</option>`)}</select></div>
  <fieldset><legend>${t('staff.assessment.classification')}</legend>
    ${select('legalBasis', t('staff.assessment.legalBasis'), choices(LEGAL_BASES, (value) => t(`staff.legalBasis.${value}`)), undefined, choose)}
    ${select('ageGroup', t('staff.assessment.ageGroup'), choices(AGE_GROUPS, (value) => t(`staff.ageGroup.${value}`)), undefined, choose)}
    ${select('gender', t('staff.assessment.gender'), choices(GENDERS, (value) => t(`staff.gender.${value}`)), undefined, choose)}
    ${select('contentType', t('staff.assessment.contentType'), choices(ASSESSED_CONTENT_TYPES, (value) => t(`staff.contentType.${value}`)), undefined, choose)}
    ${select('siteType', t('staff.assessment.siteType'), choices(SITE_TYPES, (value) => t(`staff.siteType.${value}`)), undefined, choose)}
    <div class="field"><label for="paymentMethods">${t('staff.assessment.paymentMethods')}</label><input type="text" id="paymentMethods" name="paymentMethods"></div>
    ${checkbox(t, 'commercial')}
    ${checkbox(t, 'virtual')}
    ${checkbox(t, 'userGenerated')}
    ${checkbox(t, 'childModelling')}
  </fieldset>
  <div class="field"><label for="note">${t('staff.assessment.note')}</label><textarea id="note" name="note" rows="3"></textarea></div>
  <button type="submit">${t('staff.assessment.submit')}</button>
</form>`;
}
