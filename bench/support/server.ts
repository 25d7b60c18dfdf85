import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../..');

export interface BenchServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export type ServeRole = 'all' | 'web' | 'worker';

/** Runs `openhotline serve --role …` in its own process, on a fresh data folder, and waits until it is ready. */
export async function startServer(env: Record<string, string>, port: number, role: ServeRole = 'all'): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli.ts'), 'serve', '--role', role], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let running = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (chunk.toString().includes('OpenHotline is running')) running = true;
  });
  const url = `http://127.0.0.1:${port}`;
  // A worker has no HTTP: it is ready once it says it is running.
  const ready = role === 'worker' ? async () => running : async () => (await fetch(`${url}/readyz`)).ok;
  await waitUntilReady(ready, child).catch((error: unknown) => {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(ready: () => Promise<boolean>, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if (await ready()) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not become ready within two minutes');
}
