import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { loggerOptions } from '../server/logging.js';
import { openMigratedDatabase } from '../server/serve.js';
import { HashServiceError } from './errors.js';

/**
 * Runs a command's work on the configured database, then closes it. Logs go to
 * stderr, so stdout carries only the command's output (e.g. an export). Input
 * the hash service refuses is said in one line with exit code 1.
 */
export async function withCliDatabase(command: string, work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const logger = pino(loggerOptions(config.logLevel), pino.destination({ dest: 2, sync: true }));
  const database = await openMigratedDatabase(config, logger);
  try {
    await work(database.db);
  } catch (error) {
    if (!(error instanceof HashServiceError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
