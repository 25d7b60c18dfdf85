import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.js';
import { PGlitePool } from './pglite-pool.js';
import type { Database } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/** Runs raw SQL with the engine's own client (pg-boss uses this on PGlite). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Set on PGlite only: pg-boss shares the single embedded session through it. */
  executor: SqlExecutor | undefined;
  connectionString: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** Folder of the embedded database; unset keeps PGlite in memory (tests). */
  pgliteDir: string | undefined;
  poolSize?: number;
  /** Told when an idle server connection fails (the server restarted, say); the pool replaces it. */
  onIdleConnectionError?: (error: Error) => void;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Counts and bigserial ids fit in a double; both engines give numbers.
const toNumber = (value: string): number => Number(value);

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, options.onIdleConnectionError ?? (() => {}))
    : openPGlite(options.pgliteDir);
}

function openPostgres(connectionString: string, max: number, onIdleConnectionError: (error: Error) => void): DatabaseHandle {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max, types });
  // Without a listener, an idle connection's error would end the process.
  pool.on('error', onIdleConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    executor: undefined,
    connectionString,
    close: () => db.destroy(),
  };
}

/** A folder is locked for this process before anything in it is touched, and freed when the database closes. */
async function openPGlite(dir: string | undefined): Promise<DatabaseHandle> {
  const lock = dir ? acquireDataDirLock(path.dirname(dir)) : undefined;
  try {
    const pglite = await PGlite.create(dir, {
      parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: (value: string) => value },
    });
    const pool = new PGlitePool(pglite);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      executor: { executeSql: (text, values) => pool.execute(text, values) },
      connectionString: undefined,
      close: async () => {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
