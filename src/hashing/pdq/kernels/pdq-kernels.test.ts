import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../rgb-image.js';
import { dct64To16 } from '../dct.js';
import { decimate, decimationIndices } from '../decimate.js';
import { jaroszFilter, jaroszWindowSize } from '../jarosz.js';
import { lumaFromRgb } from '../luma.js';
import { pdqKernels } from './pdq-kernels.js';

// The WebAssembly is built from assembly/pdq-kernels.ts by `npm run build:wasm`
// (part of npm ci): after changing that source, rebuild before running these.
const kernels = pdqKernels!;

/** Deterministic pseudo-random RGB: noise, or (smooth) a gradient with a little noise. */
function randomImage(width: number, height: number, seed: number, smooth = false): RgbImage {
  let state = seed;
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => {
    state = (state * 1103515245 + 12345) >>> 0;
    const noise = state >>> 24;
    if (!smooth) return noise;
    const pixel = Math.trunc(i / 3);
    return Math.min(255, ((pixel % width) * 7 + Math.trunc(pixel / width) * 3 + (i % 3) * 50 + (noise >> 5)) % 256);
  });
  return { width, height, rgb };
}

/** The TypeScript steps: lumaFromRgb, jaroszFilter, decimate. */
function reference(
  image: RgbImage,
  windowAlongRows: number,
  windowAlongCols: number,
  passes: number,
  keptRows: Int32Array,
  keptColumns: Int32Array,
): Float32Array {
  const { width: cols, height: rows } = image;
  const luma = lumaFromRgb(image);
  const filtered = jaroszFilter(luma, new Float32Array(rows * cols), rows, cols, windowAlongRows, windowAlongCols, passes, keptColumns);
  const decimated = new Float32Array(keptRows.length * keptColumns.length);
  keptRows.forEach((row, k) => decimated.set(filtered.subarray(row * keptColumns.length, (row + 1) * keptColumns.length), k * keptColumns.length));
  return decimated;
}

/** Bit-for-bit equality, reporting the first difference. */
function expectSameFloats(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const first = actual.findIndex((value, i) => !Object.is(value, expected[i]));
  expect(first, first < 0 ? '' : `index ${first}: ${actual[first]} ≠ ${expected[first]}`).toBe(-1);
}

describe('jaroszFilteredLuma', () => {
  const sizes: [number, number][] = [
    [1, 1],
    [1, 37],
    [37, 1],
    [2, 3],
    [5, 5],
    [7, 301],
    [301, 7],
    [17, 33],
    [64, 64],
    [333, 257],
    [1003, 61],
  ];

  it.each(sizes)('equals luma → jaroszFilter → decimate bit for bit on a random %i × %i image, as PDQ uses it', (width, height) => {
    for (const smooth of [false, true]) {
      const image = randomImage(width, height, width * 1000 + height, smooth);
      const args = [jaroszWindowSize(width, 64), jaroszWindowSize(height, 64), 2, decimationIndices(height, 64), decimationIndices(width, 64)] as const;
      expectSameFloats(kernels.jaroszFilteredLuma(image, ...args), reference(image, ...args));
    }
  });

  it('equals the TypeScript steps for other windows, pass counts and kept lists', () => {
    const cases = [
      { width: 83, height: 45, windowAlongRows: 5, windowAlongCols: 3, passes: 1 },
      { width: 83, height: 45, windowAlongRows: 9, windowAlongCols: 12, passes: 3 },
      { width: 40, height: 100, windowAlongRows: 40, windowAlongCols: 1, passes: 2 },
      { width: 200, height: 19, windowAlongRows: 31, windowAlongCols: 19, passes: 2 },
      { width: 1, height: 50, windowAlongRows: 1, windowAlongCols: 50, passes: 4 },
    ];
    for (const [index, { width, height, windowAlongRows, windowAlongCols, passes }] of cases.entries()) {
      const image = randomImage(width, height, 7 + index, index % 2 === 1);
      const listsOfKept: [Int32Array, Int32Array][] = [
        [Int32Array.from({ length: height }, (_, i) => i), Int32Array.from({ length: width }, (_, i) => i)],
        [Int32Array.of(0, 0, height - 1), Int32Array.of(width - 1)],
        [decimationIndices(height, 10), decimationIndices(width, 7)],
      ];
      for (const [keptRows, keptColumns] of listsOfKept) {
        const args = [windowAlongRows, windowAlongCols, passes, keptRows, keptColumns] as const;
        expectSameFloats(kernels.jaroszFilteredLuma(image, ...args), reference(image, ...args));
      }
    }
  });

  it('gives the same results however the images before it were sized', () => {
    const small = randomImage(50, 40, 1);
    const args = (image: RgbImage) =>
      [jaroszWindowSize(image.width, 64), jaroszWindowSize(image.height, 64), 2, decimationIndices(image.height, 64), decimationIndices(image.width, 64)] as const;
    const first = kernels.jaroszFilteredLuma(small, ...args(small));
    const large = randomImage(900, 700, 2);
    kernels.jaroszFilteredLuma(large, ...args(large));
    expectSameFloats(kernels.jaroszFilteredLuma(small, ...args(small)), first);
  });

  it('matches decimate on the full filtered image', () => {
    const image = randomImage(130, 70, 5, true);
    const { width: cols, height: rows } = image;
    const luma = lumaFromRgb(image);
    const filtered = jaroszFilter(luma, new Float32Array(rows * cols), rows, cols, 2, 1, 2);
    const expected = decimate(filtered, rows, cols, 64, 64);
    expectSameFloats(kernels.jaroszFilteredLuma(image, 2, 1, 2, decimationIndices(rows, 64), decimationIndices(cols, 64)), expected);
  });

  it('rejects arguments the kernels cannot take', () => {
    const image = randomImage(10, 10, 3);
    const all = Int32Array.from({ length: 10 }, (_, i) => i);
    expect(() => kernels.jaroszFilteredLuma(image, 11, 1, 2, all, all)).toThrow(RangeError);
    expect(() => kernels.jaroszFilteredLuma(image, 1, 0, 2, all, all)).toThrow(RangeError);
    expect(() => kernels.jaroszFilteredLuma(image, 1, 1, 0, all, all)).toThrow(RangeError);
    expect(() => kernels.jaroszFilteredLuma(image, 1, 1, 2, Int32Array.of(3, 2), all)).toThrow(RangeError);
    expect(() => kernels.jaroszFilteredLuma(image, 1, 1, 2, all, Int32Array.of(10))).toThrow(RangeError);
    expect(() => kernels.jaroszFilteredLuma({ ...image, rgb: image.rgb.subarray(1) }, 1, 1, 2, all, all)).toThrow(RangeError);
  });
});

describe('dct64To16', () => {
  it('equals dct.ts bit for bit on random blocks', () => {
    for (let seed = 1; seed <= 5; seed++) {
      let state = seed;
      const block = Float32Array.from({ length: 64 * 64 }, () => {
        state = (state * 1103515245 + 12345) >>> 0;
        return Math.fround((state / 2 ** 32) * 255);
      });
      expectSameFloats(kernels.dct64To16(block), dct64To16(block));
    }
  });
});
