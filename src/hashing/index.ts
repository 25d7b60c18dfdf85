/**
 * Hashing of reported content: cryptographic hashes (MD5, SHA-1, SHA-256) for
 * exact matching against hash lists, and PDQ, bit-exact with Meta's reference,
 * for matching resized or re-encoded copies of images.
 */

/** Hashes of a file or of in-memory image bytes, as the `hash` command prints them. */
export { hashFile, hashImageBuffer, MAX_IMAGE_FILE_BYTES } from './hash-file.js';
export type { ContentHashes, FileHashes } from './hash-file.js';

/** MD5, SHA-1 and SHA-256 in one pass over a buffer, a stream or a file. */
export { CryptoHasher, cryptoHashesOfBuffer, cryptoHashesOfFile, cryptoHashesOfStream } from './crypto.js';
export type { CryptoHashes } from './crypto.js';

/** Image decoding to 8-bit RGB the way the PDQ reference reads images. */
export { decodeRgb, ImageDecodeError, MAX_IMAGE_PIXELS } from './decode.js';
export type { RgbImage } from './rgb-image.js';

/** PDQ hashes of decoded images, plain or in all eight rotations/flips. */
export {
  isPdqMatchable,
  pdqDihedralFromRgb,
  pdqFromRgb,
  PDQ_MATCHABLE_QUALITY,
  PDQ_MIN_HASHABLE_DIMENSION,
} from './pdq/pdq.js';
export type { PdqDihedralHashes, PdqHash } from './pdq/pdq.js';
export { DIHEDRAL_ORDER } from './pdq/dihedral.js';
export type { Dihedral } from './pdq/dihedral.js';

/** The 256-bit PDQ hash: hex form and Hamming distance. */
export {
  emptyHash256,
  getBit,
  hammingDistance,
  hash256FromHex,
  hash256ToHex,
  HASH256_BITS,
  isHash256Hex,
  setBit,
} from './pdq/hash256.js';
export type { Hash256 } from './pdq/hash256.js';

/** The `hash` CLI command. */
export { registerHashCommand, runHashCommand } from './cli.js';
