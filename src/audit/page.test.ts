import { describe, expect, it } from 'vitest';
import { translator } from '../web/i18n/index.js';
import type { StaffPageContext } from '../web/staff-layout.js';
import type { AuditEntry } from './chain.js';
import { auditLogPage, readAuditFilters, type AuditFilterForm } from './page.js';

const context: StaffPageContext = { locale: 'en', t: translator('en'), path: '/staff/audit', csrfToken: 'token', user: { email: 'auditor@hotline.example', role: 'auditor' } };
const noFilters: AuditFilterForm = { actor: '', action: '', objectType: '', objectId: '', from: '', to: '' };

const entry: AuditEntry = {
  id: 42,
  at: new Date('2025-06-07T08:09:10.123Z'),
  actor: 'analyst@example.org',
  action: 'item_viewed',
  objectType: 'content_item',
  objectId: 'item-1',
  detail: { note: '<b>bold</b>' },
};

describe('auditLogPage', () => {
  it('labels every filter field and keeps the values typed', () => {
    const page = auditLogPage(context, { entries: [], filters: { ...noFilters, actor: 'a"b', from: '2025-01-01' }, nextCursor: null });
    expect(page).toContain('<form method="get" action="/staff/audit" role="search" class="filters" aria-label="Filter entries">');
    for (const name of ['actor', 'action', 'objectType', 'objectId', 'from', 'to']) {
      expect(page).toContain(`<label for="${name}">`);
      expect(page).toContain(`id="${name}" name="${name}"`);
    }
    expect(page).toContain('value="a&quot;b"');
    expect(page).toContain('type="date" id="from" name="from" value="2025-01-01"');
    expect(page).toContain('No entries match these filters.');
    expect(page).not.toContain('rel="next"');
  });

  it('shows entries in a captioned table with escaped detail and a link to the next page', () => {
    const page = auditLogPage(context, { entries: [entry], filters: { ...noFilters, action: 'item_viewed' }, nextCursor: 42 });
    expect(page).toContain('<caption>Audit log entries, newest first</caption>');
    expect(page.match(/<th scope="col">/g)).toHaveLength(6);
    expect(page).toContain('<th scope="row" data-label="Entry">42</th>');
    expect(page).toContain('<time datetime="2025-06-07T08:09:10.123Z">2025-06-07 08:09:10</time>');
    expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('<a href="/staff/audit?action=item_viewed&amp;before=42" rel="next">');
  });

  it('shortens a long object id, keeping the whole id for focus and as a filter', () => {
    const id = '3f2a9c1b-0000-4000-8000-000000000000';
    const page = auditLogPage(context, { entries: [{ ...entry, objectType: 'item', objectId: id }], filters: noFilters, nextCursor: null });
    expect(page).toContain(`<a href="/staff/audit?objectId=${id}" aria-describedby="object-42">3f2a9c1b…</a><span class="full" role="tooltip" id="object-42">${id}</span>`);
    expect(page).toContain('<td data-label="Action">item opened</td>');
  });

  it('speaks the reader’s language, naming known actions and showing others as recorded', () => {
    const czech: StaffPageContext = { ...context, locale: 'cs', t: translator('cs') };
    const page = auditLogPage(czech, { entries: [entry], filters: noFilters, nextCursor: 42 });
    expect(page).toContain('<html lang="cs">');
    expect(page).toContain('<h1>Auditní záznamy</h1>');
    expect(page).toContain('<label for="actor">Původce</label>');
    expect(page).toContain('<th scope="col">Čas (UTC)</th>');
    expect(page).toContain('<td data-label="Akce">otevření položky</td>');
    expect(page).toContain('content item <span class="shortened"><a href="/staff/audit?objectId=item-1"');
    expect(page).toContain('rel="next">Další stránka (starší záznamy)</a>');
    expect(page).toContain('<a href="/staff/audit" aria-current="page">Auditní záznamy</a>');
  });
});

describe('readAuditFilters', () => {
  it('turns the form into filters, the to date included', () => {
    const request = readAuditFilters({ actor: ' analyst@example.org ', from: '2025-01-01', to: '2025-01-31', before: '17' });
    expect(request.form).toEqual({ ...noFilters, actor: 'analyst@example.org', from: '2025-01-01', to: '2025-01-31' });
    expect(request.filters).toEqual({
      actor: 'analyst@example.org',
      from: new Date('2025-01-01T00:00:00.000Z'),
      to: new Date('2025-02-01T00:00:00.000Z'),
    });
    expect(request.before).toBe(17);
  });

  it('drops dates and cursors that do not parse', () => {
    const request = readAuditFilters({ from: '2025-02-30', to: '2025-13-45', before: '0', action: ['a', 'b'] });
    expect(request.form).toEqual(noFilters);
    expect(request.filters).toEqual({});
    expect(request.before).toBeUndefined();
  });
});
