import { Option, type Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { openMigratedDatabase } from '../db/migrated-database.js';
import { createLogger } from './logging.js';
import { serve, type Role } from './serve.js';

/** `serve`: the HTTP server and background jobs, until SIGTERM or SIGINT. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .addOption(new Option('--role <role>', 'web answers HTTP, worker runs jobs, all does both').choices(['web', 'worker', 'all']).default('all'))
    .action(async (options: { role: Role }) => {
      const running = await serve(loadConfig(), options.role);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, 'finishing requests and jobs in hand, then stopping');
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            running.logger.fatal({ err: error }, 'could not stop cleanly');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}

/** `migrate`: brings the database schema up to date without starting. */
export function registerMigrateCommand(program: Command): void {
  program.command('migrate').action(async () => {
    const config = loadConfig();
    const database = await openMigratedDatabase(config, createLogger(config.logLevel));
    await database.close();
  });
}
