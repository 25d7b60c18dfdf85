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
});
