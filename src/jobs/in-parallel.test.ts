import { describe, expect, it } from 'vitest';
import { inParallel } from './in-parallel.js';

describe('work in parallel with a bound', () => {
  it('does every element once, never more than the bound at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(n);
      running -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('fails when one element fails', async () => {
    await expect(inParallel([1, 2], 2, async (n) => { if (n === 2) throw new Error('two'); })).rejects.toThrow('two');
  });
});
