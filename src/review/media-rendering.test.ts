import { describe, expect, it } from 'vitest';
import { DEFAULT_WELLBEING } from '../domain/wellbeing.js';
import { measureImage, testPattern } from '../test-support/captured-media.js';
import { REVEALED_MAX_SIDE, renderPreview, renderRevealed } from './media-rendering.js';

describe('media rendering', () => {
  it('makes a preview small, grey and blurred by default', async () => {
    const original = await measureImage(await testPattern(640, 480));
    const preview = await measureImage(await renderPreview(await testPattern(640, 480), DEFAULT_WELLBEING));
    expect(preview).toMatchObject({ width: 160, height: 120, format: 'webp' });
    expect(preview.colourfulness).toBeLessThanOrEqual(3);
    expect(preview.contrast).toBeLessThan(original.contrast / 4);
  });

  it('follows the analyst’s own choices', async () => {
    const preview = await measureImage(await renderPreview(await testPattern(640, 480), { previewSize: 320, previewGreyscale: false, previewBlur: false }));
    expect(preview).toMatchObject({ width: 320, height: 240 });
    expect(preview.colourfulness).toBeGreaterThan(100);
  });

  it('never enlarges a small image', async () => {
    expect(await measureImage(await renderPreview(await testPattern(40, 20), DEFAULT_WELLBEING))).toMatchObject({ width: 40, height: 20 });
  });

  it('reveals in colour, re-encoded and bounded in size', async () => {
    const revealed = await measureImage(await renderRevealed(await testPattern(3200, 1600)));
    expect(revealed).toMatchObject({ width: REVEALED_MAX_SIDE, height: REVEALED_MAX_SIDE / 2, format: 'webp' });
    expect(revealed.colourfulness).toBeGreaterThan(100);
  });
});
