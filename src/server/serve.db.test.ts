import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { testEngine } from '../test-support/database.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { serve, type Running } from './serve.js';

interface Hotline {
  running: Running;
  stop(): Promise<void>;
}

/** The whole hotline as `serve` starts it, on its own data folder (and scratch database on PostgreSQL). */
async function startHotline(env: Record<string, string> = {}): Promise<Hotline> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-serve-'));
  const scratch: ScratchDatabase | undefined = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'openhotline_serve') : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...env });
  const running = await serve(config);
  return {
    running,
    stop: async () => {
      await running.stop();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reports the address and waits until triage has checked it; then its check. */
async function reportAndCheck({ running }: Hotline, url: string) {
  const reported = await running.app!.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [url], category: 'csam' } });
  expect(reported.statusCode).toBe(201);
  const db = running.database.db;
  const item = await db.selectFrom('content_items').select('id').where('normalized_url', '=', new URL(url).href).executeTakeFirstOrThrow();
  await expect
    .poll(async () => (await db.selectFrom('content_items').select('status').where('id', '=', item.id).executeTakeFirstOrThrow()).status, { timeout: 60_000, interval: 250 })
    .toBe('triaged');
  const check = await db.selectFrom('item_checks').select(['failure', 'http_status']).where('item_id', '=', item.id).executeTakeFirstOrThrow();
  const trace = await db.selectFrom('item_traces').select('addresses').where('item_id', '=', item.id).executeTakeFirstOrThrow();
  return { ...check, addresses: trace.addresses };
}

describe(`the whole hotline in one process on ${testEngine}`, () => {
  let hotline: Hotline;
  beforeAll(async () => {
    hotline = await startHotline();
  }, 120_000);
  afterAll(() => hotline?.stop());

  it('triages a reported address on its own, and refuses to fetch a private one', async () => {
    expect(await reportAndCheck(hotline, 'http://10.9.8.7/internal')).toMatchObject({ failure: 'blocked_address', http_status: null });
  }, 90_000);
});

describe(`the whole hotline with FETCH_ALLOW_CIDRS on ${testEngine}`, () => {
  let hotline: Hotline;
  let site: LoopbackServer;
  beforeAll(async () => {
    site = await startLoopbackServer((_request, response) => void response.writeHead(200, { 'content-type': 'text/plain' }).end('a reported site'));
    hotline = await startHotline({ FETCH_ALLOW_CIDRS: '127.0.0.0/8' });
  }, 120_000);
  afterAll(async () => {
    await hotline?.stop();
    await site?.close();
  });

  it('fetches a site on loopback, and traces its address as not public', async () => {
    const result = await reportAndCheck(hotline, `${site.origin}/reported`);
    expect(result).toMatchObject({ failure: null, http_status: 200 });
    expect(result.addresses).toEqual([expect.objectContaining({ address: '127.0.0.1', isPublic: false, notPublic: '127.0.0.0/8 Loopback', country: null })]);
    expect(site.requests).toEqual(['/reported']);
  }, 90_000);

  it('still refuses networks it was not given, such as the IPv4-compatible form of loopback', async () => {
    const result = await reportAndCheck(hotline, `http://[::127.0.0.1]:${site.port}/compatible`);
    expect(result).toMatchObject({ failure: 'blocked_address', http_status: null });
    expect(result.addresses).toEqual([expect.objectContaining({ address: '::7f00:1', isPublic: false })]);
    expect(site.requests).not.toContain('/compatible');
  }, 90_000);
});
