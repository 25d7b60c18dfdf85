import sharp from 'sharp';
import type { WellbeingSettings } from '../domain/wellbeing.js';

/**
 * Captured images are never sent to a browser as they were captured. A preview
 * is made on the server, small, grey and blurred as the analyst chose, so the
 * detail never leaves it; a revealed image is re-encoded at a bounded size, so
 * what a hostile site served is never handed to the browser's decoders as is.
 */
export const REVEALED_MAX_SIDE = 1600;
/** Strong enough that a face or a body is a shape, not a person, at preview size. */
const PREVIEW_BLUR_SIGMA = 8;

export type PreviewSettings = Pick<WellbeingSettings, 'previewSize' | 'previewGreyscale' | 'previewBlur'>;

export async function renderPreview(bytes: Buffer, settings: PreviewSettings): Promise<Buffer> {
  let image = sharp(bytes, { failOn: 'none', animated: false })
    .rotate()
    .resize(settings.previewSize, settings.previewSize, { fit: 'inside', withoutEnlargement: true });
  if (settings.previewGreyscale) image = image.greyscale();
  if (settings.previewBlur) image = image.blur(PREVIEW_BLUR_SIGMA);
  return image.webp({ quality: 70 }).toBuffer();
}

export async function renderRevealed(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes, { failOn: 'none', animated: false })
    .rotate()
    .resize(REVEALED_MAX_SIDE, REVEALED_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 85 })
    .toBuffer();
}
