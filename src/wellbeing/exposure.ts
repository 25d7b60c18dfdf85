import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { afterActivity, readWellbeing, type Exposure, type WellbeingSettings } from '../domain/wellbeing.js';

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Counts toward the analyst's day an opened item ('view'), a minute on an open
 * item or viewer page ('heartbeat'), or a captured image or video revealed ('reveal').
 */
export async function recordExposure(db: Kysely<Database>, userId: string, kind: 'view' | 'heartbeat' | 'reveal', now = new Date()): Promise<void> {
  const day = dayOf(now);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('analyst_exposure')
      .select(['items_viewed', 'seconds_viewed', 'seconds_since_break', 'media_revealed', 'last_activity_at'])
      .where('user_id', '=', userId)
      .where('day', '=', day)
      .forUpdate()
      .executeTakeFirst();
    const next = afterActivity(
      row && { secondsViewed: row.seconds_viewed, secondsSinceBreak: row.seconds_since_break, lastActivityAt: row.last_activity_at },
      now,
      kind === 'heartbeat' ? 'heartbeat' : 'view',
    );
    const values = {
      items_viewed: (row?.items_viewed ?? 0) + (kind === 'view' ? 1 : 0),
      media_revealed: (row?.media_revealed ?? 0) + (kind === 'reveal' ? 1 : 0),
      seconds_viewed: next.secondsViewed,
      seconds_since_break: next.secondsSinceBreak,
      last_activity_at: next.lastActivityAt,
    };
    await trx
      .insertInto('analyst_exposure')
      .values({ user_id: userId, day, ...values })
      .onConflict((conflict) => conflict.columns(['user_id', 'day']).doUpdateSet(values))
      .execute();
  });
}

export async function exposureToday(db: Kysely<Database>, userId: string, now = new Date()): Promise<Exposure> {
  const row = await db
    .selectFrom('analyst_exposure')
    .select(['items_viewed', 'seconds_viewed', 'seconds_since_break', 'media_revealed'])
    .where('user_id', '=', userId)
    .where('day', '=', dayOf(now))
    .executeTakeFirst();
  return {
    itemsViewed: row?.items_viewed ?? 0,
    secondsViewed: row?.seconds_viewed ?? 0,
    secondsSinceBreak: row?.seconds_since_break ?? 0,
    mediaRevealed: row?.media_revealed ?? 0,
  };
}

export async function wellbeingOf(db: Kysely<Database>, userId: string): Promise<WellbeingSettings> {
  const row = await db.selectFrom('users').select('wellbeing').where('id', '=', userId).executeTakeFirstOrThrow();
  return readWellbeing(row.wellbeing).settings;
}

export async function saveWellbeing(db: Kysely<Database>, userId: string, settings: WellbeingSettings): Promise<void> {
  await db.updateTable('users').set({ wellbeing: JSON.stringify(settings) }).where('id', '=', userId).execute();
}

export interface TeamDay {
  day: string;
  analysts: number;
  itemsViewed: number;
  minutesViewed: number;
  mediaRevealed: number;
}

/** Per day, the whole team's exposure: how many worked, how much they saw; no one's own figures. */
export async function teamTotals(db: Kysely<Database>, days: number, now = new Date()): Promise<TeamDay[]> {
  const since = dayOf(new Date(now.getTime() - (days - 1) * 86_400_000));
  const rows = await db
    .selectFrom('analyst_exposure')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      (eb) => eb.fn.countAll<number>().as('analysts'),
      (eb) => eb.fn.sum<number>('items_viewed').as('items'),
      (eb) => eb.fn.sum<number>('seconds_viewed').as('seconds'),
      (eb) => eb.fn.sum<number>('media_revealed').as('revealed'),
    ])
    .where('day', '>=', since)
    .groupBy('day')
    .orderBy('day', 'desc')
    .execute();
  return rows.map((row) => ({
    day: row.day,
    analysts: Number(row.analysts),
    itemsViewed: Number(row.items),
    minutesViewed: Math.round(Number(row.seconds) / 60),
    mediaRevealed: Number(row.revealed),
  }));
}
