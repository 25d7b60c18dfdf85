import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { seedDemoData } from '../demo/seed.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { bucketOf, durationFigures } from './buckets.js';
import { providerHistory, providerTable, summary, type StatsFilter } from './figures.js';
import { refreshStats, vacuumRollups } from './refresh.js';

/** A period of whole months with days left over at both ends, over demo data reported across seven months. */
const PERIOD = { from: '2025-12-10', to: '2026-06-10' };
let database: DatabaseHandle;
let providerId: number;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoData(database.db, { items: 700, days: 200, now: new Date('2026-06-20T12:00:00Z'), randomSeed: 3 });
  await refreshStats(database.db);
  const busiest = await sql<{ provider_id: number }>`SELECT provider_id FROM item_monitoring WHERE provider_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(database.db);
  providerId = busiest.rows[0]!.provider_id;
}, 120_000);
afterAll(() => database.close());

interface ItemFacts {
  category: string;
  country: string;
  provider_id: number;
  acted_by: string | null;
  ttr: number | null;
  assessed_after: number | null;
}

/** The items first reported in the period, straight from the item tables. */
async function itemsInPeriod(): Promise<ItemFacts[]> {
  const { rows } = await sql<ItemFacts>`
    SELECT ci.category, coalesce(im.hosting_country, ci.hosting_country, '') AS country, coalesce(im.provider_id, 0) AS provider_id,
           im.acted_by, im.time_to_removal_seconds AS ttr,
           (SELECT floor(extract(epoch FROM min(a.decided_at) - ci.first_reported_at))::integer FROM assessments a WHERE a.item_id = ci.id AND a.kind IN ('decision', 'confirmation')) AS assessed_after
    FROM content_items ci LEFT JOIN item_monitoring im ON im.item_id = ci.id
    WHERE (ci.first_reported_at AT TIME ZONE 'UTC')::date BETWEEN ${PERIOD.from}::date AND ${PERIOD.to}::date`.execute(database.db);
  return rows;
}

const figuresOf = (seconds: (number | null)[]) => {
  const counts = new Map<number, number>();
  for (const value of seconds) if (value !== null) counts.set(bucketOf(value), (counts.get(bucketOf(value)) ?? 0) + 1);
  return durationFigures(counts);
};

describe(`figures read from months, days and scopes on ${testEngine}`, () => {
  it('are the figures of the items themselves, with no filter, one filter or several', async () => {
    const items = await itemsInPeriod();
    const filters: [StatsFilter, (item: ItemFacts) => boolean][] = [
      [PERIOD, () => true],
      [{ ...PERIOD, category: 'csam' }, (item) => item.category === 'csam'],
      [{ ...PERIOD, country: 'NL' }, (item) => item.country === 'NL'],
      [{ ...PERIOD, provider: { providerId } }, (item) => item.provider_id === providerId],
      [{ ...PERIOD, category: 'csam', provider: { providerId } }, (item) => item.category === 'csam' && item.provider_id === providerId],
      [{ ...PERIOD, category: 'hate', country: 'NL' }, (item) => item.category === 'hate' && item.country === 'NL'],
    ];
    for (const [filter, picks] of filters) {
      const picked = items.filter(picks);
      const figures = await summary(database.db, filter);
      expect(figures.items, JSON.stringify(filter)).toBe(picked.length);
      expect(figures.series.reduce((sum, point) => sum + point.items, 0)).toBe(picked.length);
      expect(figures.timeToRemoval, JSON.stringify(filter)).toEqual(figuresOf(picked.filter((item) => item.acted_by === 'notice').map((item) => item.ttr)));
      expect(figures.timeToAssessment, JSON.stringify(filter)).toEqual(figuresOf(picked.map((item) => item.assessed_after)));
    }
    expect(items.filter((item) => item.acted_by === 'notice' && item.ttr !== null).length).toBeGreaterThan(20);
  });

  it('stay the figures of the items when a refresh counts only the items that changed', async () => {
    const { rows } = await sql<{ id: string }>`
      SELECT ci.id FROM content_items ci JOIN item_monitoring im ON im.item_id = ci.id
      WHERE ci.category = 'csam' AND im.time_to_removal_seconds IS NOT NULL AND (ci.first_reported_at AT TIME ZONE 'UTC')::date BETWEEN '2026-01-01' AND '2026-05-31'
      ORDER BY ci.id LIMIT 3`.execute(database.db);
    await database.db.updateTable('content_items').set({ category: 'hate', status_changed_at: new Date() }).where('id', 'in', rows.map((row) => row.id)).execute();
    expect((await refreshStats(database.db)).items).toBe(3);
    // Found again within the overlap, the same changes add nothing a second time.
    expect((await refreshStats(database.db)).items).toBe(3);
    const items = await itemsInPeriod();
    for (const category of ['csam', 'hate']) {
      const picked = items.filter((item) => item.category === category && item.acted_by === 'notice');
      const figures = await summary(database.db, { ...PERIOD, category });
      expect(figures.timeToRemoval).toEqual(figuresOf(picked.map((item) => item.ttr)));
      expect(figures.byCategory[category]).toBe(items.filter((item) => item.category === category).length);
    }
    const all = await summary(database.db, PERIOD);
    expect(all.items).toBe(items.length);
  });

  it('are read from the rollups\' indexes alone once a full build is vacuumed', async () => {
    await vacuumRollups(database.db);
    const { rows } = await sql<{ visible: number }>`SELECT relallvisible AS visible FROM pg_class WHERE relname = 'stats_duration_days'`.execute(database.db);
    expect(rows[0]!.visible).toBeGreaterThan(0);
  });

  it('give each provider the removal times of its own items, in the table and month by month', async () => {
    const items = (await itemsInPeriod()).filter((item) => item.acted_by === 'notice');
    const table = await providerTable(database.db, PERIOD);
    for (const row of table.filter((entry) => 'providerId' in entry.key)) {
      const own = items.filter((item) => 'providerId' in row.key && item.provider_id === row.key.providerId);
      const removal = figuresOf(own.map((item) => item.ttr));
      expect({ notified: row.notified, median: row.medianSeconds, p90: row.p90Seconds }).toEqual({ notified: own.length, median: removal.median, p90: removal.p90 });
    }
    const months = await providerHistory(database.db, { ...PERIOD, provider: { providerId } });
    expect(months.map((month) => month.start)).toEqual(['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']);
    expect(months.reduce((sum, month) => sum + month.notified, 0)).toBe(items.filter((item) => item.provider_id === providerId).length);
  });
});
