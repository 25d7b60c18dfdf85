import type { ColumnType, Generated } from 'kysely';
import type { HashType } from '../hashlists/hash-values.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** Starts at 0; updated only by adding to it in SQL. */
type Counter = ColumnType<number, never, number>;

/** A directory provider's HashCheck account; only a digest of its key is kept. */
export interface HashCheckProvidersTable {
  id: Generated<number>;
  /** The provider in the directory (src/providers) the account belongs to. */
  provider_id: number;
  /** The first characters of the key: finds the row and tells keys apart, proves nothing. */
  key_hint: string;
  key_digest: Uint8Array;
  rate_limit_per_minute: number;
  active: Generated<boolean>;
  created_at: CreatedAt;
  hashes_checked: Counter;
  matches: Counter;
}

/** Written only when HASHCHECK_LOG_MATCHES is on: the hashes that matched, never the others. */
export interface HashCheckMatchedHashesTable {
  id: Generated<number>;
  provider_id: number;
  hash_type: HashType;
  value: string;
  matched_at: CreatedAt;
}

export interface HashCheckTables {
  hashcheck_providers: HashCheckProvidersTable;
  hashcheck_matched_hashes: HashCheckMatchedHashesTable;
}
