import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { hashFile, type FileHashes } from './hash-file.js';

/** Adds `hash <files...>`: one JSON line of hashes per file on stdout. */
export function registerHashCommand(program: Command): void {
  program
    .command('hash')
    .argument('<files...>', 'files to hash')
    .action(async (files: string[]) => {
      const exitCode = await runHashCommand(files, (line) => process.stdout.write(`${line}\n`));
      if (exitCode !== 0) process.exitCode = exitCode;
    });
}

/**
 * Hashes the files (a few at a time, so decoding overlaps hashing) and writes
 * one JSON line per file in the given order. Returns the exit code: 1 if any
 * file could not be read, else 0. A file that is not an image is not a failure.
 */
export async function runHashCommand(files: string[], writeLine: (line: string) => void): Promise<number> {
  let exitCode = 0;
  for await (const result of inOrder(files, availableParallelism(), hashFile)) {
    writeLine(JSON.stringify(result));
    if (isUnreadable(result)) exitCode = 1;
  }
  return exitCode;
}

function isUnreadable(result: FileHashes): boolean {
  return !('md5' in result);
}

/** Runs `task` on up to `concurrency` items at once, yielding results in input order. */
async function* inOrder<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  for (const item of items) {
    running.push(task(item));
    if (running.length >= concurrency) yield await running.shift()!;
  }
  while (running.length > 0) yield await running.shift()!;
}
