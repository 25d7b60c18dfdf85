import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

const recorder = () => {
  const batches: number[][] = [];
  return { batches, write: async (values: readonly number[]) => void batches.push([...values]) };
};

describe('Batcher', () => {
  it('writes values that arrive together in one batch, after the window', async () => {
    const { batches, write } = recorder();
    const batcher = new Batcher(write, { windowMs: 20, maxSize: 100 });
    await Promise.all([batcher.add([1]), batcher.add([2, 3]), batcher.add([4])]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('writes a full batch at once', async () => {
    const { batches, write } = recorder();
    const batcher = new Batcher(write, { windowMs: 60_000, maxSize: 3 });
    await Promise.all([batcher.add([1, 2]), batcher.add([3]), batcher.add([4])].slice(0, 2));
    expect(batches).toEqual([[1, 2, 3]]);
    await batcher.flush();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('tells every caller of a failed batch', async () => {
    const batcher = new Batcher<number>(() => Promise.reject(new Error('database gone')), { windowMs: 5, maxSize: 10 });
    const results = await Promise.allSettled([batcher.add([1]), batcher.add([2])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('flushes nothing when nothing waits', async () => {
    const { batches, write } = recorder();
    await new Batcher(write, { windowMs: 5, maxSize: 10 }).flush();
    expect(batches).toEqual([]);
  });
});
