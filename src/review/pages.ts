import { LOCALES, isLocale } from '../config/config.js';
import type { Category } from '../domain/categories.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import { categoryLabel } from '../web/category-label.js';
import { AGE_GROUPS, ASSESSED_CONTENT_TYPES, GENDERS, LEGAL_BASES, SITE_TYPES } from '../domain/assessment.js';
import { describedBy, errorSummary, errorsFor, fieldErrors, type ShownError } from '../web/forms.js';
import { countryName, humanize, shortRef, shortUrl, when } from '../web/format.js';
import { fill, html, type Html } from '../web/html.js';
import { LANGUAGE_NAMES, isMessageKey, type Translate } from '../web/i18n/index.js';
import { shortenedLink } from '../web/shortened.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { TriageFindings } from '../triage/findings.js';
import type { ItemView } from './item-view.js';
import { hostingSection, hostingText, mediaSection } from './media-pages.js';
import { AWAITING_ASSESSMENT, type QueueEntry, type QueueFilters } from './queue.js';
import { ROUTING_DECISIONS } from '../domain/routing.js';
import { monitoringSection } from '../monitor/view.js';

const csrf = (context: StaffPageContext) => html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
const labelOf = (categories: readonly Category[], id: string, context: StaffPageContext) =>
  categoryLabel(categories.find((category) => category.id === id) ?? { id, severity: 9 }, context);

/** A status in the reader's language; the status itself stays an identifier. */
export const statusLabel = (t: Translate, status: ItemStatus): string => t(`staff.status.${status}`);

/** A report's language by its own name, as the language switcher names it. */
const languageName = (language: string) => (isLocale(language) ? LANGUAGE_NAMES[language] : language);

/** A timeline event in the reader's language; an event this version does not know is shown as recorded. */
function eventLabel(t: Translate, event: string): string {
  const key = `staff.event.${event}`;
  return isMessageKey(key) ? t(key) : humanize(event);
}

/** The item's category, and the ones reporters chose when they differ from it. */
function categoryWithReported(context: StaffPageContext, categories: readonly Category[], current: string, reported: readonly string[]): Html {
  const others = reported.filter((category) => category !== current);
  const label = labelOf(categories, current, context);
  if (others.length === 0) return html`${label}`;
  const names = others.map((category) => labelOf(categories, category, context)).join(', ');
  return html`${label}<br><span class="reported-as">${context.t('staff.item.reportedAs', { categories: names })}</span>`;
}

interface Choice {
  value: string;
  label: string;
}

const choices = <T extends string>(values: readonly T[], label: (value: T) => string): Choice[] => values.map((value) => ({ value, label: label(value) }));

function select(id: string, label: string, options: readonly Choice[], selected: string | undefined, empty: string, errors: readonly ShownError[] = []): Html {
  return html`<div class="field"><label for="${id}">${label}</label>${fieldErrors(id, errors)}<select id="${id}" name="${id}"${describedBy(id, null, errors)}>
<option value="">${empty}</option>${options.map((option) => html`<option value="${option.value}"${option.value === selected ? html` selected` : ''}>${option.label}</option>`)}
</select></div>`;
}

const QUEUE_COLUMNS = ['staff.queue.item', 'staff.item.category', 'staff.item.hostedIn', 'staff.queue.media', 'staff.item.reporters', 'staff.queue.waitingSince', 'staff.item.status'] as const;

export function queuePage(context: StaffPageContext, view: { entries: QueueEntry[]; filters: QueueFilters; categories: readonly Category[]; banner: Html | undefined }): string {
  const { t, locale } = context;
  const headings = QUEUE_COLUMNS.map((key) => t(key));
  // Rows differ in their paths: each shows the end of its own, the whole address on focus, and the item's reference.
  const cells = (entry: QueueEntry): (Html | string | number)[] => [
    html`${shortenedLink(`/staff/items/${entry.id}`, shortUrl(entry.normalizedUrl), entry.normalizedUrl, `url-${entry.id}`)}<br><span class="ref">${t('staff.queue.ref')} <code>${shortRef(entry.id)}</code></span>`,
    categoryWithReported(context, view.categories, entry.category, entry.reportedCategories),
    entry.hostingCountry ? countryName(entry.hostingCountry, locale) : '—',
    entry.media.captured === 0 ? '—' : t('staff.queue.mediaCount', { count: entry.media.captured, known: entry.media.known }),
    entry.reporterCount,
    when(entry.firstReportedAt),
    html`${statusLabel(t, entry.status)}${entry.claimedBy ? html`<br><span class="claimed">${t('staff.queue.claimedBy', { email: entry.claimedBy })}</span>` : ''}`,
  ];
  return staffLayout(
    context,
    t('staff.queue.title'),
    html`<h1>${t('staff.queue.heading')}</h1>
${queueFilterForm(context, view.filters, view.categories)}
<table class="stacking" data-testid="queue">
  <caption>${t('staff.queue.caption', { count: view.entries.length })}</caption>
  <thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
  <tbody>${view.entries.map((entry) => html`<tr>${cells(entry).map((cell, index) => html`<td data-label="${headings[index]!}">${cell}</td>`)}</tr>`)}</tbody>
</table>`,
    { banner: view.banner },
  );
}

function queueFilterForm(context: StaffPageContext, filters: QueueFilters, categories: readonly Category[]): Html {
  const { t } = context;
  return html`<form method="get" action="/staff/queue" class="filters" aria-label="${t('staff.queue.filter')}">
  ${select('category', t('staff.item.category'), categories.map((category) => ({ value: category.id, label: categoryLabel(category, context) })), filters.category, t('staff.queue.allCategories'))}
  ${select('status', t('staff.item.status'), choices(AWAITING_ASSESSMENT, (status) => statusLabel(t, status)), filters.status, t('staff.queue.allWaiting'))}
  ${select('language', t('staff.queue.language'), choices(LOCALES, (locale) => LANGUAGE_NAMES[locale]), filters.language, t('staff.queue.allLanguages'))}
  <div class="field"><label for="country">${t('staff.queue.country')}</label><input type="text" id="country" name="country" value="${filters.country ?? ''}" size="3" maxlength="2" autocomplete="off" class="short"></div>
  <div class="field wide"><label for="url">${t('staff.queue.url')}</label><input type="text" id="url" name="url" value="${filters.url ?? ''}"></div>
  ${select('routing', t('takedown.queue.routing'), choices(ROUTING_DECISIONS, (decision) => t(`takedown.decision.${decision}`)), filters.routing, t('takedown.queue.anyRouting'))}
  <button type="submit">${t('staff.queue.apply')}</button>
</form>`;
}

/** What the assessment form held when it came back with errors, so that nothing typed is lost. */
export type AssessmentAnswers = Partial<Record<string, string>>;

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
  /** What partner hotlines reported of the item (src/exchange). */
  partners: Html | string;
  errors: ShownError[];
  answers?: AssessmentAnswers;
  notice?: string | undefined;
  banner: Html | undefined;
}

/**
 * An item as an analyst judges it: the facts first, then what triage found,
 * the captured media and the reports, and only then, for the one holding it,
 * the assessment form; the timeline last.
 */
export function itemPage(context: StaffPageContext, view: ItemPageView): string {
  const { item } = view;
  const { t } = context;
  return staffLayout(
    context,
    t('staff.item.title', { host: item.host }),
    html`<h1>${t('staff.item.heading', { host: item.host })}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.notice ? html`<p class="notice" role="status" data-testid="notice">${view.notice}</p>` : ''}
<dl class="facts">
  <dt>${t('staff.item.address')}</dt><dd><code class="url" data-testid="item-url">${item.normalizedUrl}</code></dd>
  <dt>${t('staff.queue.ref')}</dt><dd><code data-testid="item-ref">${shortRef(item.id)}</code></dd>
  <dt>${t('staff.item.status')}</dt><dd data-testid="item-status">${statusLabel(t, item.status)}</dd>
  <dt>${t('staff.item.category')}</dt><dd>${categoryWithReported(context, view.categories, item.category, item.reports.map((report) => report.claimedCategory))}</dd>
  <dt>${t('staff.item.hostedIn')}</dt><dd data-testid="hosted-in">${hostingText(context, view.findings)}</dd>
  <dt>${t('staff.item.reporters')}</dt><dd>${item.reporterCount}</dd>
  <dt>${t('staff.item.claimedBy')}</dt><dd data-testid="claim">${item.claim ? fill(t('staff.item.claimedUntil'), { email: item.claim.email, time: when(item.claim.expiresAt) }) : t('staff.item.unclaimed')}</dd>
</dl>
${claimControls(context, view)}
${hostingSection(context, view.findings)}
${view.takedown}
${monitoringSection(t, item)}
${mediaSection(item, view.findings, { mayViewMedia: view.mayViewMedia, categories: view.categories, context })}
${reportsTable(context, view)}
${view.partners}
${view.heldByMe ? assessmentForm(context, view) : ''}
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
  const headings = REPORT_COLUMNS.map((key) => t(key));
  const contact = (report: ItemView['reports'][number]) => {
    if (!report.hasContact) return t('staff.reports.anonymous');
    return view.mayViewContact ? html`<a href="/staff/reports/${report.id}/contact">${t('staff.reports.viewContact')}</a>` : t('staff.reports.restricted');
  };
  const cells = (report: ItemView['reports'][number]) => [
    when(report.receivedAt),
    t(`staff.channel.${report.channel}`),
    languageName(report.language),
    labelOf(view.categories, report.claimedCategory, context),
    report.description ?? '—',
    contact(report),
  ];
  return html`<h2>${t('staff.reports.heading')}</h2>
<table class="stacking">
  <caption>${t('staff.reports.caption')}</caption>
  <thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
  <tbody>${view.item.reports.map((report) => html`<tr>${cells(report).map((cell, index) => html`<td data-label="${headings[index]!}">${cell}</td>`)}</tr>`)}</tbody>
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

/** Claiming is the main action on an item nobody holds; releasing gives work back, so it looks secondary. */
function claimControls(context: StaffPageContext, view: ItemPageView): Html | string {
  const { item } = view;
  const { t } = context;
  const controls: Html[] = [];
  if (view.mayClaim && !item.claim) controls.push(html`<form method="post" action="/staff/items/${item.id}/claim" class="inline">${csrf(context)}<button type="submit">${t('staff.item.claim')}</button></form>`);
  if (view.heldByMe) controls.push(html`<a href="#assessment">${t('staff.item.toAssessment')}</a>`);
  if (item.claim && (view.heldByMe || view.mayReleaseAny)) {
    controls.push(html`<form method="post" action="/staff/items/${item.id}/release" class="inline">${csrf(context)}<button type="submit" class="secondary">${t('staff.item.release')}</button></form>`);
  }
  return controls.length > 0 ? html`<div class="actions">${controls}</div>` : '';
}

/** A yes/no question; the first answer carries the question's id, so the error summary's link lands on it. */
function yesNo(t: Translate, name: 'linkWorks' | 'contentAvailable' | 'illegal', answers: AssessmentAnswers, errors: readonly ShownError[]): Html {
  const checked = (value: string) => (answers[name] === value ? html` checked` : '');
  const described = errorsFor(name, errors).map((_, index) => `${name}-error-${index}`).join(' ');
  return html`<fieldset${described ? html` aria-describedby="${described}"` : ''}><legend>${t(`staff.assessment.${name}`)}</legend>${fieldErrors(name, errors)}<div class="radio-row">
<label><input type="radio" id="${name}" name="${name}" value="yes"${checked('yes')}> ${t('staff.yes')}</label>
<label><input type="radio" name="${name}" value="no"${checked('no')}> ${t('staff.no')}</label></div></fieldset>`;
}

function checkbox(t: Translate, name: 'commercial' | 'virtual' | 'userGenerated' | 'childModelling', answers: AssessmentAnswers): Html {
  return html`<label class="checkbox" for="${name}"><input type="checkbox" id="${name}" name="${name}" value="yes"${answers[name] === 'yes' ? html` checked` : ''}> ${t(`staff.assessment.${name}`)}</label>`;
}

function assessmentForm(context: StaffPageContext, view: ItemPageView): Html {
  const { t } = context;
  const { item, categories, errors } = view;
  const answers = view.answers ?? {};
  const choose = t('staff.choose');
  const category = answers.category ?? item.category;
  const classification = (id: 'legalBasis' | 'ageGroup' | 'gender' | 'contentType' | 'siteType', values: readonly string[]) =>
    select(id, t(`staff.assessment.${id}`), choices(values, (value) => t(`staff.${id}.${value}` as Parameters<Translate>[0])), answers[id], choose, errors);
  return html`<h2 id="assessment" tabindex="-1">${t('staff.assessment.heading')}</h2>
<form method="post" action="/staff/items/${item.id}/assessment" novalidate>
  ${csrf(context)}
  ${yesNo(t, 'linkWorks', answers, errors)}
  ${yesNo(t, 'contentAvailable', answers, errors)}
  ${yesNo(t, 'illegal', answers, errors)}
  <div class="field"><label for="category">${t('staff.assessment.category')}</label>
  <select id="category" name="category">${categories.map((c) => html`<option value="${c.id}"${c.id === category ? html` selected` : ''}>${categoryLabel(c, context)}</option>`)}</select></div>
  <fieldset><legend>${t('staff.assessment.classification')}</legend>
    ${classification('legalBasis', LEGAL_BASES)}
    ${classification('ageGroup', AGE_GROUPS)}
    ${classification('gender', GENDERS)}
    ${classification('contentType', ASSESSED_CONTENT_TYPES)}
    ${classification('siteType', SITE_TYPES)}
    <div class="field"><label for="paymentMethods">${t('staff.assessment.paymentMethods')}</label><input type="text" id="paymentMethods" name="paymentMethods" value="${answers.paymentMethods ?? ''}"></div>
    ${checkbox(t, 'commercial', answers)}
    ${checkbox(t, 'virtual', answers)}
    ${checkbox(t, 'userGenerated', answers)}
    ${checkbox(t, 'childModelling', answers)}
  </fieldset>
  <div class="field"><label for="note">${t('staff.assessment.note')}</label><textarea id="note" name="note" rows="3">${answers.note ?? ''}</textarea></div>
  <button type="submit">${t('staff.assessment.submit')}</button>
</form>`;
}
