import { humanize, shortRef } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { CATALOGUES, isMessageKey, type Translate } from '../web/i18n/index.js';
import { shortenedLink } from '../web/shortened.js';
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
${view.entries.length > 0 ? entryTable(context, view.entries) : html`<p role="status">${t('staff.audit.empty')}</p>`}
${view.nextCursor === null ? null : html`<p><a href="${nextPageHref(context.path, view.filters, view.nextCursor)}" rel="next">${t('staff.audit.next')}</a></p>`}`,
  );
}

/** A recorded identifier in words where the catalogue knows it; one it does not know (a command's, say) as recorded. */
function recorded(t: Translate, prefix: 'staff.audit.action.' | 'staff.audit.object.', id: string): string {
  const key = `${prefix}${id}`;
  return isMessageKey(key) ? t(key) : humanize(id);
}

const KNOWN_ACTIONS = Object.keys(CATALOGUES.en)
  .filter((key) => key.startsWith('staff.audit.action.'))
  .map((key) => key.slice('staff.audit.action.'.length));

/** One compact bar: every filter on a line at desk widths, the actions offered by name. */
function filterForm({ path, t }: StaffPageContext, filters: AuditFilterForm): Html {
  return html`<form method="get" action="${path}" role="search" class="filters" aria-label="${t('staff.audit.filter')}">
    ${field('actor', t('staff.audit.actor'), 'text', filters.actor, 'audit-hint')}
    ${field('action', t('staff.audit.action'), 'text', filters.action, undefined, 'audit-actions')}
    ${field('objectType', t('staff.audit.objectType'), 'text', filters.objectType, undefined, 'audit-objects')}
    ${field('objectId', t('staff.audit.objectId'), 'text', filters.objectId)}
    ${field('from', t('staff.audit.from'), 'date', filters.from, 'audit-hint')}
    ${field('to', t('staff.audit.to'), 'date', filters.to, 'audit-hint')}
    <p class="filter-actions"><button type="submit">${t('staff.audit.apply')}</button> <a href="${path}">${t('staff.audit.clear')}</a></p>
    <p class="hint" id="audit-hint">${t('staff.audit.actorHint')} ${t('staff.audit.dateHint')}</p>
    <datalist id="audit-actions">${KNOWN_ACTIONS.map((action) => html`<option value="${action}">${recorded(t, 'staff.audit.action.', action)}</option>`)}</datalist>
    <datalist id="audit-objects">${OBJECT_TYPES.map((type) => html`<option value="${type}">${recorded(t, 'staff.audit.object.', type)}</option>`)}</datalist>
</form>`;
}

const OBJECT_TYPES = ['item', 'report', 'user', 'command'] as const;

function field(name: keyof AuditFilterForm, label: string, type: 'text' | 'date', value: string, hintId?: string, list?: string): Html {
  return html`<div class="field">
      <label for="${name}">${label}</label>
      <input type="${type}" id="${name}" name="${name}" value="${value}" autocomplete="off"${hintId ? html` aria-describedby="${hintId}"` : null}${list ? html` list="${list}"` : null}>
    </div>`;
}

const COLUMNS = ['staff.audit.entry', 'staff.audit.time', 'staff.audit.actor', 'staff.audit.action', 'staff.audit.object', 'staff.audit.detail'] as const;

function entryTable(context: StaffPageContext, entries: readonly AuditEntry[]): Html {
  const { t } = context;
  const headings = COLUMNS.map((key) => t(key));
  return html`<table class="audit stacking">
  <caption>${t('staff.audit.caption')}</caption>
  <thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
  <tbody>${entries.map((entry) => entryRow(context, entry, headings))}</tbody>
</table>`;
}

/**
 * One entry: actions and object types in words; the object's id shortened,
 * the whole id on focus, and a link to every entry about the same object.
 */
function entryRow({ t, path }: StaffPageContext, entry: AuditEntry, headings: string[]): Html {
  const at = entry.at.toISOString();
  const object = entry.objectId
    ? html`${recorded(t, 'staff.audit.object.', entry.objectType)} ${shortenedLink(`${path}?${new URLSearchParams({ objectId: entry.objectId })}`, shortId(entry.objectId), entry.objectId, `object-${entry.id}`)}`
    : recorded(t, 'staff.audit.object.', entry.objectType);
  return html`
    <tr>
      <th scope="row" data-label="${headings[0]!}">${entry.id}</th>
      <td data-label="${headings[1]!}"><time datetime="${at}">${at.slice(0, 19).replace('T', ' ')}</time></td>
      <td data-label="${headings[2]!}">${entry.actor}</td>
      <td data-label="${headings[3]!}">${recorded(t, 'staff.audit.action.', entry.action)}</td>
      <td data-label="${headings[4]!}">${object}</td>
      <td data-label="${headings[5]!}">${entry.detail === null ? null : html`<code class="detail">${JSON.stringify(entry.detail)}</code>`}</td>
    </tr>`;
}

/** Row ids are long; their first eight characters tell entries apart on a page. */
const shortId = (id: string) => (id.length > 10 ? `${shortRef(id)}…` : id);

function nextPageHref(path: string, filters: AuditFilterForm, cursor: number): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  params.set('before', String(cursor));
  return `${path}?${params}`;
}
