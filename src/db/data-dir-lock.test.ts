import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, type LockHolder } from './data-dir-lock.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const lockFile = () => path.join(dir, LOCK_FILE);
const writeHolder = (holder: Partial<LockHolder>) =>
  fs.writeFileSync(lockFile(), JSON.stringify({ pid: 1, host: os.hostname(), pidStart: null, command: 'openhotline serve', since: '2026-01-01T00:00:00.000Z', nonce: 'n', ...holder }));

describe('the lock on an embedded data folder', () => {
  it('lets one holder in and tells the next who holds it and what to do', () => {
    const lock = acquireDataDirLock(dir, 'openhotline serve');
    expect(() => acquireDataDirLock(dir, 'openhotline user add')).toThrow(DataDirLockedError);
    try {
      acquireDataDirLock(dir);
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`in use by another OpenHotline process \\(pid ${process.pid} .*"openhotline serve"`));
      expect((error as Error).message).toContain('setup link');
      expect((error as Error).message).not.toContain('\n');
    }
    lock.release();
    acquireDataDirLock(dir).release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose process has died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeHolder({ pid: Number(dead.stdout) });
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose PID now belongs to another process (a reused PID)', () => {
    writeHolder({ pid: process.pid, pidStart: '1' });
    acquireDataDirLock(dir).release();
  });

  it('refuses while a living process holds it, and leaves that lock alone', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const pidStart = fs.readFileSync(`/proc/${holder.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
      writeHolder({ pid: holder.pid!, pidStart, nonce: 'living' });
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).nonce).toBe('living');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes a torn lock file for a stale one', () => {
    fs.writeFileSync(lockFile(), '{"pid":');
    acquireDataDirLock(dir).release();
  });

  it('does not free a lock that another process took over', () => {
    const lock = acquireDataDirLock(dir);
    writeHolder({ pid: process.pid, nonce: 'someone-else' });
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(true);
  });
});
