import { describe, expect, it } from 'vitest';
import { decimate, decimationIndices } from './decimate.js';

describe('decimationIndices', () => {
  it('picks the sample at the centre of each output cell', () => {
    expect(Array.from(decimationIndices(128, 64).slice(0, 3))).toEqual([1, 3, 5]);
    expect(Array.from(decimationIndices(1004, 64).slice(0, 3))).toEqual([7, 23, 39]);
  });

  it('keeps every sample when the size does not change', () => {
    expect(Array.from(decimationIndices(64, 64))).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });
});

describe('decimate', () => {
  it('samples rows and columns of a row-major matrix', () => {
    const input = Float32Array.from({ length: 4 * 6 }, (_, index) => index);
    expect(Array.from(decimate(input, 4, 6, 2, 3))).toEqual([7, 9, 11, 19, 21, 23]);
  });
});
