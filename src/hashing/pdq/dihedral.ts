import { DCT_OUTPUT_SIZE } from './dct.js';

/** The eight rotations and flips, in the reference's order. */
export const DIHEDRAL_ORDER = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;

export type Dihedral = (typeof DIHEDRAL_ORDER)[number];

/**
 * How a rotation or flip of the image acts on its DCT coefficients: the basis
 * functions are even or odd about the centre, so each coefficient (i, j) only
 * changes sign with the parity of i and/or j, and is transposed when the
 * transform swaps the axes.
 */
interface DctSymmetry {
  transpose: boolean;
  negate: (i: number, j: number) => boolean;
}

const even = (n: number): boolean => (n & 1) === 0;

const DCT_SYMMETRIES: Record<Dihedral, DctSymmetry> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => even(j) },
  rotate180: { transpose: false, negate: (i, j) => !even(i + j) },
  rotate270: { transpose: true, negate: (i) => even(i) },
  flipX: { transpose: false, negate: (i) => even(i) },
  flipY: { transpose: false, negate: (_i, j) => even(j) },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => !even(i + j) },
};

/** The 16 × 16 DCT of the image transformed by `dihedral`, from the original's DCT. */
export function transformDct16(dct: Float32Array, dihedral: Dihedral): Float32Array {
  const { transpose, negate } = DCT_SYMMETRIES[dihedral];
  const transformed = new Float32Array(DCT_OUTPUT_SIZE * DCT_OUTPUT_SIZE);
  for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
    for (let j = 0; j < DCT_OUTPUT_SIZE; j++) {
      const target = transpose ? j * DCT_OUTPUT_SIZE + i : i * DCT_OUTPUT_SIZE + j;
      const value = dct[i * DCT_OUTPUT_SIZE + j]!;
      transformed[target] = negate(i, j) ? -value : value;
    }
  }
  return transformed;
}
