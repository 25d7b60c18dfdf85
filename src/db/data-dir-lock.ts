import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * An embedded database folder is opened by one process at a time: PGlite has
 * no lock of its own, and two processes writing one folder corrupt it.
 *
 * The lock is a file naming its holder (host, PID and the PID's start time,
 * so that a PID reused after a crash or reboot is not mistaken for the
 * holder). A lock whose holder is gone is taken over, so a crashed process
 * never leaves the folder stuck.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** Start time of the PID, from /proc where the system has it. */
  pidStart: string | null;
  command: string;
  since: string;
  nonce: string;
}

export interface DataDirLock {
  release(): void;
}

/** Said when another living process holds the folder; the message is one line a person can act on. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    const whatToDo = holder.command.includes('serve')
      ? 'stop it (Ctrl-C in its terminal), run this command, then start it again; the first admin can be created while it runs, at the one-time setup link it printed'
      : 'wait for it to finish';
    super(
      `${dir} is in use by another OpenHotline process (pid ${holder.pid} on ${holder.host}, "${holder.command}", since ${holder.since}): ` +
        `an embedded database serves one process at a time, so ${whatToDo} (or set DATABASE_URL to share a PostgreSQL server)`,
    );
    this.name = 'DataDirLockedError';
  }
}

export const LOCK_FILE = 'openhotline.lock';

export function acquireDataDirLock(dir: string, command = processCommand()): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    pidStart: pidStartTime(process.pid),
    command,
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  const draft = `${lockPath}.${mine.nonce}`;
  fs.writeFileSync(draft, JSON.stringify(mine));
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (tryLink(draft, lockPath)) return { release: () => releaseIfMine(lockPath, mine.nonce) };
      const holder = readHolder(lockPath);
      if (holder && isAlive(holder)) throw new DataDirLockedError(dir, holder);
      removeStale(lockPath, holder);
    }
    throw new Error(`could not take the lock ${lockPath}: it keeps changing hands`);
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** link(2) fails when the target exists: of two processes, exactly one gets the lock. */
function tryLink(draft: string, lockPath: string): boolean {
  try {
    fs.linkSync(draft, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockHolder;
  } catch {
    // Gone meanwhile, or torn: either way nobody holds it by this file.
    return undefined;
  }
}

/**
 * Moves the stale file aside and checks that it was the stale one: a process
 * that took the lock in between keeps it (the moved file is put back).
 */
function removeStale(lockPath: string, stale: LockHolder | undefined): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved && stale && moved.nonce !== stale.nonce && isAlive(moved)) tryLink(aside, lockPath);
  fs.rmSync(aside, { force: true });
}

function releaseIfMine(lockPath: string, nonce: string): void {
  if (readHolder(lockPath)?.nonce === nonce) fs.rmSync(lockPath, { force: true });
}

function isAlive(holder: LockHolder): boolean {
  // Another host's process cannot be checked from here: it is taken to be alive.
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = pidStartTime(holder.pid);
  return start === null || holder.pidStart === null || start === holder.pidStart;
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
function pidStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function processCommand(): string {
  const args = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return ['openhotline', ...args.slice(0, 2)].join(' ');
}
