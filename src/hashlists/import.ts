import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { HashServiceError } from './errors.js';
import { checkHash, type Checked, type HashValue } from './hash-values.js';
import { insertEntries } from './lists.js';

export const HASH_FILE_FORMATS = ['csv', 'jsonl'] as const;
export type HashFileFormat = (typeof HASH_FILE_FORMATS)[number];

export interface InvalidRow {
  /** Line of the file, from 1 (a CSV file's header is line 1). */
  line: number;
  reason: string;
}

export interface ImportSummary {
  added: number;
  /** Rows the list held already, or that came earlier in the same file. */
  duplicate: number;
  /** Every invalid row counted; only the first MAX_LISTED_INVALID listed in `invalid`. */
  invalidCount: number;
  invalid: InvalidRow[];
}

export interface ImportOptions {
  listId: number;
  format: HashFileFormat;
  /** Called after each batch is stored. */
  onProgress?: () => void;
}

export const MAX_LISTED_INVALID = 100;
const BATCH_SIZE = 5000;
const CSV_COLUMNS = ['type', 'value', 'quality'];
const JSON_FIELDS = new Set(['type', 'value', 'quality']);

type ParsedRow = Checked<HashValue> & { line: number };

/**
 * Streams a CSV (`type,value[,quality]` with a header row) or JSON Lines file of
 * hashes into a list, in batches; importing the same file again adds nothing.
 * Invalid rows are skipped and reported by line. A file that cannot be read as
 * its format at all (e.g. a CSV header without `type` and `value`) is a
 * HashServiceError; batches stored before it stay stored.
 */
export async function importHashes(db: Kysely<Database>, input: Readable, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, duplicate: 0, invalidCount: 0, invalid: [] };
  let batch: HashValue[] = [];
  const store = async () => {
    const added = await insertEntries(db, options.listId, batch);
    summary.added += added;
    summary.duplicate += batch.length - added;
    batch = [];
    options.onProgress?.();
  };
  const rows = options.format === 'csv' ? csvRows(input) : jsonLinesRows(input);
  for await (const row of rows) {
    if (row.ok) batch.push(row.value);
    else addInvalid(summary, row.line, row.reason);
    if (batch.length >= BATCH_SIZE) await store();
  }
  await store();
  summary.invalid.sort((a, b) => a.line - b.line);
  return summary;
}

function addInvalid(summary: ImportSummary, line: number, reason: string): void {
  summary.invalidCount += 1;
  if (summary.invalid.length < MAX_LISTED_INVALID) summary.invalid.push({ line, reason });
}

/** Where the header put each column. */
interface CsvLayout {
  fieldCount: number;
  type: number;
  value: number;
  quality: number | undefined;
}

function csvLayout(header: string[]): CsvLayout {
  const columns = header.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !CSV_COLUMNS.includes(name));
  const type = columns.indexOf('type');
  const value = columns.indexOf('value');
  if (unknown.length > 0 || type < 0 || value < 0 || new Set(columns).size !== columns.length) {
    throw new HashServiceError(
      `line 1: expected a header row with the columns type,value and optionally quality; got ${JSON.stringify(header.join(','))}`,
    );
  }
  const quality = columns.indexOf('quality');
  return { fieldCount: columns.length, type, value, quality: quality < 0 ? undefined : quality };
}

async function* csvRows(input: Readable): AsyncGenerator<ParsedRow> {
  const skipped: ParsedRow[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      skipped.push({ ok: false, line: lineOf(error), reason: `not valid CSV: ${error?.message ?? 'unreadable row'}` });
      return undefined;
    },
  });
  input.on('error', (error) => parser.destroy(error));
  let layout: CsvLayout | undefined;
  for await (const { record, info } of input.pipe(parser) as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skipped.splice(0);
    if (layout) yield csvRow(layout, record, info.lines);
    else layout = csvLayout(record);
  }
  yield* skipped.splice(0);
}

function lineOf(error: CsvError | undefined): number {
  return (error as { lines?: number } | undefined)?.lines ?? 0;
}

function csvRow(layout: CsvLayout, fields: string[], line: number): ParsedRow {
  if (fields.length !== layout.fieldCount) {
    return { ok: false, line, reason: `expected ${layout.fieldCount} fields as in the header, found ${fields.length}` };
  }
  const qualityText = layout.quality === undefined ? '' : fields[layout.quality]!.trim();
  if (qualityText !== '' && !/^\d{1,3}$/.test(qualityText)) {
    return { ok: false, line, reason: 'quality is a whole number from 0 to 100' };
  }
  const quality = qualityText === '' ? null : Number(qualityText);
  return { ...checkHash(fields[layout.type]!, fields[layout.value]!, quality), line };
}

async function* jsonLinesRows(input: Readable): AsyncGenerator<ParsedRow> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed !== '') yield { ...jsonLineRow(trimmed), line };
  }
}

function jsonLineRow(text: string): Checked<HashValue> {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, reason: 'expected an object {"type", "value", "quality"?}' };
  }
  const unknown = Object.keys(row).filter((key) => !JSON_FIELDS.has(key));
  if (unknown.length > 0) return { ok: false, reason: `unknown field ${JSON.stringify(unknown[0])}` };
  const { type, value, quality = null } = row as Record<string, unknown>;
  if (typeof type !== 'string' || typeof value !== 'string') return { ok: false, reason: 'type and value are strings' };
  if (quality !== null && typeof quality !== 'number') return { ok: false, reason: 'quality is a whole number from 0 to 100' };
  return checkHash(type, value, quality);
}
