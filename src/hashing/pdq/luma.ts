import type { RgbImage } from '../rgb-image.js';

// The reference's coefficients are float32 constants.
const LUMA_FROM_R = Math.fround(0.299);
const LUMA_FROM_G = Math.fround(0.587);
const LUMA_FROM_B = Math.fround(0.114);

/** float32(coefficient × v) for every byte value v: the products the reference rounds. */
function productTable(coefficient: number): Float32Array {
  const table = new Float32Array(256);
  for (let value = 0; value < 256; value++) table[value] = coefficient * value;
  return table;
}

const R_TERM = productTable(LUMA_FROM_R);
const G_TERM = productTable(LUMA_FROM_G);
const B_TERM = productTable(LUMA_FROM_B);

const fround = Math.fround;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Luma = 0.299 R + 0.587 G + 0.114 B evaluated in float32 left to right, one
 * value per pixel, row-major (the reference's fillFloatLumaFromRGB).
 */
export function lumaFromRgb(
  image: RgbImage,
  luma: Float32Array = new Float32Array(image.width * image.height),
): Float32Array {
  const pixels = image.width * image.height;
  const { rgb } = image;
  const first = LITTLE_ENDIAN && rgb.byteOffset % 4 === 0 ? lumaOfPixelQuads(rgb, luma, pixels) : 0;
  lumaOfPixels(rgb, luma, first, pixels);
  return luma;
}

function lumaOfPixels(rgb: Uint8Array, luma: Float32Array, first: number, end: number): void {
  for (let pixel = first, byte = first * 3; pixel < end; pixel++, byte += 3) {
    luma[pixel] = fround(R_TERM[rgb[byte]!]! + G_TERM[rgb[byte + 1]!]!) + B_TERM[rgb[byte + 2]!]!;
  }
}

/**
 * Four pixels (twelve bytes) at a time through three 32-bit reads, which takes
 * the JIT far fewer instructions than twelve byte reads. Needs a 4-byte-aligned,
 * little-endian buffer. Returns how many pixels it did.
 */
function lumaOfPixelQuads(rgb: Uint8Array, luma: Float32Array, pixels: number): number {
  const quads = Math.floor(pixels / 4);
  const words = new Uint32Array(rgb.buffer, rgb.byteOffset, quads * 3);
  for (let quad = 0, pixel = 0, word = 0; quad < quads; quad++, pixel += 4, word += 3) {
    const rgbr = words[word]!;
    const gbrg = words[word + 1]!;
    const brgb = words[word + 2]!;
    luma[pixel] = fround(R_TERM[rgbr & 255]! + G_TERM[(rgbr >>> 8) & 255]!) + B_TERM[(rgbr >>> 16) & 255]!;
    luma[pixel + 1] = fround(R_TERM[rgbr >>> 24]! + G_TERM[gbrg & 255]!) + B_TERM[(gbrg >>> 8) & 255]!;
    luma[pixel + 2] = fround(R_TERM[(gbrg >>> 16) & 255]! + G_TERM[gbrg >>> 24]!) + B_TERM[brgb & 255]!;
    luma[pixel + 3] = fround(R_TERM[(brgb >>> 8) & 255]! + G_TERM[(brgb >>> 16) & 255]!) + B_TERM[brgb >>> 24]!;
  }
  return quads * 4;
}
