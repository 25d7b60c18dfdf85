import sharp from 'sharp';
import type { MediaKind } from './tables.js';

/**
 * What a fetched file really is, from its bytes rather than what the server
 * claimed: a raster image sharp can decode, a video in a container browsers
 * play, or neither. SVG is never treated as an image: it is a document that can
 * carry script.
 */
export interface MediaType {
  kind: MediaKind;
  mediaType: string;
}

const IMAGE_FORMATS: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  heif: 'image/heif',
  tiff: 'image/tiff',
};

export async function mediaTypeOf(bytes: Buffer): Promise<MediaType | null> {
  if (looksLikeMarkup(bytes)) return null;
  return videoTypeOf(bytes) ?? (await imageTypeOf(bytes));
}

/** A page of HTML or XML (SVG too) starts with `<`, which no raster image or video does: no need to ask the decoder. */
function looksLikeMarkup(bytes: Buffer): boolean {
  const start = bytes.subarray(0, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return start.startsWith('<');
}

async function imageTypeOf(bytes: Buffer): Promise<MediaType | null> {
  try {
    const { format } = await sharp(bytes, { failOn: 'none' }).metadata();
    const mediaType = format ? IMAGE_FORMATS[format] : undefined;
    return mediaType ? { kind: 'image', mediaType } : null;
  } catch {
    return null;
  }
}

function videoTypeOf(bytes: Buffer): MediaType | null {
  if (bytes.length < 12) return null;
  if (bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12);
    if (brand === 'qt  ') return { kind: 'video', mediaType: 'video/quicktime' };
    // HEIF/AVIF images share the ISO container; their brands are not video.
    if (/^(heic|heix|mif1|msf1|avif|avis)$/.test(brand)) return null;
    return { kind: 'video', mediaType: 'video/mp4' };
  }
  if (bytes.readUInt32BE(0) === 0x1a45dfa3) return { kind: 'video', mediaType: 'video/webm' };
  if (bytes.toString('latin1', 0, 4) === 'OggS') return { kind: 'video', mediaType: 'video/ogg' };
  return null;
}
