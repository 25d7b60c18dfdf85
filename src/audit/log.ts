import { sql, type ExpressionBuilder, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  ChainVerifier,
  entryHash,
  type AuditEntry,
  type ChainHead,
  type ChainVerdict,
  type ChainedEntry,
  type JsonValue,
} from './chain.js';
import type { AuditLogTable } from './tables.js';

export interface NewAuditEntry {
  /** A user id or e-mail, or 'system' / 'anonymous'. */
  actor: string;
  /** What happened, e.g. login, login_failed, item_viewed, assessment_decided, export. */
  action: string;
  objectType: string;
  objectId?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditLogFilters {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditLogQuery extends AuditLogFilters {
  limit: number;
  /** Cursor from the previous page: only entries with a smaller id. */
  before?: number;
}

export interface AuditLogPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** The `before` of the next (older) page, or null on the last page. */
  nextCursor: number | null;
}

const VERIFY_PAGE_SIZE = 5_000;

/**
 * Appends an entry inside the caller's transaction, so it commits or rolls back
 * with the action it records. Holds the chain head's row lock until then.
 */
export async function appendAudit(trx: Transaction<Database>, entry: NewAuditEntry): Promise<AuditEntry> {
  const head = await trx
    .selectFrom('audit_chain_head')
    .select(['last_id', 'last_hash', sql<Date>`date_trunc('milliseconds', clock_timestamp())`.as('now')])
    .forUpdate()
    .executeTakeFirstOrThrow(() => new Error('audit_chain_head has no row'));
  const stored: AuditEntry = {
    id: head.last_id + 1,
    at: head.now,
    actor: entry.actor,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    detail: asReadBack(entry.detail),
  };
  const hash = entryHash(head.last_hash, stored);
  await trx
    .insertInto('audit_log')
    .values({
      id: stored.id,
      at: stored.at,
      actor: stored.actor,
      action: stored.action,
      object_type: stored.objectType,
      object_id: stored.objectId,
      detail: stored.detail === null ? null : JSON.stringify(stored.detail),
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await trx.updateTable('audit_chain_head').set({ last_id: stored.id, last_hash: hash }).execute();
  return stored;
}

/** Appends an entry in a transaction of its own, for events that change nothing else. */
export function audit(db: Kysely<Database>, entry: NewAuditEntry): Promise<AuditEntry> {
  return db.transaction().execute((trx) => appendAudit(trx, entry));
}

/**
 * The hash must cover the detail as jsonb will give it back: the JSON round
 * trip drops undefined members and turns dates into strings, as storing does.
 */
function asReadBack(detail: Record<string, unknown> | null | undefined): JsonValue {
  return detail ? (JSON.parse(JSON.stringify(detail)) as JsonValue) : null;
}

/**
 * Recomputes the whole chain, reading it page by page in id order. Only entries
 * up to the head read first are checked, so appends during the run do not matter.
 */
export async function verifyAuditLog(db: Kysely<Database>, pageSize = VERIFY_PAGE_SIZE): Promise<ChainVerdict> {
  const head = await readChainHead(db);
  const verifier = new ChainVerifier();
  for await (const entry of chainedEntries(db, head.lastId, pageSize)) {
    const broken = verifier.add(entry);
    if (broken) return broken;
  }
  return verifier.finish(head);
}

async function readChainHead(db: Kysely<Database>): Promise<ChainHead> {
  const row = await db
    .selectFrom('audit_chain_head')
    .select(['last_id', 'last_hash'])
    .executeTakeFirstOrThrow(() => new Error('audit_chain_head has no row'));
  return { lastId: row.last_id, lastHash: row.last_hash };
}

async function* chainedEntries(db: Kysely<Database>, lastId: number, pageSize: number): AsyncGenerator<ChainedEntry> {
  let after = 0;
  while (after < lastId) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .where('id', '<=', lastId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) yield { ...toEntry(row), prevHash: row.prev_hash, hash: row.hash };
    after = rows.at(-1)!.id;
  }
}

/** Entries matching every given filter, newest first, one page at a time. */
export async function queryAuditLog(db: Kysely<Database>, query: AuditLogQuery): Promise<AuditLogPage> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'action', 'object_type', 'object_id', 'detail'])
    .where((eb) => matching(eb, query))
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const entries = rows.slice(0, query.limit).map(toEntry);
  const nextCursor = rows.length > query.limit ? entries.at(-1)!.id : null;
  return { entries, nextCursor };
}

function matching(eb: ExpressionBuilder<Database, 'audit_log'>, query: AuditLogQuery) {
  const conditions = [];
  if (query.actor !== undefined) conditions.push(eb('actor', '=', query.actor));
  if (query.action !== undefined) conditions.push(eb('action', '=', query.action));
  if (query.objectType !== undefined) conditions.push(eb('object_type', '=', query.objectType));
  if (query.objectId !== undefined) conditions.push(eb('object_id', '=', query.objectId));
  if (query.from !== undefined) conditions.push(eb('at', '>=', query.from));
  if (query.to !== undefined) conditions.push(eb('at', '<', query.to));
  if (query.before !== undefined) conditions.push(eb('id', '<', query.before));
  return eb.and(conditions);
}

function toEntry(row: Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash'>): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    detail: row.detail,
  };
}
