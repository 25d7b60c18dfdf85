import { sql, type Kysely, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { runAuditVerify } from './cli.js';
import { appendAudit, audit, queryAuditLog, verifyAuditLog, type NewAuditEntry } from './log.js';

function viewed(n: number, actor = 'analyst@example.org'): NewAuditEntry {
  return { actor, action: 'item_viewed', objectType: 'content_item', objectId: `item-${n}`, detail: { n } };
}

async function appendMany(db: Kysely<Database>, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await audit(db, viewed(n));
}

async function countEntries(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return row.count;
}

/** Does what only someone deliberately bypassing the append-only trigger can do. */
async function tamper(db: Kysely<Database>, statement: RawBuilder<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(trx);
    await statement.execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(trx);
  });
}

async function withFreshLog(entries: number, test: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const fresh = await openTestDatabase();
  try {
    await appendMany(fresh.db, entries);
    await test(fresh.db);
  } finally {
    await fresh.close();
  }
}

describe(`audit log on ${testEngine}`, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('appends entries that form a verifiable chain, with the detail hashed as it is read back', async () => {
    const first = await audit(handle.db, {
      actor: 'system',
      action: 'setting_changed',
      objectType: 'setting',
      detail: { zeta: 1, a: { nested: true }, when: new Date('2025-03-04T05:06:07.089Z'), dropped: undefined },
    });
    await audit(handle.db, viewed(1));
    expect(first).toMatchObject({ id: 1, objectId: null, detail: { zeta: 1, a: { nested: true }, when: '2025-03-04T05:06:07.089Z' } });
    const { entries } = await queryAuditLog(handle.db, { limit: 10, action: 'setting_changed' });
    expect(entries).toEqual([first]);
    expect(await verifyAuditLog(handle.db)).toEqual({ ok: true, count: 2 });
  });

  it('drops an entry with the transaction that made it, leaving no gap', async () => {
    const failing = handle.db.transaction().execute(async (trx) => {
      await appendAudit(trx, viewed(2));
      throw new Error('the action failed');
    });
    await expect(failing).rejects.toThrow('the action failed');
    const next = await audit(handle.db, viewed(3));
    expect(next.id).toBe(3);
    expect(await verifyAuditLog(handle.db)).toEqual({ ok: true, count: 3 });
  });

  it('keeps one chain under 50 concurrent appends', async () => {
    const before = await countEntries(handle.db);
    const appended = await Promise.all(Array.from({ length: 50 }, (_, n) => audit(handle.db, viewed(100 + n, `parallel-${n}`))));
    expect(new Set(appended.map((entry) => entry.id)).size).toBe(50);
    expect(await verifyAuditLog(handle.db, 7)).toEqual({ ok: true, count: before + 50 });
  });

  it.runIf(testEngine === 'postgres')('keeps one chain when two connection pools (two processes) append at once', async () => {
    const other = await openDatabase({ databaseUrl: handle.connectionString, pgliteDir: undefined, poolSize: 4 });
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, n) => audit(n % 2 === 0 ? handle.db : other.db, viewed(200 + n, `process-${n % 2}`))),
      );
    } finally {
      await other.close();
    }
    expect(await verifyAuditLog(handle.db)).toMatchObject({ ok: true });
  });

  it('browses newest first, filtered, one page at a time', async () => {
    await audit(handle.db, { actor: 'auditor@example.org', action: 'export', objectType: 'report', objectId: 'r-1' });
    await audit(handle.db, { actor: 'auditor@example.org', action: 'export', objectType: 'report', objectId: 'r-2' });
    await audit(handle.db, { actor: 'auditor@example.org', action: 'export', objectType: 'report', objectId: 'r-3' });
    const firstPage = await queryAuditLog(handle.db, { actor: 'auditor@example.org', limit: 2 });
    expect(firstPage.entries.map((entry) => entry.objectId)).toEqual(['r-3', 'r-2']);
    expect(firstPage.nextCursor).toBe(firstPage.entries[1]!.id);
    const lastPage = await queryAuditLog(handle.db, { actor: 'auditor@example.org', limit: 2, before: firstPage.nextCursor! });
    expect(lastPage).toEqual({ entries: [expect.objectContaining({ objectId: 'r-1' })], nextCursor: null });
    const [r2] = firstPage.entries.slice(1);
    const byObject = await queryAuditLog(handle.db, { objectType: 'report', objectId: 'r-2', limit: 5 });
    expect(byObject.entries).toEqual([r2]);
    const inWindow = await queryAuditLog(handle.db, { action: 'export', from: r2!.at, to: new Date(r2!.at.getTime() + 1), limit: 5 });
    expect(inWindow.entries.map((entry) => entry.objectId)).toContain('r-2');
    const beforeWindow = await queryAuditLog(handle.db, { action: 'export', from: new Date(0), to: r2!.at, limit: 5 });
    expect(beforeWindow.entries).not.toContainEqual(r2);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database', async () => {
    await expect(sql`UPDATE audit_log SET actor = 'someone-else' WHERE id = 1`.execute(handle.db)).rejects.toThrow(
      'audit_log is append-only: UPDATE refused',
    );
    await expect(sql`DELETE FROM audit_log WHERE id = 1`.execute(handle.db)).rejects.toThrow('audit_log is append-only: DELETE refused');
    await expect(sql`TRUNCATE audit_log`.execute(handle.db)).rejects.toThrow('audit_log is append-only: TRUNCATE refused');
    expect(await verifyAuditLog(handle.db)).toMatchObject({ ok: true });
  });
});

describe(`a tampered audit log on ${testEngine}`, () => {
  it('names the entry whose detail was altered', () =>
    withFreshLog(5, async (db) => {
      await tamper(db, sql`UPDATE audit_log SET detail = '{"n": 99}' WHERE id = 3`);
      expect(await verifyAuditLog(db, 2)).toEqual({ ok: false, brokenAt: 3, reason: 'the entry does not match its hash: it was altered' });
    }));

  it('names the entry after a deleted one', () =>
    withFreshLog(5, async (db) => {
      await tamper(db, sql`DELETE FROM audit_log WHERE id = 3`);
      expect(await verifyAuditLog(db, 2)).toEqual({ ok: false, brokenAt: 4, reason: 'entry 3 is missing' });
    }));

  it('names a deleted last entry', () =>
    withFreshLog(5, async (db) => {
      await tamper(db, sql`DELETE FROM audit_log WHERE id = 5`);
      expect(await verifyAuditLog(db)).toEqual({
        ok: false,
        brokenAt: 5,
        reason: 'entry 5 is missing (the chain head records entry 5)',
      });
    }));

  it('makes `audit verify` exit 0 on an intact log and 1 with the entry on a broken one', () =>
    withFreshLog(4, async (db) => {
      expect(await runAuditVerify(db)).toEqual({ exitCode: 0, message: 'audit log intact: 4 entries' });
      await tamper(db, sql`UPDATE audit_log SET actor = 'someone-else' WHERE id = 2`);
      expect(await runAuditVerify(db)).toEqual({
        exitCode: 1,
        message: 'audit log broken at entry 2: the entry does not match its hash: it was altered',
      });
    }));
});
