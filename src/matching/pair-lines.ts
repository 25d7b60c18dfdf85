import { unpackHash } from './packed-hashes.js';
import type { PdqIndexReader } from './pdq-index.js';

export interface NeedlePairs {
  /** One `{"needle": i, "match": j, "distance": d}` line per match, nearest first (then by line). */
  text: string;
  pairs: number;
}

/** The output lines of one needle (a row of the packed needles) against an index whose ids are line numbers. */
export function needlePairs(
  index: Pick<PdqIndexReader, 'search'>,
  needles: Uint32Array,
  needle: number,
  maxDistance: number,
): NeedlePairs {
  const matches = index.search(unpackHash(needles, needle), maxDistance);
  let text = '';
  for (const match of matches) text += `{"needle": ${needle}, "match": ${match.id}, "distance": ${match.distance}}\n`;
  return { text, pairs: matches.length };
}
