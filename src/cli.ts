#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from './config/config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { COMMANDS } from './commands.js';

async function main(): Promise<void> {
  const program = new Command('openhotline').description('Internet hotline: public reporting, assessment and hash matching.');
  const chosen = process.argv.slice(2).find((argument) => !argument.startsWith('-') && argument !== 'help');
  const entry = chosen === undefined ? undefined : Object.hasOwn(COMMANDS, chosen) ? COMMANDS[chosen] : undefined;
  if (chosen !== undefined && entry) {
    (await entry.load())(program);
    program.commands.find((command) => command.name() === chosen)?.description(entry.description);
  } else {
    // Only the listing is needed: for help, or to name the commands there are.
    for (const [name, { description }] of Object.entries(COMMANDS)) program.command(name).description(description);
  }
  await program.parseAsync();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
