import { sql, type Kysely, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { gatherFacts, routingRun, type RoutingFacts } from '../routing/route-item.js';
import { checkItem, type ClaimedItem, type HostingFacts, type MonitorDeps } from './check.js';
import type { CapturedHashes } from './look.js';
import type { ItemMonitoringTable } from './tables.js';

/**
 * Checks run as pg-boss jobs on any worker. The schedule lives in
 * item_monitoring.next_check_at; a `monitor-checks` job (every minute, and at
 * once when a check is asked for) claims the due items a batch at a time with
 * SKIP LOCKED — so workers never check one item twice at once — and checks
 * them MONITOR_CONCURRENCY at a time. A claim is a lease: an item whose worker
 * died is due again when the lease ends, and checked by another.
 */
export const MONITOR_CHECKS_JOB = 'monitor-checks';

/** Longer than any one check takes: the page and its media, each bounded by the fetch time-out and the capture budget. */
export const CHECK_LEASE_MS = 10 * 60_000;
/** A job stops claiming after this; what is still due goes to the next job, possibly on another worker. */
const RUN_BUDGET_MS = 4 * 60_000;

export interface RunOptions {
  concurrency: number;
  /** Stop claiming once this time is reached. */
  until: number;
  now?: () => Date;
  onError?: (itemId: string, error: unknown) => void;
}

/** Answers about a host's provider are kept this long within one run; many items share a host. */
const FACTS_TTL_MS = 60_000;

/**
 * Claims up to `limit` due items, with all a check needs to know of them. An
 * item never checked yet is only due once MONITOR_FIRST_CHECK has passed
 * since the hotline acted (the lifecycle store that starts monitoring does not
 * know the setting, and leaves the row due at the time of acting): such a row
 * is moved to that time instead of being claimed.
 */
export async function claimDueItems(db: Kysely<Database>, limit: number, now: Date, firstCheckMs: number): Promise<ClaimedItem[]> {
  const firstCheck = sql`${firstCheckMs} * interval '1 millisecond'`;
  const lease = new Date(now.getTime() + CHECK_LEASE_MS);
  const { rows } = await sql<Selectable<ItemMonitoringTable> & ClaimedRow>`
    WITH due AS (
      SELECT item_id FROM item_monitoring
      WHERE next_check_at <= ${now}
      ORDER BY next_check_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ),
    leased AS (
      UPDATE item_monitoring m
      SET next_check_at = CASE WHEN m.next_check_at = m.acted_at AND m.acted_at + ${firstCheck} > ${now} THEN m.acted_at + ${firstCheck} ELSE ${lease} END
      FROM due WHERE m.item_id = due.item_id
      RETURNING m.*
    )
    SELECT leased.*, c.normalized_url, c.host, c.status, c.status_changed_at,
           r.provider_id AS routed_provider_id, r.hosting_country AS routed_country, r.id IS NOT NULL AS routed,
           (SELECT coalesce(json_agg(json_build_object('sha256', cm.sha256, 'pdq', cm.pdq)), '[]'::json) FROM captured_media cm WHERE cm.item_id = leased.item_id) AS captured
    FROM leased
    JOIN content_items c ON c.id = leased.item_id
    LEFT JOIN item_routings r ON r.item_id = leased.item_id AND r.settled_at IS NULL
    WHERE leased.next_check_at = ${lease}`.execute(db);
  return rows.map(({ normalized_url, host, status, status_changed_at, routed_provider_id, routed_country, routed, captured, ...watch }) => ({
    watch: { ...watch, asn: watch.asn === null ? null : Number(watch.asn) },
    url: normalized_url,
    host,
    status,
    statusChangedAt: new Date(status_changed_at),
    captured: typeof captured === 'string' ? (JSON.parse(captured) as CapturedHashes[]) : captured,
    routedTo: routed ? { providerId: routed_provider_id, country: routed_country } : null,
  }));
}

interface ClaimedRow {
  normalized_url: string;
  host: string;
  status: ItemStatus;
  status_changed_at: Date;
  routed_provider_id: number | null;
  routed_country: string | null;
  routed: boolean;
  captured: CapturedHashes[] | string;
}

/** gatherFacts, remembered by host and addresses for a while. */
function rememberedFacts(deps: MonitorDeps): HostingFacts {
  const known = new Map<string, { at: number; facts: Promise<RoutingFacts> }>();
  return (hosting) => {
    const key = `${hosting.host} ${hosting.addresses.map((address) => address.address).join(' ')}`;
    const hit = known.get(key);
    if (hit && Date.now() - hit.at < FACTS_TTL_MS) return hit.facts;
    const facts = routingRun(deps.routing, [hosting]).then((run) => gatherFacts(deps.routing, run, hosting));
    known.set(key, { at: Date.now(), facts });
    facts.catch(() => known.delete(key));
    return facts;
  };
}

/**
 * Checks due items until none is due or the time is up, `concurrency` at a
 * time: each of that many lanes takes the next claimed item as soon as it is
 * free, so one slow site holds up one lane only. `more` when it stopped for
 * time with items possibly still due.
 */
export async function runDueChecks(deps: MonitorDeps, options: RunOptions): Promise<{ checked: number; more: boolean }> {
  const now = options.now ?? (() => new Date());
  const facts = rememberedFacts(deps);
  const waiting: ClaimedItem[] = [];
  let exhausted = false;
  let checked = 0;
  let claiming: Promise<void> | undefined;
  const refill = async () => {
    const claimed = await claimDueItems(deps.db, options.concurrency * 2, now(), deps.settings.firstCheckMs);
    if (claimed.length === 0) exhausted = true;
    waiting.push(...claimed);
  };
  const next = async (): Promise<ClaimedItem | undefined> => {
    while (waiting.length === 0) {
      if (exhausted || Date.now() >= options.until) return undefined;
      await (claiming ??= refill().finally(() => (claiming = undefined)));
    }
    return waiting.shift();
  };
  const lane = async () => {
    for (let item = await next(); item !== undefined; item = await next()) {
      try {
        await checkItem(deps, item, facts, now());
        checked += 1;
      } catch (error) {
        options.onError?.(item.watch.item_id, error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { checked, more: !exhausted };
}

/** Asks for a check of these items now, e.g. when a provider says it removed them; the confirmation itself proves nothing. */
export function checkSoonOn(db: Kysely<Database>, jobs: () => Pick<Jobs, 'send'>): (itemIds: readonly string[]) => Promise<void> {
  return async (itemIds) => {
    if (itemIds.length === 0) return;
    await db.updateTable('item_monitoring').set({ next_check_at: new Date() }).where('item_id', 'in', itemIds).where('next_check_at', 'is not', null).execute();
    await jobs().send(MONITOR_CHECKS_JOB, {});
  };
}

export function monitorJobs(deps: MonitorDeps, jobs: () => Pick<Jobs, 'send'>, concurrency: number, logger: Logger): JobDefinition[] {
  return [
    {
      name: MONITOR_CHECKS_JOB,
      schedule: '* * * * *',
      retryLimit: 0,
      timeLimitSeconds: (RUN_BUDGET_MS + CHECK_LEASE_MS) / 1000,
      handle: async () => {
        const onError = (itemId: string, error: unknown) => logger.warn({ itemId, err: error }, 'check failed; the item is checked again when its lease ends');
        const { checked, more } = await runDueChecks(deps, { concurrency, until: Date.now() + RUN_BUDGET_MS, onError });
        if (checked > 0) logger.info({ checked }, 'monitoring checks done');
        if (more) await jobs().send(MONITOR_CHECKS_JOB, {});
      },
    },
  ];
}
