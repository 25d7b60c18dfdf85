import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgb, ImageDecodeError } from './decode.js';

function rawImage(width: number, height: number, channels: 1 | 3 | 4, data: number[]) {
  return sharp(Uint8Array.from(data), { raw: { width, height, channels } });
}

describe('decodeRgb', () => {
  it('drops alpha without blending, keeping the colour under a transparent pixel', async () => {
    const png = await rawImage(2, 1, 4, [10, 20, 30, 0, 200, 100, 50, 128]).png().toBuffer();
    const decoded = await decodeRgb(png);
    expect(decoded).toMatchObject({ width: 2, height: 1 });
    expect(Array.from(decoded.rgb)).toEqual([10, 20, 30, 200, 100, 50]);
  });

  it('ignores the EXIF orientation', async () => {
    const pixels = Array.from({ length: 40 * 20 * 3 }, (_, i) => i % 256);
    const jpeg = await rawImage(40, 20, 3, pixels).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    expect(await decodeRgb(jpeg)).toMatchObject({ width: 40, height: 20 });
  });

  it('returns the stored samples of an image with an ICC profile, unconverted', async () => {
    const pixels = Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 37) % 256);
    const displayP3 = await rawImage(8, 8, 3, pixels).png().withIccProfile('p3').toBuffer();
    const stored = await sharp(displayP3).keepIccProfile().raw().toBuffer();
    const convertedToSrgb = await sharp(displayP3).raw().toBuffer();
    const decoded = await decodeRgb(displayP3);
    expect(Buffer.from(decoded.rgb)).toEqual(stored);
    expect(Buffer.from(decoded.rgb)).not.toEqual(convertedToSrgb);
  });

  it('expands greyscale to equal R, G and B', async () => {
    const png = await rawImage(3, 1, 1, [0, 77, 255]).png().toBuffer();
    expect(Array.from((await decodeRgb(png)).rgb)).toEqual([0, 0, 0, 77, 77, 77, 255, 255, 255]);
  });

  it('scales 16-bit samples to 8 bits', async () => {
    const samples = Uint16Array.of(0, 0x8080, 0xffff);
    const png = await sharp(samples, { raw: { width: 1, height: 1, channels: 3 } }).png().toBuffer();
    expect(Array.from((await decodeRgb(png)).rgb)).toEqual([0, 128, 255]);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(decodeRgb(Buffer.from('just some text'))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('rejects a truncated JPEG rather than hashing grey filler', async () => {
    const pixels = Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7) % 256);
    const jpeg = await rawImage(64, 64, 3, pixels).jpeg().toBuffer();
    await expect(decodeRgb(jpeg.subarray(0, jpeg.length / 2))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#808080' } }).png().toBuffer();
    await expect(decodeRgb(png, 9_999)).rejects.toThrow(/pixel limit/);
    await expect(decodeRgb(png, 10_000)).resolves.toMatchObject({ width: 100, height: 100 });
  });
});
