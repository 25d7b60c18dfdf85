import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { HashServiceError } from './errors.js';
import { exportHashes } from './export.js';
import { importHashes, MAX_LISTED_INVALID, type HashFileFormat } from './import.js';
import { createList, type HashList } from './lists.js';

let database: DatabaseHandle;
let listCount = 0;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const md5 = (digit: string) => digit.repeat(32);
const sha1 = (digit: string) => digit.repeat(40);
const sha256 = (digit: string) => digit.repeat(64);

function newList(): Promise<HashList> {
  listCount += 1;
  return createList(database.db, {
    name: `test-list-${listCount}`,
    source: 'police',
    category: 'csam',
    classification: 'baseline',
    useForTriage: true,
    offerToHashcheck: true,
  });
}

const importText = (list: HashList, format: HashFileFormat, text: string) =>
  importHashes(database.db, Readable.from([text]), { listId: list.id, format });

async function exportText(list: HashList, format: HashFileFormat): Promise<string> {
  let text = '';
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  await exportHashes(database.db, list.id, format, collect);
  return text;
}

const CSV = [
  'type,value,quality',
  `md5,${md5('a')},`,
  `SHA1,${sha1('B')},`,
  `md5,${md5('a')},`,
  `md5,${md5('z')},`,
  `pdq,${sha256('c')},75`,
  '',
  `sha256,${sha256('d')}`,
  `"sha256","${sha256('e')}",""`,
  `pdq,${sha256('f')},high`,
].join('\n');

const JSONL = [
  JSON.stringify({ type: 'md5', value: md5('a') }),
  JSON.stringify({ type: 'pdq', value: sha256('c'), quality: 75 }),
  '{"type": "md5", "value": ',
  '',
  JSON.stringify({ type: 'md5', value: md5('a') }),
  JSON.stringify({ type: 'sha1', value: sha1('b'), quality: 3 }),
  JSON.stringify({ type: 'sha256', value: sha256('e'), note: 'x' }),
  JSON.stringify(['md5', md5('b')]),
  JSON.stringify({ type: 'sha256', value: sha256('e') }),
].join('\r\n');

describe(`hash list import and export on ${testEngine}`, () => {
  it('imports CSV, counting duplicates and naming invalid rows by line', async () => {
    const list = await newList();
    expect(await importText(list, 'csv', CSV)).toEqual({
      added: 4,
      duplicate: 1,
      invalidCount: 3,
      invalid: [
        { line: 5, reason: 'a hash of type md5 is 32 hexadecimal digits' },
        { line: 8, reason: 'expected 3 fields as in the header, found 2' },
        { line: 10, reason: 'quality is a whole number from 0 to 100' },
      ],
    });
  });

  it('imports JSON Lines the same way', async () => {
    const list = await newList();
    expect(await importText(list, 'jsonl', JSONL)).toEqual({
      added: 3,
      duplicate: 1,
      invalidCount: 4,
      invalid: [
        { line: 3, reason: 'not valid JSON' },
        { line: 6, reason: 'quality applies to PDQ hashes only' },
        { line: 7, reason: 'unknown field "note"' },
        { line: 8, reason: 'expected an object {"type", "value", "quality"?}' },
      ],
    });
  });

  it('adds nothing when the same file is imported again', async () => {
    const list = await newList();
    await importText(list, 'csv', CSV);
    const again = await importText(list, 'csv', CSV);
    expect(again).toMatchObject({ added: 0, duplicate: 5, invalidCount: 3 });
  });

  it('exports what it imported, in both formats, and the export imports into an equal list', async () => {
    const list = await newList();
    await importText(list, 'csv', CSV);
    const csv = await exportText(list, 'csv');
    expect(csv.split('\n')).toEqual([
      'type,value,quality',
      `md5,${md5('a')},`,
      `pdq,${sha256('c')},75`,
      `sha1,${sha1('b')},`,
      `sha256,${sha256('e')},`,
      '',
    ]);
    const jsonl = await exportText(list, 'jsonl');
    expect(jsonl.split('\n')[1]).toBe(JSON.stringify({ type: 'pdq', value: sha256('c'), quality: 75 }));

    const copy = await newList();
    expect(await importText(copy, 'jsonl', jsonl)).toMatchObject({ added: 4, duplicate: 0, invalidCount: 0 });
    expect(await exportText(copy, 'csv')).toBe(csv);
    expect(await exportText(await newList(), 'csv')).toBe('type,value,quality\n');
  });

  it('streams a file larger than one batch', async () => {
    const list = await newList();
    const rows = Array.from({ length: 12_345 }, (_, row) => `md5,${row.toString(16).padStart(32, '0')}\n`);
    const summary = await importHashes(database.db, Readable.from(['type,value\n', ...rows]), { listId: list.id, format: 'csv' });
    expect(summary).toEqual({ added: 12_345, duplicate: 0, invalidCount: 0, invalid: [] });
    expect((await exportText(list, 'jsonl')).split('\n')).toHaveLength(12_346);
  });

  it('counts every invalid row and lists the first ones', async () => {
    const list = await newList();
    const text = Array.from({ length: MAX_LISTED_INVALID + 50 }, () => '{"type": "md5", "value": "nope"}').join('\n');
    const summary = await importText(list, 'jsonl', text);
    expect(summary.invalidCount).toBe(MAX_LISTED_INVALID + 50);
    expect(summary.invalid).toHaveLength(MAX_LISTED_INVALID);
    expect(summary.invalid.at(-1)!.line).toBe(MAX_LISTED_INVALID);
  });

  it('refuses a CSV file without the header row', async () => {
    const list = await newList();
    await expect(importText(list, 'csv', `md5,${md5('a')}\n`)).rejects.toThrow(HashServiceError);
    await expect(importText(list, 'csv', 'type,value,extra\n')).rejects.toThrow(/line 1: expected a header row/);
  });

  it('reports CSV that cannot be parsed by its line and goes on', async () => {
    const list = await newList();
    const summary = await importText(list, 'csv', `type,value\nmd5,a"${md5('a')}\nmd5,${md5('b')}\n`);
    expect(summary).toMatchObject({ added: 1, invalidCount: 1, invalid: [{ line: 2 }] });
    expect(summary.invalid[0]!.reason).toMatch(/^not valid CSV: /);
  });
});
