const fround = Math.fround;

export const DCT_INPUT_SIZE = 64;
export const DCT_OUTPUT_SIZE = 16;

/**
 * Rows 1..16 of the 64-point DCT-II basis (row 0, the DC term, is skipped), as
 * the reference computes them: cosine in double, scaled by float32 √(2/64),
 * stored as float32. Row-major 16 × 64.
 */
export function dctMatrix16x64(): Float32Array {
  const scale = fround(Math.sqrt(2 / DCT_INPUT_SIZE));
  const matrix = new Float32Array(DCT_OUTPUT_SIZE * DCT_INPUT_SIZE);
  for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
    for (let j = 0; j < DCT_INPUT_SIZE; j++) {
      matrix[i * DCT_INPUT_SIZE + j] = scale * Math.cos((Math.PI / 2 / DCT_INPUT_SIZE) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
}

const DCT_MATRIX = dctMatrix16x64();

/**
 * The 16 × 16 low-frequency corner of the 2-D DCT of a 64 × 64 block:
 * B = D · A · Dᵀ, each dot product summed in float32 in index order.
 */
export function dct64To16(block64x64: Float32Array): Float32Array {
  return multiplyByDTransposed(multiplyByD(block64x64));
}

/** T = D · A (16 × 64). */
function multiplyByD(a: Float32Array): Float32Array {
  const t = new Float32Array(DCT_OUTPUT_SIZE * DCT_INPUT_SIZE);
  for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
    const tRow = i * DCT_INPUT_SIZE;
    for (let k = 0; k < DCT_INPUT_SIZE; k++) {
      const d = DCT_MATRIX[i * DCT_INPUT_SIZE + k]!;
      const aRow = k * DCT_INPUT_SIZE;
      for (let j = 0; j < DCT_INPUT_SIZE; j++) {
        t[tRow + j] = t[tRow + j]! + fround(d * a[aRow + j]!);
      }
    }
  }
  return t;
}

/** B = T · Dᵀ (16 × 16). */
function multiplyByDTransposed(t: Float32Array): Float32Array {
  const b = new Float32Array(DCT_OUTPUT_SIZE * DCT_OUTPUT_SIZE);
  for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
    for (let j = 0; j < DCT_OUTPUT_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < DCT_INPUT_SIZE; k++) {
        sum = fround(sum + fround(t[i * DCT_INPUT_SIZE + k]! * DCT_MATRIX[j * DCT_INPUT_SIZE + k]!));
      }
      b[i * DCT_OUTPUT_SIZE + j] = sum;
    }
  }
  return b;
}
