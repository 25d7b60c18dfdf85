import type { ColumnType, Generated } from 'kysely';
import type { HashType } from './hash-values.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export const LIST_SOURCES = ['police', 'interpol', 'partner_hotline', 'ngo', 'own_confirmed', 'other'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

/** INTERPOL baseline (illegal everywhere) or illegal under national law only. */
export const CLASSIFICATIONS = ['baseline', 'national'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface HashListsTable {
  id: Generated<number>;
  name: string;
  source: ListSource;
  category: string;
  classification: Classification;
  use_for_triage: boolean;
  offer_to_hashcheck: boolean;
  created_at: CreatedAt;
}

export interface HashListEntriesTable {
  id: Generated<number>;
  list_id: number;
  hash_type: HashType;
  value: string;
  quality: number | null;
  added_at: CreatedAt;
}

/** Hashes that never match, whatever list holds them (known false positives). */
export interface HashAllowListTable {
  id: Generated<number>;
  hash_type: HashType;
  value: string;
  reason: string | null;
  added_at: CreatedAt;
}

/** What was taken out of a list or the allow-list, in order, so running matchers can follow. */
export interface HashRemovalsTable {
  id: Generated<number>;
  kind: 'entry' | 'allowed';
  /** The id the entry or allow-list row had. */
  removed_id: number;
  hash_type: HashType;
  value: string;
  removed_at: CreatedAt;
}

export interface HashListTables {
  hash_lists: HashListsTable;
  hash_list_entries: HashListEntriesTable;
  hash_allow_list: HashAllowListTable;
  hash_removals: HashRemovalsTable;
}
