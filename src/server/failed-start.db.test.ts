import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { testEngine } from '../test-support/database.js';

const REPO = path.resolve(import.meta.dirname, '../..');

let dataDir: string;
let scratch: ScratchDatabase | undefined;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openhotline-failed-start-'));
  if (process.env.DATABASE_URL) scratch = await createScratchDatabase(process.env.DATABASE_URL, 'openhotline_failed_start');
});

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await scratch?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe(`a server that cannot finish starting, on ${testEngine}`, () => {
  it('exits non-zero, saying why, instead of staying half-started', async () => {
    // Found wrong only after the database, the hash lists and the job workers have started.
    const categoriesFile = path.join(dataDir, 'categories.json');
    await fs.writeFile(categoriesFile, '{"not": "a list"}');
    child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli.ts'), 'serve'], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: scratch?.url ?? '', CATEGORIES_FILE: categoriesFile, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
    expect(code).toBe(1);
    expect(errors).toContain('must be a non-empty JSON array');
  }, 180_000);
});
