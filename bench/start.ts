/**
 * npm run bench:start — how long `npm start` takes until /readyz answers: the
 * first start on a new data folder (database created, migrations, key made),
 * and a second start on the same folder, as after a crash or an upgrade. The
 * ceiling is a bare Node.js HTTP server started the same way in the same run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BARE_SERVER = "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";

/** Starts the command in its own process group and measures the time until the URL answers 200. */
async function secondsUntilReady(command: string, args: string[], env: Record<string, string>, url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`);
      try {
        if ((await fetch(url)).ok) return (performance.now() - started) / 1000;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const bare: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const port = String(3950 + round);
    const url = `http://127.0.0.1:${port}`;
    bare.push(await secondsUntilReady(process.execPath, ['-e', BARE_SERVER], { PORT: port }, url));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-bench-start-'));
    const env = { DATA_DIR: dataDir, PORT: port, DATABASE_URL: '' };
    try {
      first.push(await secondsUntilReady('npm', ['start', '--silent'], env, `${url}/readyz`));
      second.push(await secondsUntilReady('npm', ['start', '--silent'], env, `${url}/readyz`));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const ceiling = median(bare);
  console.table([
    { start: 'bare Node.js HTTP server (ceiling)', 'median s': median(bare).toFixed(2), 'x ceiling': '1.0' },
    { start: 'npm start, new data folder', 'median s': median(first).toFixed(2), 'x ceiling': (median(first) / ceiling).toFixed(1) },
    { start: 'npm start, same data folder again', 'median s': median(second).toFixed(2), 'x ceiling': (median(second) / ceiling).toFixed(1) },
  ]);
  console.log(`${ROUNDS} rounds, embedded database (PGlite), built files up to date`);
}

await main();
