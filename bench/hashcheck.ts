/**
 * npm run bench:hashcheck — hashes checked per second through POST /api/v1/hashcheck.
 *
 * For each engine (PGlite, then PostgreSQL from DATABASE_URL or a throwaway server
 * of Debian's packages): a list of random SHA-256 and MD5 hashes imported through
 * the real import code, a provider key, then `openhotline serve` in its own process
 * driven by autocannon with batches of 1 000 exact hashes (1 % of them listed).
 * Everything it creates (data folder, database, server) is removed afterwards.
 *
 *   BENCH_HASHES=1000000 BENCH_SECONDS=10 npm run bench:hashcheck
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import autocannon, { type Result } from 'autocannon';
import { loadConfig } from '../src/config/config.js';
import { createScratchDatabase } from '../src/db/scratch-database.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { addProvider, MAX_RATE_LIMIT_PER_MINUTE } from '../src/hashcheck/providers.js';
import { importHashes } from '../src/hashlists/import.js';
import { createList } from '../src/hashlists/lists.js';
import { seededRandom } from '../src/matching/random-hashes.js';
import { embeddedDatabaseDir } from '../src/db/migrated-database.js';
import { startServer } from './support/server.js';
import { startThrowawayPostgres } from './support/throwaway-postgres.js';

const LISTED_HASHES = Number(process.env.BENCH_HASHES ?? 1_000_000);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const HASHES_PER_REQUEST = 1000;
const LISTED_PER_REQUEST = 10;
const DISTINCT_BODIES = 64;
const CONNECTIONS = 16;
const IMPORT_CHUNK_LINES = 10_000;
const TARGET_HASHES_PER_SECOND = 50_000;

interface Row {
  engine: string;
  importSeconds: number;
  readySeconds: number;
  requestsPerSecond: number;
  hashesPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Hash number `n` of the list: even ones SHA-256, odd ones MD5, reproducible from n. */
function listedHash(n: number): { type: 'sha256' | 'md5'; value: string } {
  const random = seededRandom(n + 1);
  const words = n % 2 === 0 ? 8 : 4;
  let value = '';
  for (let word = 0; word < words; word++) value += random().toString(16).padStart(8, '0');
  return { type: words === 8 ? 'sha256' : 'md5', value };
}

function* listCsv(): Generator<string> {
  yield 'type,value\n';
  for (let start = 0; start < LISTED_HASHES; start += IMPORT_CHUNK_LINES) {
    const end = Math.min(start + IMPORT_CHUNK_LINES, LISTED_HASHES);
    let chunk = '';
    for (let n = start; n < end; n++) {
      const { type, value } = listedHash(n);
      chunk += `${type},${value}\n`;
    }
    yield chunk;
  }
}

/** Request bodies of 1 000 hashes each: 10 from the list, the rest random and unlisted. */
function requestBodies(): string[] {
  return Array.from({ length: DISTINCT_BODIES }, (_, body) => {
    const hashes = Array.from({ length: HASHES_PER_REQUEST }, (_, i) => {
      if (i % (HASHES_PER_REQUEST / LISTED_PER_REQUEST) === 0) return listedHash((body * HASHES_PER_REQUEST + i) % LISTED_HASHES);
      const type = i % 2 === 0 ? 'sha256' : 'md5';
      return { type, value: randomBytes(type === 'sha256' ? 32 : 16).toString('hex') };
    });
    return JSON.stringify({ hashes });
  });
}

/** Fills the database the server will use: the list, imported, and a provider; returns its key. */
async function prepare(database: DatabaseHandle): Promise<{ apiKey: string; importSeconds: number }> {
  await migrateToLatest(database.db);
  const list = await createList(database.db, {
    name: 'bench-list',
    source: 'other',
    category: 'bench',
    classification: 'baseline',
    useForTriage: true,
    offerToHashcheck: true,
  });
  const started = performance.now();
  const summary = await importHashes(database.db, Readable.from(listCsv()), { listId: list.id, format: 'csv' });
  const importSeconds = (performance.now() - started) / 1000;
  if (summary.added !== LISTED_HASHES) throw new Error(`imported ${summary.added} of ${LISTED_HASHES} hashes`);
  const { apiKey } = await addProvider(database.db, { name: 'bench-provider', rateLimitPerMinute: MAX_RATE_LIMIT_PER_MINUTE });
  return { apiKey, importSeconds };
}

async function checkOnce(url: string, apiKey: string, body: string): Promise<void> {
  const response = await fetch(`${url}/api/v1/hashcheck`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body,
  });
  const answer = (await response.json()) as { checked?: number; matches?: unknown[] };
  if (answer.checked !== HASHES_PER_REQUEST || answer.matches?.length !== LISTED_PER_REQUEST) {
    throw new Error(`unexpected answer (${response.status}): ${JSON.stringify(answer).slice(0, 200)}`);
  }
}

function drive(url: string, apiKey: string, bodies: string[], seconds: number): Promise<Result> {
  let next = 0;
  return autocannon({
    url: `${url}/api/v1/hashcheck`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }) }],
  });
}

async function measure(engine: string, env: Record<string, string>, apiKey: string, importSeconds: number, port: number): Promise<Row> {
  const bodies = requestBodies();
  const started = performance.now();
  const server = await startServer(env, port);
  try {
    const readySeconds = (performance.now() - started) / 1000;
    await checkOnce(server.url, apiKey, bodies[0]!);
    await drive(server.url, apiKey, bodies, 2);
    const result = await drive(server.url, apiKey, bodies, DURATION_SECONDS);
    const requestsPerSecond = result.requests.average;
    return {
      engine,
      importSeconds,
      readySeconds,
      requestsPerSecond,
      hashesPerSecond: requestsPerSecond * HASHES_PER_REQUEST,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  } finally {
    await server.stop();
  }
}

async function onPGlite(port: number): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-bench-hashcheck-'));
  try {
    const database = await openDatabase({ databaseUrl: undefined, pgliteDir: embeddedDatabaseDir(loadConfig({ DATA_DIR: dataDir })) });
    const prepared = await prepare(database).finally(() => database.close());
    return await measure('pglite', { DATABASE_URL: '', DATA_DIR: dataDir }, prepared.apiKey, prepared.importSeconds, port);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** On a database of its own on the server, dropped afterwards. */
async function onPostgres(serverUrl: string, port: number): Promise<Row> {
  const scratch = await createScratchDatabase(serverUrl, 'openhotline_bench');
  try {
    const database = await openDatabase({ databaseUrl: scratch.url, pgliteDir: undefined });
    const prepared = await prepare(database).finally(() => database.close());
    return await measure('postgres', { DATABASE_URL: scratch.url }, prepared.apiKey, prepared.importSeconds, port);
  } finally {
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [await onPGlite(3911)];
  const throwaway = process.env.DATABASE_URL ? undefined : startThrowawayPostgres();
  const serverUrl = process.env.DATABASE_URL ?? throwaway?.url;
  try {
    if (serverUrl) rows.push(await onPostgres(serverUrl, 3912));
    else console.log('PostgreSQL skipped: set DATABASE_URL or install the postgresql package');
  } finally {
    throwaway?.stop();
  }

  console.log(
    `\n${LISTED_HASHES.toLocaleString('en')} listed hashes (SHA-256 and MD5); ${DURATION_SECONDS} s, ${CONNECTIONS} connections, ` +
      `${HASHES_PER_REQUEST} hashes per request (${LISTED_PER_REQUEST} listed)\n`,
  );
  console.table(
    rows.map((row) => ({
      engine: row.engine,
      'import s': row.importSeconds.toFixed(1),
      'imported/s': Math.round(LISTED_HASHES / row.importSeconds),
      'server ready s': row.readySeconds.toFixed(1),
      'requests/s': Math.round(row.requestsPerSecond),
      'hashes/s': Math.round(row.hashesPerSecond),
      'p50 ms': row.p50,
      'p99 ms': row.p99,
      errors: row.errors,
    })),
  );
  for (const row of rows) {
    const verdict = row.hashesPerSecond >= TARGET_HASHES_PER_SECOND && row.errors === 0 ? 'met' : 'MISSED';
    console.log(`${row.engine}: ${Math.round(row.hashesPerSecond)} hashes/s, target ${TARGET_HASHES_PER_SECOND} ${verdict}`);
  }
  if (rows.some((row) => row.errors > 0 || row.hashesPerSecond < TARGET_HASHES_PER_SECOND)) process.exitCode = 1;
}

await main();
