import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { openMigratedDatabase } from '../db/migrated-database.js';
import { createLogger } from '../server/logging.js';
import { testEngine } from '../test-support/database.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TRIAGE_ITEM_JOB } from './jobs.js';

/** Reports pouring in from many clients at once: every item's triage is queued, without one queueing error. */
let env: Record<string, string>;
let scratch: ScratchDatabase | undefined;

beforeAll(async () => {
  scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'openhotline_queueing') : undefined;
  env = {
    DATA_DIR: await fs.mkdtemp(path.join(os.tmpdir(), 'openhotline-queueing-')),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    DATABASE_URL: scratch?.url ?? '',
  };
});

afterAll(async () => {
  await scratch?.drop();
  await fs.rm(env.DATA_DIR!, { recursive: true, force: true });
});

describe(`queueing triage under concurrent reports on ${testEngine}`, () => {
  it('queues a triage job for every reported item', async () => {
    const server = await startServerProcess(env, 4300 + Math.floor(Math.random() * 100));
    let next = 0;
    const senders = Array.from({ length: 25 }, async () => {
      while (next < 400) {
        const n = next++;
        const response = await fetch(`${server.url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ urls: [`https://queue-${n}.test-illegal.example/`, `https://queue-${n}.test-illegal.example/second`], category: 'csam' }),
        });
        expect(response.status).toBe(201);
      }
    });
    await Promise.all(senders);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/could not queue|error/i);

    const database = await openMigratedDatabase(loadConfig(env), createLogger('silent'));
    try {
      const items = await database.db.selectFrom('content_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT singleton_key)::integer AS n FROM pgboss.job WHERE name = ${TRIAGE_ITEM_JOB}`.execute(database.db);
      expect(Number(items.n)).toBe(800);
      expect(rows[0]!.n).toBe(800);
    } finally {
      await database.close();
    }
  }, 240_000);
});
