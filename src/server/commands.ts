import { Option, type Command } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import { openMigratedDatabase } from '../db/migrated-database.js';
import { loggerOptions } from './logging.js';
import { serve, type Role } from './serve.js';

/** `serve`: the HTTP server and background jobs, until SIGTERM or SIGINT. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .addOption(new Option('--role <role>', 'web answers HTTP, worker runs jobs, all does both').choices(['web', 'worker', 'all']).default('all'))
    .action(async (options: { role: Role }) => {
      const running = await serve(loadConfig(), options.role);
      console.log(`OpenHotline is running (${running.database.engine}, role ${options.role}): ${running.url ?? 'no HTTP (worker)'}`);
      if (running.setupUrl) console.log(`No staff account exists yet. Create the first admin at this one-time link:\n  ${running.setupUrl}`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: finishing requests and jobs in hand, then stopping`);
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
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
    const database = await openMigratedDatabase(config, pino(loggerOptions(config.logLevel)));
    await database.close();
  });
}
