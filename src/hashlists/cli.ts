import { open } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashFile } from '../hashing/hash-file.js';
import { withCliDatabase, type CommandOptions } from '../server/cli-database.js';
import { HashServiceError } from './errors.js';
import { exportHashes } from './export.js';
import { HASH_TYPES, type HashType } from './hash-values.js';
import { HASH_FILE_FORMATS, importHashes, type HashFileFormat, type ImportSummary } from './import.js';
import { addConfirmedMedia, allowHash, createList, disallowHash, findList, listLists, removeEntry } from './lists.js';
import { CLASSIFICATIONS, LIST_SOURCES, type Classification, type ListSource } from './tables.js';

interface CreateOptions {
  name: string;
  source: ListSource;
  category: string;
  classification: Classification;
  triage: boolean;
  hashcheck: boolean;
}

interface HashOptions {
  type: HashType;
  value: string;
}

const inputErrors = [HashServiceError];
const audited = (detail: Record<string, unknown>): CommandOptions => ({ inputErrors, audited: detail });

const FORMAT_BY_EXTENSION: Record<string, HashFileFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

const typeOption = () => new Option('--type <type>', 'hash type').choices(HASH_TYPES).makeOptionMandatory();
const valueOption = () => new Option('--value <hex>', 'the hash in hexadecimal').makeOptionMandatory();
const formatOption = (description: string) => new Option('--format <format>', description).choices(HASH_FILE_FORMATS);

/** Adds `hashlist create|list|import|export|confirm|remove|allow|unallow`. */
export function registerHashListCommands(program: Command): void {
  const hashlist = program.command('hashlist');

  hashlist
    .command('create')
    .description('create a hash list with its provenance')
    .requiredOption('--name <name>', 'unique name, e.g. "police-2025-06"')
    .addOption(new Option('--source <source>', 'where the hashes come from').choices(LIST_SOURCES).makeOptionMandatory())
    .requiredOption('--category <id>', 'category of the content, e.g. csam')
    .addOption(new Option('--classification <classification>', 'INTERPOL baseline or nationally illegal').choices(CLASSIFICATIONS).makeOptionMandatory())
    .option('--no-triage', 'do not match reported content against this list')
    .option('--no-hashcheck', 'do not offer this list to hosting providers through HashCheck')
    .action((options: CreateOptions) =>
      withCliDatabase('hashlist create', async (db) => {
        const list = await createList(db, { ...options, useForTriage: options.triage, offerToHashcheck: options.hashcheck });
        console.log(`created list ${JSON.stringify(list.name)}`);
      }, audited({ name: options.name, source: options.source, category: options.category, classification: options.classification })),
    );

  hashlist
    .command('list')
    .description('show every list with its provenance, switches and number of entries')
    .action(() => withCliDatabase('hashlist list', printLists, { inputErrors }));

  hashlist
    .command('import')
    .description('add the hashes of a CSV (header type,value[,quality]) or JSON Lines file to a list; exit code 1 if some rows were invalid')
    .requiredOption('--list <name>', 'the list to add to')
    .addOption(formatOption('file format; by default from the file name (.csv, .jsonl, .ndjson)'))
    .argument('<file>', 'the file to import')
    .action((file: string, options: { list: string; format?: HashFileFormat }) =>
      withCliDatabase('hashlist import', async (db) => {
        const summary = await importFile(db, file, options.list, options.format ?? formatOf(file));
        console.log(JSON.stringify(summary, null, 2));
        if (summary.invalidCount > 0) process.exitCode = 1;
      }, audited({ list: options.list, file: path.basename(file) })),
    );

  hashlist
    .command('export')
    .description('write the hashes of a list to stdout, in the format import reads')
    .requiredOption('--list <name>', 'the list to export')
    .addOption(formatOption('output format').default('csv'))
    .action((options: { list: string; format: HashFileFormat }) =>
      withCliDatabase('hashlist export', async (db) => {
        const list = await findList(db, options.list);
        await exportHashes(db, list.id, options.format, process.stdout);
      }, audited({ list: options.list, format: options.format })),
    );

  hashlist
    .command('confirm')
    .description('hash files of media confirmed illegal and add them to the hotline’s own list for that category')
    .requiredOption('--category <id>', 'category of the content, e.g. csam')
    .addOption(new Option('--classification <classification>', 'INTERPOL baseline or nationally illegal').choices(CLASSIFICATIONS).makeOptionMandatory())
    .argument('<files...>', 'the media files')
    .action((files: string[], options: { category: string; classification: Classification }) =>
      withCliDatabase('hashlist confirm', async (db) => {
        for (const file of files) {
          const hashes = await hashFile(file);
          if (!('md5' in hashes)) throw new HashServiceError(`cannot read ${file}: ${hashes.error}`);
          const added = await addConfirmedMedia(db, { ...hashes, category: options.category, classification: options.classification });
          console.log(`${path.basename(file)}: ${added} new hashes${hashes.pdq === null ? ' (not an image: no PDQ)' : ''}`);
        }
      }, audited({ category: options.category, classification: options.classification, files: files.length })),
    );

  hashlist
    .command('remove')
    .description('take one hash out of a list')
    .requiredOption('--list <name>', 'the list holding it')
    .addOption(typeOption())
    .addOption(valueOption())
    .action((options: HashOptions & { list: string }) =>
      withCliDatabase('hashlist remove', async (db) => {
        const list = await findList(db, options.list);
        const removed = await removeEntry(db, list.id, options.type, options.value);
        console.log(removed ? 'removed' : `the list ${JSON.stringify(list.name)} does not hold this hash`);
      }, audited({ list: options.list, type: options.type, value: options.value })),
    );

  hashlist
    .command('allow')
    .description('put a hash on the allow-list: it never matches, on any list (known false positives)')
    .addOption(typeOption())
    .addOption(valueOption())
    .option('--reason <text>', 'why, e.g. "generic icon"')
    .action((options: HashOptions & { reason?: string }) =>
      withCliDatabase('hashlist allow', async (db) => {
        const added = await allowHash(db, options.type, options.value, options.reason ?? null);
        console.log(added ? 'allow-listed' : 'already on the allow-list');
      }, audited({ type: options.type, value: options.value, reason: options.reason ?? null })),
    );

  hashlist
    .command('unallow')
    .description('take a hash off the allow-list')
    .addOption(typeOption())
    .addOption(valueOption())
    .action((options: HashOptions) =>
      withCliDatabase('hashlist unallow', async (db) => {
        const removed = await disallowHash(db, options.type, options.value);
        console.log(removed ? 'taken off the allow-list' : 'not on the allow-list');
      }, audited({ type: options.type, value: options.value })),
    );
}

function formatOf(file: string): HashFileFormat {
  const format = FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!format) throw new HashServiceError(`cannot tell the format of ${file} from its name; pass --format csv or --format jsonl`);
  return format;
}

async function printLists(db: Kysely<Database>): Promise<void> {
  const lists = await listLists(db);
  if (lists.length === 0) {
    console.log('no hash lists yet; create one with `hashlist create`');
    return;
  }
  console.table(
    lists.map((list) => ({
      name: list.name,
      source: list.source,
      category: list.category,
      classification: list.classification,
      triage: list.useForTriage ? 'yes' : 'no',
      hashcheck: list.offerToHashcheck ? 'yes' : 'no',
      entries: list.entries,
    })),
  );
}

/** Imports with a progress bar by bytes read when stderr is a terminal. */
async function importFile(db: Kysely<Database>, file: string, listName: string, format: HashFileFormat): Promise<ImportSummary> {
  const list = await findList(db, listName);
  const handle = await open(file).catch((error: Error) => {
    throw new HashServiceError(`cannot read ${file}: ${error.message}`);
  });
  const input = handle.createReadStream();
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing [{bar}] {percentage}% | ETA {eta_formatted}' }) : undefined;
  bar?.start((await handle.stat()).size, 0);
  try {
    return await importHashes(db, input, { listId: list.id, format, onProgress: () => bar?.update(input.bytesRead) });
  } finally {
    bar?.stop();
    input.destroy();
  }
}
