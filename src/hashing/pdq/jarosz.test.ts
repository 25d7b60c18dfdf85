import { describe, expect, it } from 'vitest';
import { allIndices, boxAlongRowsTransposed, boxPhases, jaroszFilter, jaroszWindowSize } from './jarosz.js';

const fround = Math.fround;

/** box1DFloat as the reference writes it: one row, one running float32 sum, a division per output. */
function referenceBox1D(input: Float32Array, window: number): Float32Array {
  const { prime, grow, slide, shrink } = boxPhases(input.length, window);
  const output = new Float32Array(input.length);
  let sum = 0;
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < prime; i++) {
    sum = fround(sum + input[right++]!);
    count++;
  }
  for (let i = 0; i < grow; i++) {
    sum = fround(sum + input[right++]!);
    count++;
    output[out++] = sum / count;
  }
  for (let i = 0; i < slide; i++) {
    sum = fround(fround(sum + input[right++]!) - input[left++]!);
    output[out++] = sum / count;
  }
  for (let i = 0; i < shrink; i++) {
    sum = fround(sum - input[left++]!);
    count--;
    output[out++] = sum / count;
  }
  return output;
}

/** Deterministic pseudo-random luma-like values. */
function randomMatrix(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return fround((state / 2 ** 32) * 255);
  });
}

describe('jaroszWindowSize', () => {
  it('gives half an output cell, rounded up', () => {
    expect(jaroszWindowSize(1024, 64)).toBe(8);
    expect(jaroszWindowSize(1600, 64)).toBe(13);
    expect(jaroszWindowSize(1004, 64)).toBe(8);
    expect(jaroszWindowSize(64, 64)).toBe(1);
    expect(jaroszWindowSize(5, 64)).toBe(1);
  });
});

describe('boxPhases', () => {
  it('writes exactly one output per input', () => {
    for (const [length, window] of [[64, 1], [100, 7], [1004, 8], [1600, 13]] as const) {
      const { grow, slide, shrink } = boxPhases(length, window);
      expect(grow + slide + shrink).toBe(length);
    }
  });
});

describe('boxAlongRowsTransposed', () => {
  it('matches the one-row reference box filter bit for bit, transposed', () => {
    const rows = 7;
    const cols = 301;
    const window = 9;
    const input = randomMatrix(rows * cols, 42);
    const output = new Float32Array(rows * cols);
    boxAlongRowsTransposed(input, output, cols, window, allIndices(rows));
    for (let row = 0; row < rows; row++) {
      const expected = referenceBox1D(input.subarray(row * cols, (row + 1) * cols), window);
      const actual = Float32Array.from({ length: cols }, (_, col) => output[col * rows + row]!);
      expect(actual).toEqual(expected);
    }
  });

  it('filters only the listed rows, packed in list order', () => {
    const cols = 50;
    const input = randomMatrix(10 * cols, 7);
    const rowList = Int32Array.of(8, 2, 5);
    const output = new Float32Array(cols * rowList.length);
    boxAlongRowsTransposed(input, output, cols, 4, rowList);
    rowList.forEach((row, k) => {
      const expected = referenceBox1D(input.subarray(row * cols, (row + 1) * cols), 4);
      expect(Float32Array.from({ length: cols }, (_, col) => output[col * rowList.length + k]!)).toEqual(expected);
    });
  });
});

/** jaroszFilterFloat as the reference writes it: whole rows, then whole columns, in place. */
function referenceJarosz(image: Float32Array, rows: number, cols: number, alongRows: number, alongCols: number): Float32Array {
  const result = Float32Array.from(image);
  for (let pass = 0; pass < 2; pass++) {
    for (let row = 0; row < rows; row++) {
      result.set(referenceBox1D(result.subarray(row * cols, (row + 1) * cols), alongRows), row * cols);
    }
    for (let col = 0; col < cols; col++) {
      const column = Float32Array.from({ length: rows }, (_, row) => result[row * cols + col]!);
      referenceBox1D(column, alongCols).forEach((value, row) => (result[row * cols + col] = value));
    }
  }
  return result;
}

describe('jaroszFilter', () => {
  it('matches the reference filter bit for bit at the kept columns', () => {
    const rows = 45;
    const cols = 83;
    const image = randomMatrix(rows * cols, 99);
    const expected = referenceJarosz(image, rows, cols, 5, 3);
    const keptColumns = Int32Array.of(0, 10, 41, 82);
    const filtered = jaroszFilter(Float32Array.from(image), new Float32Array(rows * cols), rows, cols, 5, 3, 2, keptColumns);
    for (let row = 0; row < rows; row++) {
      keptColumns.forEach((col, k) => expect(filtered[row * keptColumns.length + k]).toBe(expected[row * cols + col]));
    }
  });

  it('leaves a constant image unchanged', () => {
    const rows = 50;
    const cols = 70;
    const image = new Float32Array(rows * cols).fill(128);
    const filtered = jaroszFilter(image, new Float32Array(rows * cols), rows, cols, 3, 2, 2);
    expect(filtered.every((value) => value === 128)).toBe(true);
  });

  it('spreads a single bright pixel into a symmetric tent', () => {
    const size = 21;
    const image = new Float32Array(size * size);
    image[10 * size + 10] = 1000;
    const filtered = jaroszFilter(image, new Float32Array(size * size), size, size, 3, 3, 2);
    const at = (row: number, col: number) => filtered[row * size + col]!;
    expect(at(10, 10)).toBeGreaterThan(at(10, 11));
    expect(at(10, 11)).toBeGreaterThan(at(10, 12));
    expect(at(10, 9)).toBeCloseTo(at(10, 11), 3);
    expect(at(9, 10)).toBeCloseTo(at(11, 10), 3);
    expect(at(0, 0)).toBe(0);
  });
});

describe('slide-phase division', () => {
  // The slide phase multiplies by 1/count in double instead of dividing: for a
  // float32 sum and an integer count (< 2^20) the quotient is never exactly
  // halfway between two float32s, so the double error (< 2^-52) cannot change
  // the float32 it rounds to.
  it('multiplying by the double reciprocal rounds to the same float32 as dividing', () => {
    const sums = randomMatrix(20_000, 3).map((value, i) => value * (i % 97) - 3000);
    for (let count = 1; count <= 300; count++) {
      const inverse = 1 / count;
      for (const sum of sums) {
        if (fround(sum * inverse) !== fround(sum / count)) {
          expect.fail(`sum ${sum} count ${count}`);
        }
      }
    }
  });
});
