import { isPdqMatchable } from '../hashing/pdq/pdq.js';
import { hash256FromHex } from '../hashing/pdq/hash256.js';
import { PackedHashList } from '../matching/packed-hashes.js';
import { DEFAULT_MAX_DISTANCE, PdqIndex } from '../matching/pdq-index.js';
import type { AllowedRow, EntryRow, ListSettings, RemovalRow } from './change-feed.js';
import type { ExactHashType, HashType } from './hash-values.js';
import type { Classification } from './tables.js';

/** Triage matches for the hotline's own work; hashcheck for hosting providers. Each list is switched on for either. */
export type MatchPurpose = 'triage' | 'hashcheck';

export interface HashQuery {
  type: HashType;
  /** Lower-case hex of the type's length. */
  value: string;
  /** PDQ quality when known; below 50 the hash is not matched. */
  quality?: number | null;
}

/** One query hash found on lists of this category and classification; nothing else about the list is told. */
export interface HashMatch {
  /** Position of the hash among the queries. */
  index: number;
  type: HashType;
  /** PDQ only: Hamming distance to the nearest hash on such a list. */
  distance?: number;
  category: string;
  classification: Classification;
}

export interface MatchOptions {
  purpose: MatchPurpose;
  /** PDQ: largest Hamming distance that matches; 31 unless given. */
  maxDistance?: number;
}

interface Holding {
  entryId: number;
  listId: number;
}

function exactMaps<V>(): Record<ExactHashType, Map<string, V>> {
  return { md5: new Map(), sha1: new Map(), sha256: new Map() };
}

const emptyPdqIndex = () => PdqIndex.build({ rows: new Uint32Array(0), ids: new Float64Array(0), count: 0 });

/** Entries whose PDQ quality is known to be below 50 say too little about an image to match anything. */
function isIndexable(entry: EntryRow): boolean {
  return entry.type !== 'pdq' || entry.quality === null || isPdqMatchable(entry.quality);
}

function isSwitchedOn(list: ListSettings, purpose: MatchPurpose): boolean {
  return purpose === 'triage' ? list.useForTriage : list.offerToHashcheck;
}

/**
 * Every list entry and allow-listed hash in memory: exact hashes in maps
 * (hex → the entries holding it), PDQ hashes in radius-search indexes keyed by
 * entry (or allow-list row) id. The allow-list wins over every list.
 */
export class MatchIndex {
  private lists = new Map<number, ListSettings>();
  private readonly exact = exactMaps<Holding[]>();
  private readonly allowedExact = exactMaps<number>();
  private pdq = emptyPdqIndex();
  private readonly pdqListOf = new Map<number, number>();
  private readonly allowedPdq = emptyPdqIndex();

  /** Bulk build: PDQ entries go into one index built at the end, far faster than adding them one by one. */
  static async build(entryPages: AsyncIterable<EntryRow[]> | Iterable<EntryRow[]>): Promise<MatchIndex> {
    const index = new MatchIndex();
    const pdqHashes = new PackedHashList();
    const pdqIds: number[] = [];
    for await (const page of entryPages) {
      for (const entry of page) {
        if (!isIndexable(entry)) continue;
        if (entry.type !== 'pdq') {
          index.addExact(entry.type, entry);
          continue;
        }
        pdqHashes.append(hash256FromHex(entry.value));
        pdqIds.push(entry.id);
        index.pdqListOf.set(entry.id, entry.listId);
      }
    }
    index.pdq = PdqIndex.build({ rows: pdqHashes.packedRows(), ids: Float64Array.from(pdqIds), count: pdqHashes.count });
    return index;
  }

  setLists(lists: readonly ListSettings[]): void {
    this.lists = new Map(lists.map((list) => [list.id, list]));
  }

  addEntry(entry: EntryRow): void {
    if (!isIndexable(entry)) return;
    if (entry.type !== 'pdq') return this.addExact(entry.type, entry);
    this.pdq.add(hash256FromHex(entry.value), entry.id);
    this.pdqListOf.set(entry.id, entry.listId);
  }

  allow(row: AllowedRow): void {
    if (row.type === 'pdq') this.allowedPdq.add(hash256FromHex(row.value), row.id);
    else this.allowedExact[row.type].set(row.value, row.id);
  }

  /** Applies a removal by the id the row had, so a hash removed and added again stays. */
  remove(removal: RemovalRow): void {
    if (removal.kind === 'allowed') this.removeAllowed(removal);
    else this.removeEntry(removal);
  }

  match(queries: readonly HashQuery[], options: MatchOptions): HashMatch[] {
    const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
    const matches: HashMatch[] = [];
    queries.forEach((query, index) => {
      const found = query.type === 'pdq' ? this.pdqHoldings(query, maxDistance) : this.exactHoldings(query.type, query.value);
      const seen = new Set<string>();
      for (const { listId, distance } of found) {
        const list = this.lists.get(listId);
        if (!list || !isSwitchedOn(list, options.purpose)) continue;
        const key = `${list.category}\n${list.classification}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const match: HashMatch = { index, type: query.type, category: list.category, classification: list.classification };
        if (distance !== undefined) match.distance = distance;
        matches.push(match);
      }
    });
    return matches;
  }

  private addExact(type: ExactHashType, entry: EntryRow): void {
    const holdings = this.exact[type].get(entry.value);
    const holding = { entryId: entry.id, listId: entry.listId };
    if (holdings) holdings.push(holding);
    else this.exact[type].set(entry.value, [holding]);
  }

  private removeEntry(removal: RemovalRow): void {
    if (removal.type === 'pdq') {
      if (this.pdqListOf.delete(removal.removedId)) this.pdq.remove(removal.removedId);
      return;
    }
    const map = this.exact[removal.type];
    const kept = (map.get(removal.value) ?? []).filter((holding) => holding.entryId !== removal.removedId);
    if (kept.length > 0) map.set(removal.value, kept);
    else map.delete(removal.value);
  }

  private removeAllowed(removal: RemovalRow): void {
    if (removal.type === 'pdq') {
      this.allowedPdq.remove(removal.removedId);
      return;
    }
    const map = this.allowedExact[removal.type];
    if (map.get(removal.value) === removal.removedId) map.delete(removal.value);
  }

  private exactHoldings(type: ExactHashType, value: string): readonly { listId: number; distance?: number }[] {
    if (this.allowedExact[type].has(value)) return [];
    return this.exact[type].get(value) ?? [];
  }

  /** Nearest first, so the first match per category and classification carries the smallest distance. */
  private pdqHoldings(query: HashQuery, maxDistance: number): { listId: number; distance: number }[] {
    if (query.quality !== undefined && query.quality !== null && !isPdqMatchable(query.quality)) return [];
    const hash = hash256FromHex(query.value);
    if (this.allowedPdq.search(hash, maxDistance).length > 0) return [];
    return this.pdq.search(hash, maxDistance).map((found) => ({ listId: this.pdqListOf.get(found.id)!, distance: found.distance }));
  }
}
