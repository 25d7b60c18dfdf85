import { HASH256_BITS } from '../hashing/pdq/hash256.js';
import { PACKED_WORDS } from './packed-hashes.js';

/** mulberry32: reproducible pseudo-random 32-bit words for tests and benchmarks (not for secrets). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `count` uniformly random packed hashes. */
export function randomRows(count: number, random: () => number): Uint32Array {
  const rows = new Uint32Array(count * PACKED_WORDS);
  for (let i = 0; i < rows.length; i++) rows[i] = random();
  return rows;
}

/** Writes into row `toRow` the hash of `fromRow` with exactly `distance` distinct random bits flipped. */
export function plantNeighbour(
  from: Uint32Array,
  fromRow: number,
  to: Uint32Array,
  toRow: number,
  distance: number,
  random: () => number,
): void {
  to.set(from.subarray(fromRow * PACKED_WORDS, (fromRow + 1) * PACKED_WORDS), toRow * PACKED_WORDS);
  const bits = Uint8Array.from({ length: HASH256_BITS }, (_, bit) => bit);
  for (let i = 0; i < distance; i++) {
    const pick = i + (random() % (HASH256_BITS - i));
    [bits[i], bits[pick]] = [bits[pick]!, bits[i]!];
    to[toRow * PACKED_WORDS + (bits[i]! >> 5)]! ^= 1 << (bits[i]! & 31);
  }
}
