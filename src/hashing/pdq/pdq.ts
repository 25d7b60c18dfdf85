import type { RgbImage } from '../rgb-image.js';
import { DCT_INPUT_SIZE, DCT_OUTPUT_SIZE, dct64To16 } from './dct.js';
import { decimate, decimationIndices } from './decimate.js';
import { DIHEDRAL_ORDER, transformDct16 } from './dihedral.js';
import { emptyHash256, setBit, type Hash256 } from './hash256.js';
import { jaroszFilter, jaroszWindowSize } from './jarosz.js';
import { pdqKernels } from './kernels/pdq-kernels.js';
import { lumaFromRgb } from './luma.js';
import { imageDomainQuality } from './quality.js';
import { torbenMedian } from './torben.js';

/** Below this quality a PDQ hash says too little about the image to be matched. */
export const PDQ_MATCHABLE_QUALITY = 50;

/** Images narrower or shorter than this hash to all zeros with quality 0. */
export const PDQ_MIN_HASHABLE_DIMENSION = 5;

const JAROSZ_PASSES = 2;

export interface PdqHash {
  hash: Hash256;
  /** 0–100, from the gradients of the 64 × 64 downsample. */
  quality: number;
  /** quality ≥ PDQ_MATCHABLE_QUALITY. */
  matchable: boolean;
}

export interface PdqDihedralHashes {
  /** One hash per rotation/flip, in the order of DIHEDRAL_ORDER. */
  hashes: Hash256[];
  quality: number;
  matchable: boolean;
}

export function isPdqMatchable(quality: number): boolean {
  return quality >= PDQ_MATCHABLE_QUALITY;
}

/** dct64To16 in WebAssembly where there is WebAssembly (bit-exact with dct.ts). */
const dct64To16Fast = pdqKernels?.dct64To16 ?? dct64To16;

/** The PDQ hash of an RGB image, bit-exact with the reference's pdqHash256FromFloatLuma. */
export function pdqFromRgb(image: RgbImage): PdqHash {
  if (!isHashable(image)) return withQuality(emptyHash256(), 0);
  const block = isDctSized(image) ? lumaFromRgb(image) : downsampleTo64x64(image);
  return withQuality(dctToBits(dct64To16Fast(block)), imageDomainQuality(block));
}

/**
 * The PDQ hashes of the image in all eight rotations and flips, from one DCT,
 * as the reference's pdqDihedralHash256esFromFloatLuma. Like the reference, this
 * always blurs, even a 64 × 64 input that pdqFromRgb takes as it is.
 */
export function pdqDihedralFromRgb(image: RgbImage): PdqDihedralHashes {
  if (!isHashable(image)) {
    return { hashes: DIHEDRAL_ORDER.map(() => emptyHash256()), quality: 0, matchable: false };
  }
  const block = downsampleTo64x64(image);
  const quality = imageDomainQuality(block);
  const dct = dct64To16Fast(block);
  const hashes = DIHEDRAL_ORDER.map((dihedral) => dctToBits(transformDct16(dct, dihedral)));
  return { hashes, quality, matchable: isPdqMatchable(quality) };
}

function isHashable(image: RgbImage): boolean {
  return image.width >= PDQ_MIN_HASHABLE_DIMENSION && image.height >= PDQ_MIN_HASHABLE_DIMENSION;
}

function isDctSized(image: RgbImage): boolean {
  return image.width === DCT_INPUT_SIZE && image.height === DCT_INPUT_SIZE;
}

function withQuality(hash: Hash256, quality: number): PdqHash {
  return { hash, quality, matchable: isPdqMatchable(quality) };
}

/**
 * Luma, tent-filtered at full resolution, then sampled at the centres of a
 * 64 × 64 grid: by the WebAssembly kernels, or where there is no WebAssembly by
 * the same steps in TypeScript (bit-exact with each other).
 */
function downsampleTo64x64(image: RgbImage): Float32Array {
  const { width: cols, height: rows } = image;
  const windowAlongRows = jaroszWindowSize(cols, DCT_INPUT_SIZE);
  const windowAlongCols = jaroszWindowSize(rows, DCT_INPUT_SIZE);
  const keptColumns = decimationIndices(cols, DCT_INPUT_SIZE);
  if (pdqKernels !== undefined) {
    const keptRows = decimationIndices(rows, DCT_INPUT_SIZE);
    return pdqKernels.jaroszFilteredLuma(image, windowAlongRows, windowAlongCols, JAROSZ_PASSES, keptRows, keptColumns);
  }
  const [luma, scratch] = scratchBuffers(rows * cols);
  lumaFromRgb(image, luma);
  const filtered = jaroszFilter(luma, scratch, rows, cols, windowAlongRows, windowAlongCols, JAROSZ_PASSES, keptColumns);
  return decimate(filtered, rows, DCT_INPUT_SIZE, DCT_INPUT_SIZE, DCT_INPUT_SIZE);
}

/**
 * Two full-size float buffers per image. Fresh large buffers cost page faults
 * and garbage collection on every image, so buffers for images up to this many
 * pixels (64 MiB for the pair) are kept between calls; larger images get their own.
 */
const RETAINED_SCRATCH_PIXELS = 2 ** 23;
let retainedScratch: [Float32Array, Float32Array] | undefined;

function scratchBuffers(pixels: number): [Float32Array, Float32Array] {
  if (pixels > RETAINED_SCRATCH_PIXELS) return [new Float32Array(pixels), new Float32Array(pixels)];
  if (retainedScratch === undefined || retainedScratch[0].length < pixels) {
    retainedScratch = [new Float32Array(pixels), new Float32Array(pixels)];
  }
  return [retainedScratch[0].subarray(0, pixels), retainedScratch[1].subarray(0, pixels)];
}

/** Bit i·16 + j is set when coefficient (i, j) is above the median coefficient. */
export function dctToBits(dct: Float32Array): Hash256 {
  const median = torbenMedian(dct);
  const hash = emptyHash256();
  for (let bit = 0; bit < DCT_OUTPUT_SIZE * DCT_OUTPUT_SIZE; bit++) {
    if (dct[bit]! > median) setBit(hash, bit);
  }
  return hash;
}
