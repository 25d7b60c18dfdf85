import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../rgb-image.js';
import { hammingDistance, hash256ToHex } from './hash256.js';
import { isPdqMatchable, pdqDihedralFromRgb, pdqFromRgb, PDQ_MATCHABLE_QUALITY } from './pdq.js';

function image(width: number, height: number, rgbAt: (x: number, y: number) => [number, number, number]): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgb.set(rgbAt(x, y), (y * width + x) * 3);
  }
  return { width, height, rgb };
}

/** A smooth, asymmetric colour pattern defined at any (x, y). */
const pattern = (x: number, y: number): [number, number, number] => {
  const v = Math.round(127 + 50 * Math.sin(x / 9 + y / 40) + 50 * Math.cos(y / 13 - x / 50) + 20 * Math.sin((x * y) / 900));
  return [v, 255 - v, (v * 3) % 256];
};

describe('pdqFromRgb', () => {
  it('hashes an image under 5 pixels wide to all zeros with quality 0', () => {
    const result = pdqFromRgb(image(4, 100, pattern));
    expect(hash256ToHex(result.hash)).toBe('0'.repeat(64));
    expect(result.quality).toBe(0);
    expect(result.matchable).toBe(false);
  });

  it('scores a flat image 0 and flags it not matchable', () => {
    const result = pdqFromRgb(image(200, 150, () => [90, 90, 90]));
    expect(result.quality).toBe(0);
    expect(result.matchable).toBe(false);
  });

  it('sets half the bits (those above the median coefficient) of a detailed image', () => {
    const result = pdqFromRgb(image(300, 200, pattern));
    const setBits = hammingDistance(result.hash, new Uint16Array(16));
    expect(setBits).toBe(128);
    expect(result.matchable).toBe(true);
  });

  it('hashes a 64 × 64 image without blurring, and still close to the blurred dihedral original', () => {
    const small = image(64, 64, pattern);
    const plain = pdqFromRgb(small);
    const [dihedralOriginal] = pdqDihedralFromRgb(small).hashes;
    expect(hammingDistance(plain.hash, dihedralOriginal!)).toBeLessThanOrEqual(10);
  });

  it('is not thrown off by a resize', () => {
    const large = pdqFromRgb(image(480, 360, (x, y) => pattern(x / 2, y / 2)));
    const small = pdqFromRgb(image(240, 180, pattern));
    expect(hammingDistance(large.hash, small.hash)).toBeLessThanOrEqual(31);
  });
});

describe('pdqDihedralFromRgb', () => {
  it('matches a copy turned 90° anticlockwise with its rotate90 hash, and with no other', () => {
    const width = 240;
    const height = 180;
    // Pixel (x, y) of the turned copy is pixel (width − 1 − y, x) of the original.
    const turned = pdqFromRgb(image(height, width, (x, y) => pattern(width - 1 - y, x)));
    const { hashes } = pdqDihedralFromRgb(image(width, height, pattern));
    const distances = hashes.map((hash) => hammingDistance(hash, turned.hash));
    expect(distances[1]).toBeLessThanOrEqual(31);
    expect(Math.min(...distances.filter((_, index) => index !== 1))).toBeGreaterThan(31);
  });

  it('gives eight zero hashes with quality 0 for an image too small to hash', () => {
    const result = pdqDihedralFromRgb(image(3, 3, pattern));
    expect(result.hashes).toHaveLength(8);
    expect(result.hashes.every((hash) => hash.every((word) => word === 0))).toBe(true);
    expect(result.quality).toBe(0);
  });
});

describe('isPdqMatchable', () => {
  it('accepts quality 50 and above', () => {
    expect(PDQ_MATCHABLE_QUALITY).toBe(50);
    expect(isPdqMatchable(49)).toBe(false);
    expect(isPdqMatchable(50)).toBe(true);
  });
});
