import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './database.js';
import { maintenanceJobs } from './maintenance.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';

describe('database maintenance', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it.runIf(testEngine === 'pglite')('vacuums and analyses the embedded database every hour, so its planner knows how large the tables have grown', async () => {
    const jobs = maintenanceJobs(database, pino({ level: 'silent' }));
    expect(jobs.map((job) => ({ name: job.name, schedule: job.schedule }))).toEqual([{ name: 'db-vacuum-analyze', schedule: '53 * * * *' }]);
    const rows = Array.from({ length: 500 }, (_, n) => ({ id: randomUUID(), normalized_url: `https://files.test-illegal.example/${n}`, host: 'files.test-illegal.example', status: 'received' as const, category: 'csam' }));
    await database.db.insertInto('content_items').values(rows).execute();
    await jobs[0]!.handle({});
    const { rows: stats } = await sql<{ reltuples: number }>`SELECT reltuples::integer AS reltuples FROM pg_class WHERE relname = 'content_items'`.execute(database.db);
    expect(stats[0]!.reltuples).toBe(500);
  });

  it.runIf(testEngine === 'postgres')('leaves a PostgreSQL server to its own autovacuum', () => {
    expect(maintenanceJobs(database, pino({ level: 'silent' }))).toEqual([]);
  });
});
