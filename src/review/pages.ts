import type { Category } from '../domain/categories.js';
import { categoryLabel } from '../web/category-label.js';
import { AGE_GROUPS, ASSESSED_CONTENT_TYPES, GENDERS, LEGAL_BASES, SITE_TYPES } from '../domain/assessment.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import { humanize, when } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { TriageFindings } from '../triage/findings.js';
import type { ItemView } from './item-view.js';
import { hostingSection, mediaSection } from './media-pages.js';
import { AWAITING_ASSESSMENT, type QueueEntry, type QueueFilters } from './queue.js';

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
const labelOf = (categories: readonly Category[], id: string, context: StaffPageContext) =>
  categoryLabel(categories.find((category) => category.id === id) ?? { id, severity: 9 }, context);

function select(id: string, label: string, options: readonly string[], selected: string | undefined, empty: string): Html {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}">
<option value="">${empty}</option>${options.map((option) => html`<option value="${option}"${option === selected ? html` selected` : ''}>${humanize(option)}</option>`)}
</select></div>`;
}

export function queuePage(context: StaffPageContext, view: { entries: QueueEntry[]; filters: QueueFilters; categories: readonly Category[]; banner: Html | undefined }): string {
  const { filters } = view;
  return staffLayout(
    context,
    'Queue',
    html`<h1>Items waiting for assessment</h1>
<form method="get" action="/staff/queue" class="filters" aria-label="Filter the queue">
  ${select('category', 'Category', view.categories.map((c) => c.id), filters.category, 'All')}
  ${select('status', 'Status', AWAITING_ASSESSMENT, filters.status, 'Waiting')}
  <div class="field"><label for="language">Report language</label><input type="text" id="language" name="language" value="${filters.language ?? ''}" size="4"></div>
  <div class="field"><label for="country">Hosting country</label><input type="text" id="country" name="country" value="${filters.country ?? ''}" size="3" maxlength="2" autocomplete="off"></div>
  <div class="field"><label for="url">Address contains</label><input type="text" id="url" name="url" value="${filters.url ?? ''}"></div>
  <button type="submit">Filter</button>
</form>
<table>
  <caption>${view.entries.length} items, most urgent first</caption>
  <thead><tr><th scope="col">Host</th><th scope="col">Category</th><th scope="col">Hosted in</th><th scope="col">Reporters</th><th scope="col">Waiting since</th><th scope="col">Status</th><th scope="col">Claimed by</th></tr></thead>
  <tbody>${view.entries.map(
    (entry) => html`<tr>
      <td><a href="/staff/items/${entry.id}">${entry.host}</a></td>
      <td>${labelOf(view.categories, entry.category, context)}</td>
      <td>${entry.hostingCountry ?? '—'}</td>
      <td>${entry.reporterCount}</td>
      <td>${when(entry.firstReportedAt)}</td>
      <td>${entry.status}</td>
      <td>${entry.claimedBy ?? '—'}</td>
    </tr>`,
  )}</tbody>
</table>`,
    { banner: view.banner },
  );
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
  errors: ShownError[];
  notice?: string;
  banner: Html | undefined;
}

export function itemPage(context: StaffPageContext, view: ItemPageView): string {
  const { item } = view;
  return staffLayout(
    context,
    `Item ${item.host}`,
    html`<h1>Item on ${item.host}</h1>
${errorSummary('There is a problem', view.errors)}
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<dl>
  <dt>Address (not a link, on purpose)</dt><dd><code class="url" data-testid="item-url">${item.normalizedUrl}</code></dd>
  <dt>Status</dt><dd data-testid="item-status">${item.status}</dd>
  <dt>Category</dt><dd>${labelOf(view.categories, item.category, context)}</dd>
  <dt>Hosted in</dt><dd>${item.hostingCountry ?? 'not known yet'}</dd>
  <dt>Reporters</dt><dd>${item.reporterCount}</dd>
  <dt>Claimed by</dt><dd data-testid="claim">${item.claim ? html`${item.claim.email} until ${when(item.claim.expiresAt)}` : 'nobody'}</dd>
</dl>
${claimControls(context, view)}
${view.heldByMe ? assessmentForm(context, view.categories, item.category) : ''}
${hostingSection(view.findings)}
${mediaSection(item, view.findings, { mayViewMedia: view.mayViewMedia, categories: view.categories, context })}
<h2>Reports</h2>
<table>
  <caption>Reports that named this address</caption>
  <thead><tr><th scope="col">Received</th><th scope="col">Channel</th><th scope="col">Language</th><th scope="col">Category given</th><th scope="col">Description</th><th scope="col">Contact</th></tr></thead>
  <tbody>${item.reports.map(
    (report) => html`<tr>
      <td>${when(report.receivedAt)}</td><td>${report.channel}</td><td>${report.language}</td><td>${labelOf(view.categories, report.claimedCategory, context)}</td>
      <td>${report.description ?? '—'}</td>
      <td>${report.hasContact ? (view.mayViewContact ? html`<a href="/staff/reports/${report.id}/contact">View contact (recorded in the audit log)</a>` : 'given, restricted') : 'anonymous'}</td>
    </tr>`,
  )}</tbody>
</table>
<h2>Timeline</h2>
<ol class="timeline" data-testid="timeline">${item.timeline.map(
  (entry) => html`<li>${when(entry.at)}: ${humanize(entry.event)}${entry.fromStatus && entry.fromStatus !== entry.toStatus ? html` (${entry.fromStatus} → ${entry.toStatus})` : ''}${entry.actor ? html` by ${entry.actor}` : ''}</li>`,
)}</ol>
<div hidden data-exposure-heartbeat="/staff/exposure/heartbeat"></div>`,
    { banner: view.banner, scripts: ['workbench.js'] },
  );
}

function claimControls(context: StaffPageContext, view: ItemPageView): Html | string {
  const { item } = view;
  const buttons: Html[] = [];
  if (view.mayClaim && !item.claim) buttons.push(html`<form method="post" action="/staff/items/${item.id}/claim" class="inline">${csrf(context)}<button type="submit">Claim for assessment</button></form>`);
  if (item.claim && (view.heldByMe || view.mayReleaseAny)) buttons.push(html`<form method="post" action="/staff/items/${item.id}/release" class="inline">${csrf(context)}<button type="submit">Release</button></form>`);
  return buttons.length > 0 ? html`<p>${buttons}</p>` : '';
}

function yesNo(name: string, legend: string): Html {
  return html`<fieldset><legend>${legend}</legend><div class="radio-row">
<label><input type="radio" name="${name}" value="yes" required> Yes</label>
<label><input type="radio" name="${name}" value="no"> No</label></div></fieldset>`;
}

function assessmentForm(context: StaffPageContext, categories: readonly Category[], current: string): Html {
  return html`<h2>Assessment</h2>
<form method="post" action="${context.path}/assessment" novalidate>
  ${csrf(context)}
  ${yesNo('linkWorks', '1. Does the link work?')}
  ${yesNo('contentAvailable', '2. Is the content available?')}
  ${yesNo('illegal', '3. Is it illegal?')}
  <div class="field"><label for="category">4. Category (correct it if the reporter's is wrong)</label>
  <select id="category" name="category">${categories.map((c) => html`<option value="${c.id}"${c.id === current ? html` selected` : ''}>${categoryLabel(c, context)}</option>`)}</select></div>
  <fieldset><legend>Classification (illegal content only)</legend>
    ${select('legalBasis', 'Legal basis', LEGAL_BASES, undefined, 'Choose')}
    ${select('ageGroup', 'Age group', AGE_GROUPS, undefined, 'Choose')}
    ${select('gender', 'Gender', GENDERS, undefined, 'Choose')}
    ${select('contentType', 'Content type', ASSESSED_CONTENT_TYPES, undefined, 'Choose')}
    ${select('siteType', 'Site type', SITE_TYPES, undefined, 'Choose')}
    <div class="field"><label for="paymentMethods">Payment methods, if commercial (comma separated)</label><input type="text" id="paymentMethods" name="paymentMethods"></div>
    <label class="checkbox" for="commercial"><input type="checkbox" id="commercial" name="commercial" value="yes"> Commercial</label>
    <label class="checkbox" for="virtual"><input type="checkbox" id="virtual" name="virtual" value="yes"> Virtual (drawn or generated)</label>
    <label class="checkbox" for="userGenerated"><input type="checkbox" id="userGenerated" name="userGenerated" value="yes"> User-generated</label>
    <label class="checkbox" for="childModelling"><input type="checkbox" id="childModelling" name="childModelling" value="yes"> Child modelling</label>
  </fieldset>
  <div class="field"><label for="note">Note</label><textarea id="note" name="note" rows="3"></textarea></div>
  <button type="submit">Record assessment</button>
</form>`;
}
