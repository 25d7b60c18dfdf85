import { html, type Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { AuditEntry } from './chain.js';
import type { AuditLogFilters } from './log.js';

/** The filter form's values as typed, to show them again; empty strings for unused filters. */
export interface AuditFilterForm {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, included. */
  to: string;
}

export interface AuditLogView {
  entries: readonly AuditEntry[];
  filters: AuditFilterForm;
  nextCursor: number | null;
}

export interface AuditFilterRequest {
  form: AuditFilterForm;
  filters: AuditLogFilters;
  before: number | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads the form's GET parameters; a date or cursor that does not parse is dropped. */
export function readAuditFilters(params: Record<string, unknown>): AuditFilterRequest {
  const text = (name: string) => (typeof params[name] === 'string' ? params[name].trim() : '');
  const form: AuditFilterForm = {
    actor: text('actor'),
    action: text('action'),
    objectType: text('objectType'),
    objectId: text('objectId'),
    from: startOfDay(text('from')) ? text('from') : '',
    to: startOfDay(text('to')) ? text('to') : '',
  };
  const cursor = /^[1-9]\d{0,15}$/.test(text('before')) ? Number(text('before')) : undefined;
  return { form, filters: filtersOf(form), before: cursor };
}

function filtersOf(form: AuditFilterForm): AuditLogFilters {
  const to = startOfDay(form.to);
  return {
    actor: form.actor || undefined,
    action: form.action || undefined,
    objectType: form.objectType || undefined,
    objectId: form.objectId || undefined,
    from: startOfDay(form.from),
    to: to && new Date(to.getTime() + DAY_MS),
  };
}

/** Midnight UTC of a YYYY-MM-DD date, or undefined when the text is not a real date. */
function startOfDay(date: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const start = new Date(`${date}T00:00:00.000Z`);
  return !Number.isNaN(start.getTime()) && start.toISOString().startsWith(date) ? start : undefined;
}

export function auditLogPage(context: StaffPageContext, view: AuditLogView): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.audit.title'),
    html`<h1>${t('staff.audit.title')}</h1>
<p>${t('staff.audit.intro')}</p>
${filterForm(context, view.filters)}
${view.entries.length > 0 ? entryTable(t, view.entries) : html`<p role="status">${t('staff.audit.empty')}</p>`}
${view.nextCursor === null ? null : html`<p><a href="${nextPageHref(context.path, view.filters, view.nextCursor)}" rel="next">${t('staff.audit.next')}</a></p>`}`,
  );
}

function filterForm({ path, t }: StaffPageContext, filters: AuditFilterForm): Html {
  return html`<form method="get" action="${path}" role="search">
  <fieldset>
    <legend>${t('staff.audit.filter')}</legend>
    ${field('actor', t('staff.audit.actor'), 'text', filters.actor, t('staff.audit.actorHint'))}
    ${field('action', t('staff.audit.action'), 'text', filters.action, t('staff.audit.actionHint'))}
    ${field('objectType', t('staff.audit.objectType'), 'text', filters.objectType)}
    ${field('objectId', t('staff.audit.objectId'), 'text', filters.objectId)}
    ${field('from', t('staff.audit.from'), 'date', filters.from, t('staff.audit.dateHint'))}
    ${field('to', t('staff.audit.to'), 'date', filters.to, t('staff.audit.dateHint'))}
  </fieldset>
  <button type="submit">${t('staff.audit.apply')}</button>
  <a href="${path}">${t('staff.audit.clear')}</a>
</form>`;
}

function field(name: keyof AuditFilterForm, label: string, type: 'text' | 'date', value: string, hint?: string): Html {
  const hintId = `${name}-hint`;
  return html`<div class="field">
      <label for="${name}">${label}</label>
      ${hint ? html`<p class="hint" id="${hintId}">${hint}</p>` : null}
      <input type="${type}" id="${name}" name="${name}" value="${value}" autocomplete="off"${hint ? html` aria-describedby="${hintId}"` : null}>
    </div>`;
}

const COLUMNS = [
  'staff.audit.entry',
  'staff.audit.time',
  'staff.audit.actor',
  'staff.audit.action',
  'staff.audit.objectType',
  'staff.audit.objectId',
  'staff.audit.detail',
] as const;

function entryTable(t: Translate, entries: readonly AuditEntry[]): Html {
  return html`<table>
  <caption>${t('staff.audit.caption')}</caption>
  <thead><tr>${COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}</tr></thead>
  <tbody>${entries.map(entryRow)}</tbody>
</table>`;
}

/** One entry as recorded: actor, action and object are data and stay untranslated. */
function entryRow(entry: AuditEntry): Html {
  const at = entry.at.toISOString();
  return html`
    <tr>
      <th scope="row">${entry.id}</th>
      <td><time datetime="${at}">${at.slice(0, 19).replace('T', ' ')}</time></td>
      <td>${entry.actor}</td>
      <td>${entry.action}</td>
      <td>${entry.objectType}</td>
      <td>${entry.objectId}</td>
      <td>${entry.detail === null ? null : html`<code>${JSON.stringify(entry.detail)}</code>`}</td>
    </tr>`;
}

function nextPageHref(path: string, filters: AuditFilterForm, cursor: number): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  params.set('before', String(cursor));
  return `${path}?${params}`;
}
