import sharp from 'sharp';
import type { RgbImage } from './rgb-image.js';

/**
 * Largest image we decode: 2^26 pixels (e.g. 8192 × 8192). Hashing needs about
 * eleven bytes per pixel, so this caps one image near 740 MB and refuses
 * decompression bombs before any pixel is decoded.
 */
export const MAX_IMAGE_PIXELS = 2 ** 26;

/** The input is not an image we can decode (unknown format, corrupt, too large). */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

/**
 * Decodes an image to 8-bit RGB the way the PDQ reference reads it: the first
 * frame only, alpha dropped (not flattened), EXIF orientation ignored and no
 * ICC colour-profile conversion. Greyscale becomes R = G = B and 16-bit samples
 * are scaled to 8 bits.
 */
export async function decodeRgb(
  input: Buffer | Uint8Array,
  maxPixels: number = MAX_IMAGE_PIXELS,
): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(input, {
      autoOrient: false,
      ignoreIcc: true,
      limitInputPixels: maxPixels,
      // Tolerate decoder warnings (as the reference and browsers do) but not
      // errors or truncation, which would hash grey filler instead of content.
      failOn: 'error',
    })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new ImageDecodeError(`decoded to ${info.channels} channels, expected RGB`);
    }
    return { width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw new ImageDecodeError(`not a decodable image: ${(error as Error).message}`, { cause: error });
  }
}
