import { describe, expect, it } from 'vitest';
import { torbenMedian } from './torben.js';

function lowerMiddle(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.trunc((sorted.length - 1) / 2)]!;
}

describe('torbenMedian', () => {
  it('returns the middle value of an odd count', () => {
    expect(torbenMedian(Float32Array.of(5, -1, 3, 9, 0))).toBe(3);
  });

  it('returns the lower middle value of an even count, as the reference does', () => {
    expect(torbenMedian(Float32Array.of(4, 1, 3, 2))).toBe(2);
  });

  it('handles repeated values', () => {
    expect(torbenMedian(Float32Array.of(7, 7, 7, 7, 1, 9))).toBe(7);
  });

  it('agrees with sorting on random sets of 256 coefficients', () => {
    let state = 1;
    for (let trial = 0; trial < 50; trial++) {
      const values = Float32Array.from({ length: 256 }, () => {
        state = (state * 1664525 + 1013904223) >>> 0;
        return (state / 2 ** 32 - 0.5) * 2000;
      });
      expect(torbenMedian(values)).toBe(lowerMiddle(values));
    }
  });

  it('does not reorder its input', () => {
    const values = Float32Array.of(3, 1, 2);
    torbenMedian(values);
    expect(Array.from(values)).toEqual([3, 1, 2]);
  });
});
