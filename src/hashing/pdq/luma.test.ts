import { describe, expect, it } from 'vitest';
import { lumaFromRgb } from './luma.js';

describe('lumaFromRgb', () => {
  it('weights red, green and blue by 0.299, 0.587 and 0.114', () => {
    const luma = lumaFromRgb({ width: 4, height: 1, rgb: Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0) });
    expect(luma[0]).toBeCloseTo(0.299 * 255, 4);
    expect(luma[1]).toBeCloseTo(0.587 * 255, 4);
    expect(luma[2]).toBeCloseTo(0.114 * 255, 4);
    expect(luma[3]).toBe(0);
  });

  it('evaluates in float32, left to right, like the reference', () => {
    const [r, g, b] = [200, 100, 50];
    const f = Math.fround;
    const float32 = f(f(f(f(0.299) * r) + f(f(0.587) * g)) + f(f(0.114) * b));
    expect(lumaFromRgb({ width: 1, height: 1, rgb: Uint8Array.of(r, g, b) })[0]).toBe(float32);
  });

  it('keeps grey close to its level (the float32 weights do not sum to exactly 1)', () => {
    const luma = lumaFromRgb({ width: 1, height: 1, rgb: Uint8Array.of(128, 128, 128) });
    expect(luma[0]).toBeCloseTo(128, 4);
  });

  it('writes row-major, one value per pixel, into a given buffer', () => {
    const buffer = new Float32Array(6);
    const rgb = Uint8Array.from({ length: 18 }, (_, i) => Math.trunc(i / 3) * 10);
    expect(lumaFromRgb({ width: 3, height: 2, rgb }, buffer)).toBe(buffer);
    expect(Array.from(buffer, Math.round)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('gives the same values whether the RGB bytes are 4-byte aligned or not, whatever the pixel count', () => {
    for (const pixels of [1, 4, 7, 1001]) {
      const aligned = Uint8Array.from({ length: pixels * 3 }, (_, i) => (i * 89 + 13) % 256);
      const shifted = new Uint8Array(aligned.length + 1).subarray(1);
      shifted.set(aligned);
      expect(shifted.byteOffset % 4).not.toBe(0);
      const expected = lumaFromRgb({ width: pixels, height: 1, rgb: aligned });
      expect(lumaFromRgb({ width: pixels, height: 1, rgb: shifted })).toEqual(expected);
      expected.forEach((value, pixel) => {
        const [r, g, b] = aligned.subarray(pixel * 3, pixel * 3 + 3);
        const f = Math.fround;
        expect(value).toBe(f(f(f(f(0.299) * r!) + f(f(0.587) * g!)) + f(f(0.114) * b!)));
      });
    }
  });
});
