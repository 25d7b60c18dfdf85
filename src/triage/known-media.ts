import type { HashMatch } from '../hashlists/match-index.js';
import type { HashType } from '../hashlists/hash-values.js';
import type { Classification } from '../hashlists/tables.js';

/** What the hash lists say of a captured file: it is known material, of this category and classification. */
export interface KnownMedia {
  category: string;
  classification: Classification;
  /** The hash types that matched. */
  matchedBy: HashType[];
  /** The smallest PDQ distance, when PDQ matched. */
  pdqDistance: number | null;
}

/**
 * The strongest of a file's matches: an exact hash over a perceptual one, a
 * closer PDQ match over a farther one. Null when nothing matched.
 */
export function knownMediaOf(matches: readonly HashMatch[]): KnownMedia | null {
  if (matches.length === 0) return null;
  const strength = (match: HashMatch) => (match.type === 'pdq' ? 1 + (match.distance ?? 0) : 0);
  const strongest = [...matches].sort((a, b) => strength(a) - strength(b))[0]!;
  const distances = matches.filter((match) => match.type === 'pdq').map((match) => match.distance ?? 0);
  return {
    category: strongest.category,
    classification: strongest.classification,
    matchedBy: [...new Set(matches.map((match) => match.type))],
    pdqDistance: distances.length > 0 ? Math.min(...distances) : null,
  };
}
