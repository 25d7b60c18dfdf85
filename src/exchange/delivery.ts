import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { canTake } from '../domain/item-lifecycle.js';
import { retryDelayMs } from '../domain/notice-lifecycle.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { MESSAGES_PATH, type ExchangeKey } from './identity.js';
import { signedHeaders } from './signing.js';

/**
 * Delivering an item's messages to partners, strictly in the order they were
 * written: the oldest undelivered message of the item goes first, and nothing
 * after it goes until it was accepted. A message that fails is tried again
 * after 5 s, then twice as long each time up to `retryMaxMs`, for as long as it
 * takes. Receivers apply a message id once, so a second delivery (a worker
 * that died after sending, before recording) does no harm.
 */
export interface DeliveryDeps {
  db: Kysely<Database>;
  key: () => Promise<ExchangeKey>;
  retryMaxMs: number;
  timeoutMs: number;
  logger?: Logger | undefined;
}

/** Longest one worker holds a message: past it, another may send it. */
const LEASE_MS = 60_000;

export type DeliveryOutcome = { delivered: number; waiting: 'nothing' | 'retry' | 'another_worker' };

export async function deliverItemMessages(deps: DeliveryDeps, itemId: string): Promise<DeliveryOutcome> {
  let delivered = 0;
  for (;;) {
    const next = await oldestUndelivered(deps.db, itemId);
    if (!next) return { delivered, waiting: 'nothing' };
    if (next.next_attempt_at.getTime() > Date.now()) return { delivered, waiting: 'retry' };
    if (!(await lease(deps.db, next.id))) return { delivered, waiting: 'another_worker' };
    const failure = await send(deps, `${next.base_url}${MESSAGES_PATH}`, next.body);
    if (failure) {
      await recordFailure(deps, next, failure);
      return { delivered, waiting: 'retry' };
    }
    await recordDelivery(deps.db, next);
    delivered += 1;
  }
}

async function oldestUndelivered(db: Kysely<Database>, itemId: string) {
  return db
    .selectFrom('exchange_outbox')
    .innerJoin('partners', 'partners.id', 'exchange_outbox.partner_id')
    .select(['exchange_outbox.id', 'exchange_outbox.type', 'exchange_outbox.body', 'exchange_outbox.attempts', 'exchange_outbox.next_attempt_at', 'exchange_outbox.item_id', 'partners.base_url', 'partners.name'])
    .where('exchange_outbox.item_id', '=', itemId)
    .where('exchange_outbox.delivered_at', 'is', null)
    .where('partners.enabled', '=', true)
    .orderBy('exchange_outbox.id')
    .limit(1)
    .executeTakeFirst();
}

type OutboxRow = NonNullable<Awaited<ReturnType<typeof oldestUndelivered>>>;

async function lease(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db
    .updateTable('exchange_outbox')
    .set({ leased_until: sql<Date>`now() + ${`${LEASE_MS} milliseconds`}::interval` })
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', sql<Date>`now()`)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Posts one signed message; undefined once the partner accepted it (2xx), else why not. */
async function send(deps: DeliveryDeps, url: string, message: unknown): Promise<string | undefined> {
  const body = Buffer.from(JSON.stringify(message));
  try {
    const headers = await signedHeaders(await deps.key(), url, body);
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(deps.timeoutMs) });
    const text = (await response.text()).slice(0, 1000);
    return response.ok ? undefined : `HTTP ${response.status}: ${text}`;
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return `${(error as Error).message}${cause ? ` (${cause.message})` : ''}`;
  }
}

async function recordFailure(deps: DeliveryDeps, row: OutboxRow, failure: string): Promise<void> {
  const attempts = row.attempts + 1;
  const nextAttemptAt = new Date(Date.now() + retryDelayMs(attempts, deps.retryMaxMs));
  await deps.db.updateTable('exchange_outbox').set({ attempts, next_attempt_at: nextAttemptAt, last_error: failure.slice(0, 2000), leased_until: null }).where('id', '=', row.id).execute();
  deps.logger?.info({ partner: row.name, item: row.item_id, attempts, retryAt: nextAttemptAt, error: failure }, 'message to partner not delivered yet; it will be tried again');
}

/** Delivered; a report accepted by the partner moves the item to `forwarded`. */
async function recordDelivery(db: Kysely<Database>, row: OutboxRow): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('exchange_outbox').set({ delivered_at: new Date(), attempts: row.attempts + 1, leased_until: null, last_error: null }).where('id', '=', row.id).execute();
    if (row.type !== 'report') return;
    const item = await trx.selectFrom('content_items').select('status').where('id', '=', row.item_id).forUpdate().executeTakeFirstOrThrow();
    if (canTake(item.status, 'forwarded_to_partner')) await changeItemStatus(trx, { itemId: row.item_id, event: 'forwarded_to_partner', actor: null, detail: { partner: row.name } });
  });
}

/** Items with a message due to an enabled partner and nobody sending it: the ones a delivery job should be queued for. */
export async function itemsWithDueMessages(db: Kysely<Database>, limit = 500): Promise<string[]> {
  const rows = await db
    .selectFrom('exchange_outbox')
    .innerJoin('partners', 'partners.id', 'exchange_outbox.partner_id')
    .select('exchange_outbox.item_id')
    .distinct()
    .where('exchange_outbox.delivered_at', 'is', null)
    .where('partners.enabled', '=', true)
    .where('exchange_outbox.next_attempt_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('exchange_outbox.leased_until', 'is', null), eb('exchange_outbox.leased_until', '<', sql<Date>`now()`)]))
    .limit(limit)
    .execute();
  return rows.map((row) => row.item_id);
}
