import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { testEngine } from '../test-support/database.js';
import { serve, type Running } from './serve.js';

let running: Running;
let dataDir: string;
let scratch: ScratchDatabase | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-serve-'));
  scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'openhotline_serve') : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
  running = await serve(config);
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await scratch?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`the whole hotline in one process on ${testEngine}`, () => {
  it('triages a reported address on its own, and refuses to fetch a private one', async () => {
    const reported = await running.app!.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: ['http://10.9.8.7/internal'], category: 'csam' } });
    expect(reported.statusCode).toBe(201);
    const db = running.database.db;
    const item = await db.selectFrom('content_items').select('id').where('host', '=', '10.9.8.7').executeTakeFirstOrThrow();
    await expect
      .poll(async () => (await db.selectFrom('content_items').select('status').where('id', '=', item.id).executeTakeFirstOrThrow()).status, { timeout: 30_000, interval: 250 })
      .toBe('triaged');
    const check = await db.selectFrom('item_checks').select(['failure', 'http_status']).where('item_id', '=', item.id).executeTakeFirstOrThrow();
    expect(check).toEqual({ failure: 'blocked_address', http_status: null });
  }, 40_000);
});
