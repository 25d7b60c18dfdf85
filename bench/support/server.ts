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

/**
 * Runs `openhotline serve --role …` in its own process, on a fresh data folder,
 * with the settings a hotline runs (the default log level, its log in a file
 * as a service manager would keep it), and waits until it is ready. Only the
 * rate limit is off: a benchmark is one client sending what many reporters would.
 */
export async function startServer(env: Record<string, string>, port: number, role: ServeRole = 'all'): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-bench-'));
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli.ts'), 'serve', '--role', role], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', log, 'inherit'],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  // A worker has no HTTP: it is ready once it says it is running.
  const ready = role === 'worker' ? async () => fs.readFileSync(logFile, 'utf8').includes('OpenHotline is running') : async () => (await fetch(`${url}/readyz`)).ok;
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
      const problems = fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => /"level":(4|5|6)0/.test(line) && !line.includes('setupUrl'));
      if (problems.length > 0) console.log(`the server logged ${problems.length} warnings or errors, e.g.:\n${problems.slice(0, 3).join('\n')}`);
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
