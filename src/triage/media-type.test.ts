import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { mediaTypeOf } from './media-type.js';

const image = (format: 'png' | 'jpeg' | 'webp' | 'gif') =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 10, g: 120, b: 200 } } }).toFormat(format).toBuffer();
const box = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from(`ftyp${brand}`), Buffer.alloc(8)]);

describe('mediaTypeOf', () => {
  it.each(['png', 'jpeg', 'webp', 'gif'] as const)('knows a %s image by its bytes', async (format) => {
    expect(await mediaTypeOf(await image(format))).toEqual({ kind: 'image', mediaType: `image/${format}` });
  });

  it.each([
    ['isom', 'video/mp4'],
    ['mp42', 'video/mp4'],
    ['qt  ', 'video/quicktime'],
  ])('knows an ISO container of brand %s as a video', async (brand, mediaType) => {
    expect(await mediaTypeOf(box(brand))).toEqual({ kind: 'video', mediaType });
  });

  it('knows WebM and Ogg videos', async () => {
    expect(await mediaTypeOf(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ kind: 'video', mediaType: 'video/webm' });
    expect(await mediaTypeOf(Buffer.concat([Buffer.from('OggS'), Buffer.alloc(10)]))).toEqual({ kind: 'video', mediaType: 'video/ogg' });
  });

  it('is not fooled by a name, a claimed type or an SVG', async () => {
    expect(await mediaTypeOf(Buffer.from('<html><body>hello</body></html>'))).toBeNull();
    expect(await mediaTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'))).toBeNull();
    expect(await mediaTypeOf(box('heic'))).toBeNull();
    expect(await mediaTypeOf(Buffer.alloc(3))).toBeNull();
  });
});
