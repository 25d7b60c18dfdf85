/**
 * A 256-bit PDQ hash laid out as the reference implementation does: sixteen
 * 16-bit words, bit `k` of the hash in word `k >> 4` at position `k & 15`,
 * written in hex from the most significant word (15) down to word 0.
 */
export type Hash256 = Uint16Array;

export const HASH256_WORDS = 16;
export const HASH256_BITS = 256;
const HEX_DIGITS = 64;
const HEX_PATTERN = /^[0-9a-f]{64}$/i;

export function emptyHash256(): Hash256 {
  return new Uint16Array(HASH256_WORDS);
}

export function setBit(hash: Hash256, bit: number): void {
  hash[bit >> 4]! |= 1 << (bit & 15);
}

export function getBit(hash: Hash256, bit: number): number {
  return (hash[bit >> 4]! >> (bit & 15)) & 1;
}

export function isHash256Hex(text: string): boolean {
  return HEX_PATTERN.test(text);
}

export function hash256FromHex(text: string): Hash256 {
  if (!isHash256Hex(text)) {
    throw new RangeError(`a PDQ hash is ${HEX_DIGITS} hexadecimal digits`);
  }
  const hash = emptyHash256();
  for (let word = 0; word < HASH256_WORDS; word++) {
    const offset = (HASH256_WORDS - 1 - word) * 4;
    hash[word] = Number.parseInt(text.slice(offset, offset + 4), 16);
  }
  return hash;
}

export function hash256ToHex(hash: Hash256): string {
  let text = '';
  for (let word = HASH256_WORDS - 1; word >= 0; word--) {
    text += hash[word]!.toString(16).padStart(4, '0');
  }
  return text;
}

function popcount16(value: number): number {
  let v = value - ((value >> 1) & 0x5555);
  v = (v & 0x3333) + ((v >> 2) & 0x3333);
  v = (v + (v >> 4)) & 0x0f0f;
  return (v + (v >> 8)) & 0x1f;
}

/** Number of bits in which the two hashes differ. */
export function hammingDistance(a: Hash256, b: Hash256): number {
  let distance = 0;
  for (let word = 0; word < HASH256_WORDS; word++) {
    distance += popcount16(a[word]! ^ b[word]!);
  }
  return distance;
}
