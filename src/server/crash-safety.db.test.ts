import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchDatabase } from '../db/scratch-database.js';
import { startServerProcess } from '../test-support/server-process.js';
import { testEngine } from '../test-support/database.js';

/**
 * A receipt promises that the report is on disk. These tests kill the server
 * while reports pour in and check, after a restart, that every report whose
 * receipt was answered is still there.
 */
let env: Record<string, string>;
let dataDir: string;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openhotline-crash-'));
  env = { DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('hex'), DATABASE_URL: '' };
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'openhotline_crash');
    env.DATABASE_URL = scratch.url;
    dropDatabase = scratch.drop;
  }
});

afterAll(async () => {
  await dropDatabase?.();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function report(url: string, n: number): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ urls: [`https://crash-${n}.test-illegal.example/`], category: 'csam' }),
    });
    return response.status === 201 ? ((await response.json()) as { receipt: string }).receipt : undefined;
  } catch {
    return undefined;
  }
}

async function statusOf(url: string, receipt: string): Promise<number> {
  return (await fetch(`${url}/api/v1/reports/status/${receipt}`)).status;
}

// Two server starts each, and on PGlite a recovery after the kill: slower than the other tests.
vi.setConfig({ testTimeout: 180_000 });

describe(`crash safety on ${testEngine}`, () => {
  it('keeps every acknowledged report when the server is killed with SIGKILL', async () => {
    const port = 3800 + Math.floor(Math.random() * 100);
    const server = await startServerProcess(env, port);
    const receipts: string[] = [];
    let n = 0;
    const senders = Array.from({ length: 8 }, async () => {
      for (;;) {
        const receipt = await report(server.url, n++);
        if (!receipt) return;
        receipts.push(receipt);
      }
    });
    // Killed while reports pour in: once a number of them were acknowledged, however long that takes on a busy machine.
    await vi.waitFor(() => expect(receipts.length).toBeGreaterThan(10), { timeout: 120_000, interval: 50 });
    server.child.kill('SIGKILL');
    await Promise.all(senders);
    await server.exited;
    expect(receipts.length).toBeGreaterThan(10);

    const restarted = await startServerProcess(env, port + 100);
    try {
      const statuses = await Promise.all(receipts.map((receipt) => statusOf(restarted.url, receipt)));
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
    } finally {
      restarted.child.kill('SIGKILL');
      await restarted.exited;
    }
  });

  it('finishes requests in hand on SIGTERM and exits cleanly', async () => {
    const server = await startServerProcess(env, 3990 + Math.floor(Math.random() * 9));
    const inFlight = Array.from({ length: 30 }, (_, i) => report(server.url, 100_000 + i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGTERM');
    const answered = (await Promise.all(inFlight)).filter((receipt): receipt is string => receipt !== undefined);
    expect(await server.exited).toBe(0);

    const restarted = await startServerProcess(env, 3700 + Math.floor(Math.random() * 99));
    try {
      const statuses = await Promise.all(answered.map((receipt) => statusOf(restarted.url, receipt)));
      expect(statuses.every((status) => status === 200)).toBe(true);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
