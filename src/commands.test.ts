import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';

describe('the command table', () => {
  it.each(Object.keys(COMMANDS))('loads the module that defines "%s"', async (name) => {
    const program = new Command();
    (await COMMANDS[name]!.load())(program);
    expect(program.commands.map((command) => command.name())).toEqual([name]);
  }, 30_000);
});
