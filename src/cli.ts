#!/usr/bin/env node
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { registerAuditCommands } from './audit/cli.js';
import { ConfigError, loadConfig } from './config/config.js';
import { registerAuthCommands } from './auth/cli.js';
import { countUsers } from './auth/users.js';
import { registerHashCommand } from './hashing/cli.js';
import { registerHashListCommands } from './hashlists/cli.js';
import { registerMatchCommand } from './matching/cli.js';
import { registerProviderCommands } from './providers/cli.js';
import { registerRdapCommands } from './rdap/cli.js';
import { loggerOptions } from './server/logging.js';
import { openMigratedDatabase, serve, type Role } from './server/serve.js';

const program = new Command('openhotline').description('Internet hotline: public reporting, assessment and hash matching.');

program
  .command('serve')
  .description('run the hotline (HTTP server and background jobs)')
  .addOption(new Option('--role <role>', 'web answers HTTP, worker runs jobs, all does both').choices(['web', 'worker', 'all']).default('all'))
  .action(async (options: { role: Role }) => {
    const config = loadConfig();
    const running = await serve(config, options.role);
    const address = running.app ? `http://${config.host}:${config.port}` : 'no HTTP (worker)';
    console.log(`OpenHotline is running (${running.database.engine}, role ${options.role}): ${address}`);
    if ((await countUsers(running.database.db)) === 0) {
      console.log('No staff account exists yet. Create the first admin with:\n  npx openhotline user add --email you@example.org --role admin');
    }
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

program
  .command('migrate')
  .description('bring the database schema up to date, then exit')
  .action(async () => {
    const config = loadConfig();
    const database = await openMigratedDatabase(config, pino(loggerOptions(config.logLevel)));
    await database.close();
  });

registerAuthCommands(program);
registerHashCommand(program);
registerHashListCommands(program);
registerProviderCommands(program);
registerMatchCommand(program);
registerAuditCommands(program);
registerRdapCommands(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
