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

describe('Batcher with results', () => {
  it('gives each caller the results of its own values', async () => {
    const batcher = new Batcher<number, string>(async (values) => values.map((value) => `#${value}`), { windowMs: 5, maxSize: 10 });
    const [first, second] = await Promise.all([batcher.add([1, 2]), batcher.add([3])]);
    expect(first).toEqual(['#1', '#2']);
    expect(second).toEqual(['#3']);
  });

  it('retries each caller alone after a failed batch, so one bad value fails only its caller', async () => {
    const batches: number[][] = [];
    const write = async (values: readonly number[]) => {
      batches.push([...values]);
      if (values.includes(13)) throw new Error('refused');
      return values.map((value) => value * 2);
    };
    const batcher = new Batcher<number, number>(write, { windowMs: 5, maxSize: 10, retryAlone: true });
    const results = await Promise.allSettled([batcher.add([1]), batcher.add([13]), batcher.add([2, 3])]);
    expect(results).toEqual([
      { status: 'fulfilled', value: [2] },
      { status: 'rejected', reason: new Error('refused') },
      { status: 'fulfilled', value: [4, 6] },
    ]);
    expect(batches).toEqual([[1, 13, 2, 3], [1], [13], [2, 3]]);
  });
});
