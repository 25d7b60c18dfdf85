import { describe, expect, it } from 'vitest';
import { imageDomainQuality } from './quality.js';

function block(valueAt: (i: number, j: number) => number): Float32Array {
  return Float32Array.from({ length: 64 * 64 }, (_, index) => valueAt(Math.trunc(index / 64), index % 64));
}

describe('imageDomainQuality', () => {
  it('scores a flat block 0', () => {
    expect(imageDomainQuality(block(() => 200))).toBe(0);
  });

  it('caps a high-contrast checkerboard at 100', () => {
    expect(imageDomainQuality(block((i, j) => ((i + j) % 2) * 255))).toBe(100);
  });

  it('ignores gradients under 1 % of full scale', () => {
    expect(imageDomainQuality(block((i, j) => (i + j) * 2.5))).toBe(0);
  });

  it('sums whole percentages of neighbour differences and divides by 90', () => {
    // Nine steps of 8 (3.1 %, counted as 3) in each of 64 rows: 9 × 64 × 3 / 90.
    expect(imageDomainQuality(block((_i, j) => Math.min(j, 9) * 8))).toBe(19);
  });
});
