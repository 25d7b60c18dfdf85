import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { audit } from '../audit/log.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { loggerOptions } from './logging.js';
import { openMigratedDatabase } from '../db/migrated-database.js';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CommandOptions {
  /** Errors that mean the operator's input was refused: said in one line, exit code 1. */
  inputErrors?: readonly ErrorClass[];
  /** For commands that change or export data: recorded in the audit trail once the work succeeded. */
  audited?: Record<string, unknown>;
}

/**
 * Runs a command's work on the configured database, then closes it. Logs go to
 * stderr, so stdout carries only the command's output (e.g. an export).
 */
export async function withCliDatabase(command: string, work: (db: Kysely<Database>) => Promise<void>, options: CommandOptions = {}): Promise<void> {
  const config = loadConfig();
  const logger = pino({ ...loggerOptions(config.logLevel), level: 'warn' }, pino.destination({ dest: 2, sync: true }));
  const database = await openMigratedDatabase(config, logger);
  try {
    await work(database.db);
    if (options.audited) {
      await audit(database.db, { actor: 'cli', action: command.replaceAll(' ', '_'), objectType: 'command', detail: options.audited });
    }
  } catch (error) {
    if (!options.inputErrors?.some((inputError) => error instanceof inputError)) throw error;
    process.stderr.write(`${command}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
