import { html, type Html } from '../web/html.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { AuditEntry } from './chain.js';
import type { AuditLogFilters } from './log.js';

const TEXT = {
  title: 'Audit log',
  intro: 'Every action on the hotline, newest first. Entries cannot be changed or removed.',
  filterLegend: 'Filter entries',
  actor: 'Actor',
  actorHint: 'A user id or e-mail address, or system / anonymous.',
  action: 'Action',
  actionHint: 'For example login, item_viewed, assessment_decided, export.',
  objectType: 'Object type',
  objectId: 'Object id',
  from: 'From date',
  to: 'To date',
  dateHint: 'Included; dates are in UTC.',
  apply: 'Show entries',
  clear: 'Clear filters',
  caption: 'Audit log entries, newest first',
  columns: { id: 'Entry', at: 'Time (UTC)', actor: 'Actor', action: 'Action', objectType: 'Object type', objectId: 'Object id', detail: 'Detail' },
  empty: 'No entries match these filters.',
  next: 'Next page (older entries)',
} as const;

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
  return staffLayout(
    context,
    TEXT.title,
    html`<h1>${TEXT.title}</h1>
<p>${TEXT.intro}</p>
${filterForm(context.path, view.filters)}
${view.entries.length > 0 ? entryTable(view.entries) : html`<p role="status">${TEXT.empty}</p>`}
${view.nextCursor === null ? null : html`<p><a href="${nextPageHref(context.path, view.filters, view.nextCursor)}" rel="next">${TEXT.next}</a></p>`}`,
  );
}

function filterForm(path: string, filters: AuditFilterForm): Html {
  return html`<form method="get" action="${path}" role="search">
  <fieldset>
    <legend>${TEXT.filterLegend}</legend>
    ${field('actor', TEXT.actor, 'text', filters.actor, TEXT.actorHint)}
    ${field('action', TEXT.action, 'text', filters.action, TEXT.actionHint)}
    ${field('objectType', TEXT.objectType, 'text', filters.objectType)}
    ${field('objectId', TEXT.objectId, 'text', filters.objectId)}
    ${field('from', TEXT.from, 'date', filters.from, TEXT.dateHint)}
    ${field('to', TEXT.to, 'date', filters.to, TEXT.dateHint)}
  </fieldset>
  <button type="submit">${TEXT.apply}</button>
  <a href="${path}">${TEXT.clear}</a>
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

function entryTable(entries: readonly AuditEntry[]): Html {
  const { columns } = TEXT;
  return html`<table>
  <caption>${TEXT.caption}</caption>
  <thead><tr>${[columns.id, columns.at, columns.actor, columns.action, columns.objectType, columns.objectId, columns.detail].map(
    (heading) => html`<th scope="col">${heading}</th>`,
  )}</tr></thead>
  <tbody>${entries.map(entryRow)}</tbody>
</table>`;
}

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
