import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { when } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import type { ActedBy, CheckOutcome } from './tables.js';

/** How many of an item's latest checks the API and the item page show. */
const RECENT_CHECKS = 10;

export interface MonitorCheckView {
  checkedAt: Date;
  outcome: CheckOutcome;
  reason: string;
  httpStatus: number | null;
  hostingCountry: string | null;
  asn: number | null;
}

export interface MonitoringView {
  actedAt: Date;
  actedBy: ActedBy;
  /** Null once nothing more is checked (the item is closed). */
  nextCheckAt: Date | null;
  lastCheckedAt: Date | null;
  checks: number;
  /** Consecutive misses in the current run, and the run's first miss. */
  missesInRun: number;
  runStartedAt: Date | null;
  reappearances: number;
  moves: number;
  recentChecks: MonitorCheckView[];
}

export interface ItemMonitoring {
  /** Null until the hotline acted on the item. */
  monitoring: MonitoringView | null;
  removedAt: Date | null;
  timeToRemovalSeconds: number | null;
}

/** What monitoring knows of an item. */
export async function monitoringOf(db: Kysely<Database>, itemId: string): Promise<ItemMonitoring> {
  const [row, checks] = await Promise.all([
    db.selectFrom('item_monitoring').selectAll().where('item_id', '=', itemId).executeTakeFirst(),
    db.selectFrom('monitor_checks').select(['checked_at', 'outcome', 'reason', 'http_status', 'hosting_country', 'asn']).where('item_id', '=', itemId).orderBy('checked_at', 'desc').orderBy('id', 'desc').limit(RECENT_CHECKS).execute(),
  ]);
  if (!row) return { monitoring: null, removedAt: null, timeToRemovalSeconds: null };
  return {
    monitoring: {
      actedAt: row.acted_at,
      actedBy: row.acted_by,
      nextCheckAt: row.next_check_at,
      lastCheckedAt: row.last_checked_at,
      checks: row.checks,
      missesInRun: row.removed_at ? 0 : row.run_misses,
      runStartedAt: row.removed_at ? null : row.run_started_at,
      reappearances: row.reappearances,
      moves: row.moves,
      recentChecks: checks.map((check) => ({
        checkedAt: check.checked_at,
        outcome: check.outcome,
        reason: check.reason,
        httpStatus: check.http_status,
        hostingCountry: check.hosting_country,
        asn: check.asn === null ? null : Number(check.asn),
      })),
    },
    removedAt: row.removed_at,
    timeToRemovalSeconds: row.time_to_removal_seconds,
  };
}

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** The OpenAPI description of what GET /api/v1/items/{id} adds about monitoring. */
export const ItemMonitoringSchema = {
  monitoring: nullable(
    Type.Object({
      actedAt: DateTime,
      actedBy: Type.Union([Type.Literal('notice'), Type.Literal('forward'), Type.Literal('police')]),
      nextCheckAt: nullable(DateTime),
      lastCheckedAt: nullable(DateTime),
      checks: Type.Integer(),
      missesInRun: Type.Integer({ description: 'consecutive misses in the current run; removal is confirmed at MONITOR_MISSES' }),
      runStartedAt: nullable(DateTime),
      reappearances: Type.Integer(),
      moves: Type.Integer(),
      recentChecks: Type.Array(
        Type.Object({
          checkedAt: DateTime,
          outcome: Type.Union([Type.Literal('present'), Type.Literal('gone'), Type.Literal('inconclusive')]),
          reason: Type.String({ description: 'e.g. http_404, dns, refused, media_missing, media_present, timeout' }),
          httpStatus: nullable(Type.Integer()),
          hostingCountry: nullable(Type.String()),
          asn: nullable(Type.Integer()),
        }),
        { description: `the latest ${RECENT_CHECKS} checks, newest first` },
      ),
    }),
  ),
  removedAt: nullable(Type.String({ format: 'date-time', description: 'the first miss of the run that confirmed removal' })),
  timeToRemovalSeconds: nullable(Type.Integer({ description: 'from the hotline acting (notice accepted, forwarded, referred) to removedAt' })),
};

function duration(t: Translate, seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return t('monitor.duration', { hours: String(hours), minutes: String(minutes) });
}

/** The item page's monitoring section: the schedule, the run, removal, and the latest checks. */
export function monitoringSection(t: Translate, view: ItemMonitoring): Html | string {
  const { monitoring } = view;
  if (!monitoring) return '';
  const headings = (['monitor.check.when', 'monitor.check.outcome', 'monitor.check.reason', 'monitor.check.where'] as const).map((key) => html`<th scope="col">${t(key)}</th>`);
  return html`<h2>${t('monitor.heading')}</h2>
<dl class="facts" data-testid="monitoring">
  <dt>${t('monitor.actedAt')}</dt><dd>${when(monitoring.actedAt)} (${t(`monitor.actedBy.${monitoring.actedBy}`)})</dd>
  <dt>${t('monitor.nextCheck')}</dt><dd data-testid="next-check">${monitoring.nextCheckAt ? when(monitoring.nextCheckAt) : t('monitor.notChecked')}</dd>
  <dt>${t('monitor.missesInRun')}</dt><dd data-testid="misses">${monitoring.missesInRun}</dd>
  <dt>${t('monitor.removedAt')}</dt><dd data-testid="removed-at">${view.removedAt ? when(view.removedAt) : '—'}</dd>
  <dt>${t('monitor.timeToRemoval')}</dt><dd data-testid="time-to-removal">${view.timeToRemovalSeconds === null ? '—' : duration(t, view.timeToRemovalSeconds)}</dd>
  <dt>${t('monitor.counts')}</dt><dd>${t('monitor.countsValue', { checks: String(monitoring.checks), moves: String(monitoring.moves), reappearances: String(monitoring.reappearances) })}</dd>
</dl>
${monitoring.recentChecks.length > 0 ? html`<table data-testid="recent-checks">
  <caption>${t('monitor.check.caption', { count: monitoring.recentChecks.length })}</caption>
  <thead><tr>${headings}</tr></thead>
  <tbody>${monitoring.recentChecks.map(
    (check) => html`<tr><td>${when(check.checkedAt)}</td><td>${t(`monitor.outcome.${check.outcome}`)}</td><td><code>${check.reason}</code>${check.httpStatus === null ? '' : ` (${check.httpStatus})`}</td><td>${[check.hostingCountry, check.asn === null ? null : `AS${check.asn}`].filter(Boolean).join(' ') || '—'}</td></tr>`,
  )}</tbody>
</table>` : ''}`;
}
