import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { canTake, type ItemStatus } from '../domain/item-lifecycle.js';
import { applyCheck, hasMoved, nextCheckAt, NO_RUN, secondsToRemoval, type MonitorSettings, type RunChange, type RunState } from '../domain/monitoring.js';
import { changeItemStatus, noteOnTimeline } from '../items/lifecycle-store.js';
import type { EnqueueRouting } from '../routing/jobs.js';
import type { Hosting, RoutingDeps, RoutingFacts } from '../routing/route-item.js';
import { hostingCountryOf, traceHost, type HostAddress } from '../trace/hosting.js';
import { traceItem, type MediaSearch, type TraceDeps } from '../triage/triage.js';
import { closeNoticeItemsOf } from '../notices/store.js';
import { lookAt, type CapturedHashes, type Look } from './look.js';
import { recordMoveIn } from './moves.js';
import type { ItemMonitoringTable } from './tables.js';

/**
 * One check of one acted-on item: fetch, judge, trace again, and record —
 * the check, the run of misses, and what follows from it (removal confirmed,
 * content back, content moved) — together or not at all.
 */
export interface MonitorDeps {
  db: Kysely<Database>;
  search: MediaSearch;
  trace: TraceDeps;
  routing: Pick<RoutingDeps, 'db' | 'policy' | 'rdap'>;
  settings: MonitorSettings;
  /** Routes an item anew: content that moved, or came back after removal. */
  enqueueRouting: EnqueueRouting;
}

export type CheckResult = RunChange | 'moved' | 'closed' | 'not_watched';

/** A due item as the claim hands it over: what a check needs, read in the claiming statement. */
export interface ClaimedItem {
  watch: Watch;
  url: string;
  host: string;
  status: ItemStatus;
  statusChangedAt: Date;
  captured: CapturedHashes[];
  /** The provider and country the item's current routing decision was made on. */
  routedTo: { providerId: number | null; country: string | null } | null;
}

/** Who hosts what the trace found; the check runner remembers answers for a while, as many items share a host. */
export type HostingFacts = (hosting: Hosting) => Promise<RoutingFacts>;

/** An item whose content the hotline waits to see gone, or watches for coming back. */
const isWatched = (status: ItemStatus) => canTake(status, 'removal_confirmed') || status === 'removed';

interface HostingNow {
  addresses: HostAddress[];
  country: string | null;
  asn: number | null;
}

export async function checkItem(deps: MonitorDeps, item: ClaimedItem, facts: HostingFacts, now = new Date()): Promise<CheckResult> {
  const itemId = item.watch.item_id;
  if (!isWatched(item.status)) return notWatched(deps, itemId, item.status, now);
  if (item.status === 'removed' && item.statusChangedAt.getTime() + deps.settings.watchRemovedMs <= now.getTime()) return closeAfterWatch(deps.db, itemId);
  const [look, hosting] = await Promise.all([lookAt(deps.search, item.url, item.captured), hostingNow(deps.trace, item.host)]);
  const moved = look.outcome === 'present' && item.status !== 'removed' && (await movedSince(item, hosting, facts));
  const result = await record(deps, item, { look, hosting, moved, at: now });
  if (result === 'moved') await traceItem(deps.trace, itemId, item.host);
  if (result === 'moved' || result === 'reappeared') await deps.enqueueRouting([itemId]);
  return result;
}

/**
 * Waiting to be acted on anew (moved, or back after removal), or closed: no
 * check now, and closed items are not checked again. A moved item is queued
 * for routing once more, in case the queueing after the move was lost.
 */
async function notWatched(deps: MonitorDeps, itemId: string, status: ItemStatus, now: Date): Promise<CheckResult> {
  const next = status === 'closed' ? null : new Date(now.getTime() + deps.settings.intervalMs);
  await deps.db.updateTable('item_monitoring').set({ next_check_at: next }).where('item_id', '=', itemId).execute();
  if (status === 'moved') await deps.enqueueRouting([itemId]);
  return 'not_watched';
}

/** A removed item watched long enough without its content coming back is settled. */
async function closeAfterWatch(db: Kysely<Database>, itemId: string): Promise<CheckResult> {
  await db.transaction().execute(async (trx) => {
    await changeItemStatus(trx, { itemId, event: 'closed', actor: null, detail: { reason: 'removed_and_not_back' } });
    await trx.updateTable('item_monitoring').set({ next_check_at: null }).where('item_id', '=', itemId).execute();
  });
  return 'closed';
}

/** The host's addresses now, not recorded: most checks find nothing new, and the timeline stays short. */
async function hostingNow(deps: TraceDeps, host: string): Promise<HostingNow> {
  const trace = await traceHost(host, await deps.ipData(), deps.resolve);
  const addresses = trace.ok ? trace.addresses : [];
  return { addresses, country: hostingCountryOf(addresses), asn: addresses.find((address) => address.network)?.network?.asn ?? null };
}

/** Whether the content is now served by another provider, network or country than the one the hotline acted on. */
async function movedSince(item: ClaimedItem, hosting: HostingNow, facts: HostingFacts): Promise<boolean> {
  if (hosting.addresses.length === 0 || !item.routedTo) return false;
  const { attribution } = await facts({ host: item.host, addresses: hosting.addresses, country: hosting.country });
  return hasMoved(
    { providerId: item.routedTo.providerId, country: item.routedTo.country, asn: item.watch.asn },
    { providerId: attribution.provider?.id ?? null, country: attribution.hostingCountry, asn: hosting.asn },
  );
}

type Watch = Selectable<ItemMonitoringTable>;

const runStateOf = (row: Watch): RunState => ({
  runMisses: row.run_misses,
  runStartedAt: row.run_started_at,
  lastMissAt: row.last_miss_at,
  removedAt: row.removed_at,
});

interface Observation {
  look: Look;
  hosting: HostingNow;
  moved: boolean;
  at: Date;
}

/**
 * Stores the check and its consequences. Most checks change nothing but the
 * run: one statement, on the row the claim leased. A check that changes the
 * item's status locks item and row and decides again on what is there now.
 */
async function record(deps: MonitorDeps, item: ClaimedItem, seen: Observation): Promise<CheckResult> {
  const quiet = applyCheck(runStateOf(item.watch), seen.look.outcome, seen.at, deps.settings);
  if (!seen.moved && QUIET_CHANGES.has(quiet.change)) {
    await saveRun(deps.db, item.watch, quiet.state, seen, {}, deps.settings);
    return quiet.change;
  }
  return deps.db.transaction().execute(async (trx) => {
    const itemId = item.watch.item_id;
    const current = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    const row = await trx.selectFrom('item_monitoring').selectAll().where('item_id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    if (seen.moved && canTake(current.status, 'move_detected')) {
      await recordMoveIn(trx, { itemId, at: seen.at, detail: { country: seen.hosting.country, asn: seen.hosting.asn } });
      await saveRun(trx, row, NO_RUN, seen, {}, deps.settings);
      return 'moved';
    }
    const { state, change } = applyCheck(runStateOf(row), seen.look.outcome, seen.at, deps.settings);
    await followUp(trx, { itemId, status: current.status, change, state, reason: seen.look.reason, actedAt: row.acted_at });
    await saveRun(trx, row, state, seen, change === 'reappeared' ? { reappearances: row.reappearances + 1 } : {}, deps.settings);
    return change;
  });
}

/** Changes that touch nothing but the run itself. */
const QUIET_CHANGES: ReadonlySet<RunChange> = new Set(['none', 'miss', 'miss_too_soon']);

interface FollowUp {
  itemId: string;
  status: ItemStatus;
  change: RunChange;
  state: RunState;
  reason: string;
  actedAt: Date;
}

/** What a change means for the item: its status, its notices and a line on its timeline — one per run, not one per check. */
async function followUp(trx: Transaction<Database>, { itemId, status, change, state, reason, actedAt }: FollowUp): Promise<void> {
  if (change === 'removed' && canTake(status, 'removal_confirmed')) {
    const removedAt = state.removedAt!;
    await changeItemStatus(trx, { itemId, event: 'removal_confirmed', actor: null, detail: { removedAt, timeToRemovalSeconds: secondsToRemoval(actedAt, removedAt), misses: state.runMisses, reason } });
    await closeNoticeItemsOf(trx, itemId, 'removed', new Date(), removedAt);
  } else if (change === 'reappeared' && canTake(status, 'reappeared')) {
    await changeItemStatus(trx, { itemId, event: 'reappeared', actor: null, detail: { reason } });
  } else if (change === 'run_started' || change === 'run_ended') {
    await noteOnTimeline(trx, { itemId, event: `monitor_${change}`, status, actor: null, detail: { reason } });
  }
}

/** The check, and the run as it stands after it, in one statement. */
async function saveRun(db: Kysely<Database> | Transaction<Database>, row: Watch, state: RunState, seen: Observation, counters: { reappearances?: number }, settings: MonitorSettings): Promise<void> {
  const check = db.insertInto('monitor_checks').values({
    item_id: row.item_id,
    checked_at: seen.at,
    outcome: seen.look.outcome,
    reason: seen.look.reason,
    http_status: seen.look.httpStatus,
    hosting_country: seen.hosting.country,
    asn: seen.hosting.asn,
  });
  await db
    .with('check', () => check)
    .updateTable('item_monitoring')
    .set((eb) => ({
      checks: eb('checks', '+', 1),
      last_checked_at: seen.at,
      run_misses: state.runMisses,
      run_started_at: state.runStartedAt,
      last_miss_at: state.lastMissAt,
      removed_at: state.removedAt,
      time_to_removal_seconds: state.removedAt ? secondsToRemoval(row.acted_at, state.removedAt) : null,
      next_check_at: nextCheckAt(state, seen.at, settings),
      ...counters,
    }))
    .where('item_id', '=', row.item_id)
    .execute();
}
