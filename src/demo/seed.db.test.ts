import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { isItemStatus, nextStatus, type ItemEvent, ITEM_EVENTS, type ItemStatus } from '../domain/item-lifecycle.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { RealReportsPresent, seedDemoData } from './seed.js';

const NOW = new Date('2026-06-30T12:00:00Z');
const ITEMS = 600;
let database: DatabaseHandle;
let checks = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  ({ checks } = await seedDemoData(database.db, { items: ITEMS, days: 90, now: NOW, chunkSize: 250, randomSeed: 7 }));
}, 60_000);
afterAll(() => database.close());

async function count(query: ReturnType<typeof sql<{ count: number }>>): Promise<number> {
  const { rows } = await query.execute(database.db);
  return Number(rows[0]!.count);
}

describe(`demo seed on ${testEngine}`, () => {
  it('makes one demo report per item on reserved names, with a realistic mix of outcomes and actions', async () => {
    expect(await count(sql`SELECT count(*) FROM content_items`)).toBe(ITEMS);
    expect(await count(sql`SELECT count(*) FROM reports WHERE demo`)).toBe(ITEMS);
    expect(await count(sql`SELECT count(*) FROM content_items WHERE host NOT LIKE '%.example'`)).toBe(0);
    const outcomes = await database.db.selectFrom('assessments').select(['outcome', 'automatic']).distinct().execute();
    expect(new Set(outcomes.map((row) => row.outcome))).toEqual(new Set(['illegal', 'not_illegal', 'unavailable']));
    expect(outcomes.some((row) => row.automatic)).toBe(true);
    const acted = await database.db.selectFrom('item_monitoring').select('acted_by').distinct().execute();
    expect(new Set(acted.map((row) => row.acted_by))).toEqual(new Set(['notice', 'forward', 'police']));
    const steps = await database.db.selectFrom('notices').select('step').distinct().execute();
    expect(new Set(steps.map((row) => row.step))).toEqual(new Set(['notice', 'reminder', 'escalation']));
    expect(await count(sql`SELECT count(*) FROM item_monitoring WHERE removed_at IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) FROM notice_items WHERE response = 'disputed'`)).toBeGreaterThan(0);
  });

  it('keeps no file content and no reporter contact', async () => {
    expect(await count(sql`SELECT count(*) FROM captured_media WHERE sealed IS NOT NULL`)).toBe(0);
    expect(await count(sql`SELECT count(*) FROM captured_media`)).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) FROM reports WHERE contact_ciphertext IS NOT NULL OR description IS NOT NULL`)).toBe(0);
  });

  it('gives every item a timeline the lifecycle allows, ending in its status', async () => {
    const events = await database.db.selectFrom('item_events').select(['item_id', 'event', 'from_status', 'to_status']).orderBy('id').execute();
    const items = await database.db.selectFrom('content_items').select(['id', 'status']).execute();
    const replayed = new Map<string, ItemStatus>();
    for (const entry of events) {
      const before = replayed.get(entry.item_id);
      if (entry.event === 'reported') {
        expect(before).toBeUndefined();
        replayed.set(entry.item_id, entry.to_status);
        continue;
      }
      expect(entry.from_status).toBe(before);
      expect((ITEM_EVENTS as readonly string[]).includes(entry.event)).toBe(true);
      expect(nextStatus(before!, entry.event as ItemEvent)).toBe(entry.to_status);
      replayed.set(entry.item_id, entry.to_status);
    }
    for (const item of items) {
      expect(isItemStatus(item.status)).toBe(true);
      expect(replayed.get(item.id)).toBe(item.status);
    }
  });

  it('monitors every acted-on item, with its checks counted and its time to removal from the act to the removal', async () => {
    const actedOn = await count(sql`SELECT count(DISTINCT item_id) FROM item_events WHERE event IN ('notice_sent', 'forwarded_to_partner', 'referred_to_police')`);
    expect(actedOn).toBeGreaterThan(0);
    expect(await count(sql`SELECT count(*) FROM item_monitoring`)).toBe(actedOn);
    expect(
      await count(sql`
        SELECT count(*) FROM item_monitoring m
        WHERE NOT EXISTS (SELECT 1 FROM item_events e WHERE e.item_id = m.item_id AND e.at = m.acted_at
                          AND e.event IN ('notice_sent', 'forwarded_to_partner', 'referred_to_police'))`),
    ).toBe(0);
    expect(await count(sql`SELECT count(*) FROM monitor_checks`)).toBe(checks);
    expect(await count(sql`SELECT coalesce(sum(checks), 0) AS count FROM item_monitoring`)).toBe(checks);
    expect(
      await count(sql`SELECT count(*) FROM item_monitoring WHERE time_to_removal_seconds <> extract(epoch FROM removed_at - acted_at)::integer`),
    ).toBe(0);
    expect(
      await count(sql`
        SELECT count(*) FROM item_monitoring m JOIN content_items i ON i.id = m.item_id
        WHERE (m.removed_at IS NOT NULL) <> (i.status IN ('removed', 'closed'))`),
    ).toBe(0);
    expect(await count(sql`SELECT count(*) FROM monitor_checks WHERE checked_at > ${NOW}`)).toBe(0);
  });

  it('refers reminders and escalations to a first notice that carried the same item', async () => {
    expect(
      await count(sql`
        SELECT count(*) FROM notices f JOIN notice_items fi ON fi.notice_id = f.id
        WHERE f.step <> 'notice' AND NOT EXISTS (
          SELECT 1 FROM notices n JOIN notice_items ni ON ni.notice_id = n.id
          WHERE n.id = f.first_notice_id AND n.step = 'notice' AND ni.item_id = fi.item_id)`),
    ).toBe(0);
  });

  it('refuses a database holding a report it did not make, unless forced', async () => {
    await database.db
      .insertInto('reports')
      .values({ receipt_digest: Buffer.from('a real report'), channel: 'web', language: 'en', claimed_category: 'csam', content_type: null, description: null, contact_ciphertext: null, may_contact: false, contact_purge_after: null })
      .execute();
    await expect(seedDemoData(database.db, { items: 10, days: 5, now: NOW })).rejects.toBeInstanceOf(RealReportsPresent);
    expect(await count(sql`SELECT count(*) FROM content_items`)).toBe(ITEMS);
    await seedDemoData(database.db, { items: 10, days: 5, now: NOW, force: true });
    expect(await count(sql`SELECT count(*) FROM content_items`)).toBe(ITEMS + 10);
  });
});
