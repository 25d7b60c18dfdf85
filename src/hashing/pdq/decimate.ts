/**
 * Index of the input sample at the centre of output cell `outIndex` when
 * `inSize` samples are reduced to `outSize` (the reference's decimateFloat).
 */
export function decimationIndex(outIndex: number, inSize: number, outSize: number): number {
  return Math.trunc(((outIndex + 0.5) * inSize) / outSize);
}

/** The input indices sampled when `inSize` samples are reduced to `outSize`. */
export function decimationIndices(inSize: number, outSize: number): Int32Array {
  return Int32Array.from({ length: outSize }, (_, outIndex) => decimationIndex(outIndex, inSize, outSize));
}

/** Picks the centre sample of each output cell of a row-major matrix. */
export function decimate(
  input: Float32Array,
  inRows: number,
  inCols: number,
  outRows: number,
  outCols: number,
): Float32Array {
  const output = new Float32Array(outRows * outCols);
  const rowIndices = decimationIndices(inRows, outRows);
  const colIndices = decimationIndices(inCols, outCols);
  for (let outRow = 0; outRow < outRows; outRow++) {
    const inRowStart = rowIndices[outRow]! * inCols;
    for (let outCol = 0; outCol < outCols; outCol++) {
      output[outRow * outCols + outCol] = input[inRowStart + colIndices[outCol]!]!;
    }
  }
  return output;
}
