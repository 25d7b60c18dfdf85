import { describe, expect, it } from 'vitest';
import { DCT_INPUT_SIZE, DCT_OUTPUT_SIZE, dct64To16, dctMatrix16x64 } from './dct.js';

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k]! * b[k]!;
  return sum;
}

describe('dctMatrix16x64', () => {
  const matrix = dctMatrix16x64();
  const row = (i: number) => matrix.subarray(i * DCT_INPUT_SIZE, (i + 1) * DCT_INPUT_SIZE);

  it('has orthonormal rows', () => {
    for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
      for (let j = 0; j < DCT_OUTPUT_SIZE; j++) {
        expect(dot(row(i), row(j))).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
  });

  it('leaves out the constant (DC) basis row, so every row sums to zero', () => {
    for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
      expect(row(i).reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 5);
    }
  });

  it('starts with the half-cosine √(2/64)·cos(π(2j+1)/128)', () => {
    expect(matrix[0]).toBe(Math.fround(Math.fround(Math.sqrt(2 / 64)) * Math.cos(Math.PI / 128)));
  });
});

describe('dct64To16', () => {
  it('gives all-zero coefficients for a flat block', () => {
    const coefficients = dct64To16(new Float32Array(64 * 64).fill(100));
    expect(Math.max(...coefficients.map(Math.abs))).toBeLessThan(1e-3);
  });

  it('puts a block shaped like basis (u, v) into coefficient (u, v) alone', () => {
    const matrix = dctMatrix16x64();
    const [u, v] = [2, 5];
    const block = new Float32Array(64 * 64);
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) block[i * 64 + j] = matrix[u * 64 + i]! * matrix[v * 64 + j]! * 1000;
    }
    const coefficients = dct64To16(block);
    coefficients.forEach((value, index) => {
      expect(value).toBeCloseTo(index === u * 16 + v ? 1000 : 0, 1);
    });
  });
});
