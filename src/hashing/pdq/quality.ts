const fround = Math.fround;

/**
 * The reference's image-domain quality metric on the 64 × 64 downsample: the sum
 * of vertical and horizontal neighbour differences, each as an integer
 * percentage of full scale (float32, truncated), divided by 90 and capped at
 * 100. Flat or tiny images score low.
 */
export function imageDomainQuality(block64x64: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      gradientSum += gradientPercent(block64x64[i * 64 + j]!, block64x64[(i + 1) * 64 + j]!);
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      gradientSum += gradientPercent(block64x64[i * 64 + j]!, block64x64[i * 64 + j + 1]!);
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

function gradientPercent(u: number, v: number): number {
  return Math.abs(Math.trunc(fround(fround(fround(u - v) * 100) / 255)));
}
