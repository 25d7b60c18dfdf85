import { describe, expect, it } from 'vitest';
import { DIHEDRAL_ORDER, transformDct16, type Dihedral } from './dihedral.js';

const dct = Float32Array.from({ length: 256 }, (_, index) => index + 1);
const at = (matrix: Float32Array, i: number, j: number) => matrix[i * 16 + j]!;

function apply(...dihedrals: Dihedral[]): Float32Array {
  return dihedrals.reduce<Float32Array>((matrix, dihedral) => transformDct16(matrix, dihedral), dct);
}

describe('transformDct16', () => {
  it('lists the eight transforms in the reference order', () => {
    expect(DIHEDRAL_ORDER).toEqual([
      'original',
      'rotate90',
      'rotate180',
      'rotate270',
      'flipX',
      'flipY',
      'flipPlus1',
      'flipMinus1',
    ]);
  });

  it('leaves the original as it is', () => {
    expect(apply('original')).toEqual(dct);
  });

  it('composes four quarter turns to the identity, and two to a half turn', () => {
    expect(apply('rotate90', 'rotate90', 'rotate90', 'rotate90')).toEqual(dct);
    expect(apply('rotate90', 'rotate90')).toEqual(apply('rotate180'));
    expect(apply('rotate90', 'rotate180')).toEqual(apply('rotate270'));
  });

  it('undoes every flip by repeating it', () => {
    for (const flip of ['flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const) {
      expect(apply(flip, flip)).toEqual(dct);
    }
  });

  it('makes a half turn from the two axis flips', () => {
    expect(apply('flipX', 'flipY')).toEqual(apply('rotate180'));
  });

  it('negates the odd vertical frequencies for flipX and transposes for the diagonal flip', () => {
    expect(at(apply('flipX'), 0, 3)).toBe(-at(dct, 0, 3));
    expect(at(apply('flipX'), 1, 3)).toBe(at(dct, 1, 3));
    expect(at(apply('flipPlus1'), 3, 7)).toBe(at(dct, 7, 3));
  });
});
