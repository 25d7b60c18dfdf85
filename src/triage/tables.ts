import type { ColumnType, Generated } from 'kysely';
import type { FetchFailure } from '../outbound/safe-fetch.js';
import type { KnownMedia } from './known-media.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface ItemChecksTable {
  id: Generated<number>;
  item_id: string;
  checked_at: CreatedAt;
  hops: ColumnType<string[], string, never>;
  http_status: number | null;
  content_type: string | null;
  failure: FetchFailure | null;
  message: string | null;
}

export type MediaKind = 'image' | 'video';

export interface CapturedMediaTable {
  id: Generated<string>;
  item_id: string;
  source_url: string;
  kind: MediaKind;
  media_type: string;
  byte_length: number;
  md5: string;
  sha1: string;
  sha256: string;
  pdq: string | null;
  pdq_quality: number | null;
  known: ColumnType<KnownMedia | null, string | null, string | null>;
  /** Null once erased after the retention period. */
  sealed: Uint8Array | null;
  captured_at: CreatedAt;
  erased_at: ColumnType<Date | null, never, Date>;
}

export interface TriageTables {
  item_checks: ItemChecksTable;
  captured_media: CapturedMediaTable;
}
