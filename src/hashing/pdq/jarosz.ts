/**
 * The Jarosz tent filter of the PDQ reference: box filters along rows, then
 * along columns, repeated. Every running sum is kept in float32 and updated in
 * the reference's order, so the result is bit-exact.
 *
 * For speed each box pass filters rows (contiguous memory) four at a time and
 * writes its result transposed: the next pass then filters the image's columns
 * as rows, and two passes restore the original layout.
 */

const fround = Math.fround;

/**
 * Box width per pass for downscaling oldDimension to newDimension: half of
 * one output cell (two passes make the full tent), rounded up.
 */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.trunc((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/**
 * The four phases of the reference's box1DFloat over `length` values: inputs
 * summed before the first output, outputs while the window grows, outputs with
 * the full window, outputs while it shrinks at the far edge.
 */
export interface BoxPhases {
  prime: number;
  grow: number;
  slide: number;
  shrink: number;
}

export function boxPhases(length: number, window: number): BoxPhases {
  const half = Math.trunc((window + 2) / 2);
  return { prime: half - 1, grow: window - half + 1, slide: length - window, shrink: half - 1 };
}

/** Indices 0 … count − 1. */
export function allIndices(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, index) => index);
}

/**
 * Box-filters the listed rows of `input` (row-major, `cols` wide) and writes
 * the result transposed: output[col × rowList.length + k] is column `col` of
 * filtered row rowList[k].
 */
export function boxAlongRowsTransposed(
  input: Float32Array,
  output: Float32Array,
  cols: number,
  window: number,
  rowList: Int32Array,
): void {
  const last = rowList.length - 1;
  for (let k = 0; k <= last; k += 4) {
    // A short last group repeats its final row: same values, same place.
    const ks = [k, Math.min(k + 1, last), Math.min(k + 2, last), Math.min(k + 3, last)] as const;
    boxFourRowsTransposed(input, output, cols, window, rowList, ks);
  }
}

/**
 * box1DFloat on four rows side by side. Each row's sum is a serial chain of
 * float32 additions; running four lets the processor overlap them.
 */
function boxFourRowsTransposed(
  input: Float32Array,
  output: Float32Array,
  cols: number,
  window: number,
  rowList: Int32Array,
  [k0, k1, k2, k3]: readonly [number, number, number, number],
): void {
  const { prime, grow, slide, shrink } = boxPhases(cols, window);
  const stride = rowList.length;
  const row0 = rowList[k0]! * cols;
  const row1 = rowList[k1]! * cols;
  const row2 = rowList[k2]! * cols;
  const row3 = rowList[k3]! * cols;
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let count = 0;
  let right = 0;
  let left = 0;
  let out = 0;
  for (let i = 0; i < prime; i++, right++) {
    count++;
    sum0 = fround(sum0 + input[row0 + right]!);
    sum1 = fround(sum1 + input[row1 + right]!);
    sum2 = fround(sum2 + input[row2 + right]!);
    sum3 = fround(sum3 + input[row3 + right]!);
  }
  for (let i = 0; i < grow; i++, right++, out += stride) {
    count++;
    sum0 = fround(sum0 + input[row0 + right]!);
    sum1 = fround(sum1 + input[row1 + right]!);
    sum2 = fround(sum2 + input[row2 + right]!);
    sum3 = fround(sum3 + input[row3 + right]!);
    output[out + k0] = sum0 / count;
    output[out + k1] = sum1 / count;
    output[out + k2] = sum2 / count;
    output[out + k3] = sum3 / count;
  }
  const inverseCount = 1 / count;
  for (let i = 0; i < slide; i++, right++, left++, out += stride) {
    sum0 = fround(fround(sum0 + input[row0 + right]!) - input[row0 + left]!);
    sum1 = fround(fround(sum1 + input[row1 + right]!) - input[row1 + left]!);
    sum2 = fround(fround(sum2 + input[row2 + right]!) - input[row2 + left]!);
    sum3 = fround(fround(sum3 + input[row3 + right]!) - input[row3 + left]!);
    // Same float32 as sum / count, and faster: see 'slide-phase division' in jarosz.test.ts.
    output[out + k0] = sum0 * inverseCount;
    output[out + k1] = sum1 * inverseCount;
    output[out + k2] = sum2 * inverseCount;
    output[out + k3] = sum3 * inverseCount;
  }
  for (let i = 0; i < shrink; i++, left++, out += stride) {
    count--;
    sum0 = fround(sum0 - input[row0 + left]!);
    sum1 = fround(sum1 - input[row1 + left]!);
    sum2 = fround(sum2 - input[row2 + left]!);
    sum3 = fround(sum3 - input[row3 + left]!);
    output[out + k0] = sum0 / count;
    output[out + k1] = sum1 / count;
    output[out + k2] = sum2 / count;
    output[out + k3] = sum3 / count;
  }
}

/**
 * The reference's jaroszFilterFloat on a rows × cols image: `passes` times a
 * box filter along rows then one along columns. The last column pass runs only
 * for `keptColumns` (all that decimation will read), and the result comes back
 * as a rows × keptColumns.length matrix. Overwrites `image` and `scratch`.
 */
export function jaroszFilter(
  image: Float32Array,
  scratch: Float32Array,
  rows: number,
  cols: number,
  windowAlongRows: number,
  windowAlongCols: number,
  passes: number,
  keptColumns: Int32Array = allIndices(cols),
): Float32Array {
  const everyRow = allIndices(rows);
  const everyColumn = allIndices(cols);
  for (let pass = 1; pass < passes; pass++) {
    boxAlongRowsTransposed(image, scratch, cols, windowAlongRows, everyRow);
    boxAlongRowsTransposed(scratch, image, rows, windowAlongCols, everyColumn);
  }
  boxAlongRowsTransposed(image, scratch, cols, windowAlongRows, everyRow);
  const filtered = new Float32Array(rows * keptColumns.length);
  boxAlongRowsTransposed(scratch, filtered, rows, windowAlongCols, keptColumns);
  return filtered;
}
