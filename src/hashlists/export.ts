import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { HashType } from './hash-values.js';
import type { HashFileFormat } from './import.js';

const PAGE_SIZE = 10_000;

interface ExportedRow {
  type: HashType;
  value: string;
  quality: number | null;
}

/** Streams a list's hashes (ordered by type, then value) in the format importHashes reads. */
export async function exportHashes(db: Kysely<Database>, listId: number, format: HashFileFormat, output: Writable): Promise<void> {
  await pipeline(Readable.from(exportedText(db, listId, format)), output);
}

async function* exportedText(db: Kysely<Database>, listId: number, format: HashFileFormat): AsyncGenerator<string> {
  let header = format === 'csv';
  for await (const page of pages(db, listId)) {
    yield format === 'csv' ? stringify(page, { header, columns: ['type', 'value', 'quality'] }) : jsonLines(page);
    header = false;
  }
  if (header) yield stringify([], { header, columns: ['type', 'value', 'quality'] });
}

function jsonLines(rows: readonly ExportedRow[]): string {
  return rows.map(({ type, value, quality }) => `${JSON.stringify(quality === null ? { type, value } : { type, value, quality })}\n`).join('');
}

/** Pages in the order of the list's unique key, so each page is one index range scan. */
async function* pages(db: Kysely<Database>, listId: number): AsyncGenerator<ExportedRow[]> {
  let after: ExportedRow | undefined;
  for (;;) {
    let query = db
      .selectFrom('hash_list_entries')
      .select(['hash_type as type', 'value', 'quality'])
      .where('list_id', '=', listId)
      .orderBy('hash_type')
      .orderBy('value')
      .limit(PAGE_SIZE);
    if (after) {
      const last = after;
      query = query.where((eb) => eb(eb.refTuple('hash_type', 'value'), '>', eb.tuple(last.type, last.value)));
    }
    const page = await query.execute();
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    after = page.at(-1);
  }
}
