import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../test-support/database.js';
import { runCli, startServerProcess, type ServerProcess } from '../test-support/server-process.js';

/**
 * An embedded database folder serves one process at a time. With the server
 * running, every command that opens the folder says so in one line and
 * changes nothing; the first admin is made through the server's setup link.
 */
const ADMIN_COMMANDS = [
  ['user', 'add', '--email', 'second@example.org', '--role', 'admin'],
  ['token', 'create', '--email', 'first@example.org'],
  ['audit', 'verify'],
  ['migrate'],
  ['hashlist', 'list'],
  ['provider', 'list'],
  ['serve'],
];

let dataDir: string;
let env: Record<string, string>;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openhotline-one-process-'));
  env = { DATA_DIR: dataDir, ENCRYPTION_KEY: randomBytes(32).toString('hex'), DATABASE_URL: '' };
  server = await startServerProcess(env, 4100 + Math.floor(Math.random() * 100));
}, 120_000);

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe.runIf(testEngine === 'pglite')('one process per embedded data folder', () => {
  it('refuses every command that opens the folder, each in one line, while the server runs', async () => {
    const results = await Promise.all(ADMIN_COMMANDS.map((args) => runCli(args, env)));
    for (const [index, result] of results.entries()) {
      expect({ command: ADMIN_COMMANDS[index]!.join(' '), code: result.code, lines: result.stderr.trim().split('\n').length }).toEqual({
        command: ADMIN_COMMANDS[index]!.join(' '),
        code: 1,
        lines: 1,
      });
      expect(result.stderr).toMatch(/is in use by another OpenHotline process \(pid \d+ .*"openhotline serve".*setup link/);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  }, 120_000);

  it('creates the first admin through the one-time link the server printed, and keeps the audit trail whole', async () => {
    const link = /\/setup\/(ohsetup_[\w-]+)/.exec(server.output())?.[0];
    expect(link).toBeDefined();
    const page = await fetch(`${server.url}${link}`);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const submit = () =>
      fetch(`${server.url}${link}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, email: 'first@example.org', password: 'correct horse battery', confirm: 'correct horse battery' }),
      });
    const created = await submit();
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/staff/login');
    expect((await submit()).status).toBe(404);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.stdout).toMatch(/intact: 1 entr/);
    expect(verified.code).toBe(0);
  }, 120_000);
});
