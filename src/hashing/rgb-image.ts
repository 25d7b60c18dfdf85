/** An 8-bit RGB image, row-major, three bytes per pixel with no row padding. */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}
