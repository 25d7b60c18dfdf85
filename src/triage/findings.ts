import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FetchFailure } from '../outbound/safe-fetch.js';
import type { Cipher } from '../privacy/cipher.js';
import type { HostAddress } from '../trace/hosting.js';
import type { KnownMedia } from './known-media.js';
import type { CapturedMediaTable, MediaKind } from './tables.js';
import { mediaContext } from './triage.js';

/** What triage found out about an item, for the people who assess it. Never the media's bytes. */
export interface TriageFindings {
  trace: { tracedAt: Date; host: string; country: string | null; addresses: HostAddress[]; error: string | null } | null;
  check: { checkedAt: Date; hops: string[]; httpStatus: number | null; contentType: string | null; failure: FetchFailure | null; message: string | null } | null;
  media: CapturedMedia[];
}

export interface CapturedMedia {
  id: string;
  kind: MediaKind;
  mediaType: string;
  sourceUrl: string;
  byteLength: number;
  sha256: string;
  pdq: string | null;
  known: KnownMedia | null;
  capturedAt: Date;
  /** When the content was erased after its retention period; its description and hashes stay. */
  erasedAt: Date | null;
}

const MEDIA_COLUMNS = ['id', 'kind', 'media_type', 'source_url', 'byte_length', 'sha256', 'pdq', 'known', 'captured_at', 'erased_at'] as const;

export async function triageFindings(db: Kysely<Database>, itemId: string): Promise<TriageFindings> {
  const [trace, check, media] = await Promise.all([
    db.selectFrom('item_traces').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('item_checks').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('captured_media').select(MEDIA_COLUMNS).where('item_id', '=', itemId).orderBy('captured_at').orderBy('source_url').execute(),
  ]);
  return {
    trace: trace ? { tracedAt: trace.traced_at, host: trace.host, country: trace.country, addresses: trace.addresses, error: trace.error } : null,
    check: check
      ? { checkedAt: check.checked_at, hops: check.hops, httpStatus: check.http_status, contentType: check.content_type, failure: check.failure, message: check.message }
      : null,
    media: media.map(capturedMedia),
  };
}

type MediaRow = Pick<Selectable<CapturedMediaTable>, (typeof MEDIA_COLUMNS)[number]>;

function capturedMedia(row: MediaRow): CapturedMedia {
  return {
    id: row.id,
    kind: row.kind,
    mediaType: row.media_type,
    sourceUrl: row.source_url,
    byteLength: row.byte_length,
    sha256: row.sha256,
    pdq: row.pdq,
    known: row.known,
    capturedAt: row.captured_at,
    erasedAt: row.erased_at,
  };
}

/** A subquery counting an item's captured files (or only the known ones), for lists of items. */
export function capturedMediaCount(eb: ExpressionBuilder<Database, 'content_items'>, knownOnly: boolean) {
  const count = eb.selectFrom('captured_media').select(eb.fn.countAll<number>().as('n')).whereRef('captured_media.item_id', '=', 'content_items.id');
  return knownOnly ? count.where('captured_media.known', 'is not', null) : count;
}

/** One captured file of the item, unsealed; undefined when the item has no such file, or its content was erased. */
export async function openCapturedMedia(db: Kysely<Database>, cipher: Cipher, itemId: string, mediaId: string): Promise<{ media: CapturedMedia; bytes: Buffer } | undefined> {
  const row = await db
    .selectFrom('captured_media')
    .select([...MEDIA_COLUMNS, 'item_id', 'sealed'])
    .where('item_id', '=', itemId)
    .where('id', '=', mediaId)
    .executeTakeFirst();
  if (!row?.sealed) return undefined;
  // The key context is the item id as stored, however the caller spelled it.
  return { media: capturedMedia(row), bytes: cipher.open(row.sealed, mediaContext(row.item_id, row.sha256)) };
}

/** The hashes of a captured file still held, for adding it to a hash list; undefined when there is no such file or it was erased. */
export async function hashesOfCapturedMedia(db: Kysely<Database>, itemId: string, mediaId: string) {
  return db
    .selectFrom('captured_media')
    .select(['md5', 'sha1', 'sha256', 'pdq', 'pdq_quality as quality'])
    .where('item_id', '=', itemId)
    .where('id', '=', mediaId)
    .where('sealed', 'is not', null)
    .executeTakeFirst();
}

/** Marks a captured file as known material, e.g. once an analyst put it on the hotline's own list. */
export async function markMediaKnown(db: Kysely<Database>, mediaId: string, known: KnownMedia): Promise<void> {
  await db.updateTable('captured_media').set({ known: JSON.stringify(known) }).where('id', '=', mediaId).execute();
}
