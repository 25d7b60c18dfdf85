import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { startJobs, type Jobs } from './queue.js';

let handle: DatabaseHandle;
let jobs: Jobs | undefined;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await jobs?.stop();
  await handle.close();
});

describe(`jobs on ${testEngine}`, () => {
  it('works a job sent to its queue and retries one that failed', async () => {
    const seen: string[] = [];
    let flakyAttempts = 0;
    const done = new Promise<void>((resolve) => {
      const definitions = [
        {
          name: 'test-echo',
          retryLimit: 2,
          handle: async (data: object) => {
            const { word } = data as { word: string };
            if (word === 'flaky' && ++flakyAttempts === 1) throw new Error('first attempt fails');
            seen.push(word);
            if (seen.length === 2) resolve();
          },
        },
      ];
      void startJobs(handle, definitions, { work: true, pollingIntervalSeconds: 0.5 }).then(async (started) => {
        jobs = started;
        await started.send('test-echo', { word: 'hello' });
        await started.boss.send('test-echo', { word: 'flaky' }, { retryDelay: 0 });
      });
    });
    await done;
    expect(seen.sort()).toEqual(['flaky', 'hello']);
    expect(flakyAttempts).toBe(2);
  });

  it('hands a job whose worker died to another worker once its time limit has passed', async () => {
    const handled: unknown[] = [];
    const definition = { name: 'test-orphaned', retryLimit: 2, handle: async (data: object) => void handled.push(data) };
    // The queue as an older version made it, without a time limit; the limit reaches it at the next start.
    await (await startJobs(handle, [definition], { work: false })).stop();
    const dying = await startJobs(handle, [{ ...definition, timeLimitSeconds: 1 }], { work: false });
    expect((await dying.boss.getQueue('test-orphaned'))?.expireInSeconds).toBe(1);
    await dying.send('test-orphaned', { n: 1 });
    // What a worker killed mid-job leaves behind: the job taken (active), never finished.
    expect(await dying.boss.fetch('test-orphaned')).toHaveLength(1);
    await dying.stop();

    const survivor = await startJobs(handle, [{ ...definition, timeLimitSeconds: 1 }], { work: true, pollingIntervalSeconds: 0.5 });
    try {
      // The maintenance pass that runs every half minute, run here at once.
      await expect.poll(async () => (await survivor.boss.expire(), handled), { timeout: 20_000, interval: 500 }).toEqual([{ n: 1 }]);
    } finally {
      await survivor.stop();
    }
  }, 30_000);

  it('works a backlog without waiting a polling interval between jobs', async () => {
    const handled: unknown[] = [];
    const definition = { name: 'test-backlog', handle: async (data: object) => void handled.push(data) };
    const sender = await startJobs(handle, [definition], { work: false });
    for (let n = 0; n < 5; n += 1) await sender.send('test-backlog', { n });
    await sender.stop();

    // Five jobs, one worker polling every 4 s: waiting between jobs would take 16 s at least.
    const worker = await startJobs(handle, [definition], { work: true, pollingIntervalSeconds: 4 });
    try {
      await expect.poll(() => handled, { timeout: 8_000, interval: 100 }).toHaveLength(5);
    } finally {
      await worker.stop();
    }
  }, 30_000);

  it('lets several processes start on a new database at once', async () => {
    const definitions = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => ({ name: `test-together-${letter}`, handle: async () => {} }));
    // Four pg-boss instances with their own connections, as four processes started together have.
    const started = await Promise.allSettled([1, 2, 3, 4].map(() => startJobs(handle, definitions, { work: false })));
    await Promise.all(started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : undefined)));
    expect(started.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'started'))).toEqual(['started', 'started', 'started', 'started']);
  }, 30_000);

  it('queues no second job for a key whose job is in hand, which would keep workers from every other job', async () => {
    const handled: unknown[] = [];
    const definition = { name: 'test-keyed', policy: 'stately' as const, handle: async (data: object) => void handled.push(data) };
    const sender = await startJobs(handle, [definition], { work: false });
    await sender.sendKeyed('test-keyed', [{ key: 'a', data: { n: 1 } }]);
    // Job a in hand, for long: a slow site, or a worker that died.
    expect(await sender.boss.fetch('test-keyed')).toHaveLength(1);
    await sender.sendKeyed('test-keyed', [{ key: 'a', data: { n: 2 } }]);
    await sender.sendKeyed('test-keyed', [{ key: 'b', data: { n: 3 } }]);
    await sender.stop();

    const worker = await startJobs(handle, [definition], { work: true, pollingIntervalSeconds: 0.5 });
    try {
      await expect.poll(() => handled, { timeout: 10_000, interval: 100 }).toEqual([{ n: 3 }]);
    } finally {
      await worker.stop();
    }
  }, 30_000);
});
