import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite takes no lock on its folder and two writers silently lose data (reference/stack.md §3.1),
 * so the embedded database is guarded by our own lock file. A lock left by a dead process is taken
 * over; a live holder makes a second process refuse to start.
 *
 * A pid alone does not name a process: pids wrap and are reused, so a lock left by a killed server
 * may name a pid that now belongs to an unrelated process (issue #14). The lock therefore also
 * records the kernel's start time of the process (/proc/<pid>/stat, field 22) and the boot id; a
 * live pid whose start time or boot differs from the lock's is another process, and the lock is
 * stale. Where /proc is missing (not Linux), the pid's liveness is all there is.
 */
export interface DataDirLock {
  file: string;
  /** Adds facts (e.g. the control port) for other processes to read; the pid stays. */
  update(info: Record<string, unknown>): void;
  release(): void;
}

export interface LockHolder {
  pid: number;
  startedAt: string;
  [key: string]: unknown;
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(
      `data folder ${dataDir} is in use by process ${holder.pid} (started ${holder.startedAt}); ` +
        'stop it first, or set DATA_DIR to another folder',
    );
    this.name = 'DataDirLockedError';
  }
}

export const lockFilePath = (dataDir: string): string => path.join(dataDir, 'touchstone.lock');

export function readLockHolder(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(lockFilePath(dataDir), 'utf8')) as LockHolder;
    return isHeld(holder) ? holder : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  const info: LockHolder = {
    pid: process.pid, startedAt: new Date().toISOString(), processStartedAt: PROCESS_STARTED_AT,
    ...withDefined({ bootId: BOOT_ID, kernelStartTime: kernelStartTime(process.pid) }),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx' fails if the file exists: creation is the atomic test-and-set.
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      return makeLock(file, info);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readRaw(file);
      if (holder && isHeld(holder)) throw new DataDirLockedError(dataDir, holder);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

function makeLock(file: string, info: LockHolder): DataDirLock {
  let held = true;
  return {
    file,
    update(extra) {
      Object.assign(info, extra);
      fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
    },
    release() {
      if (!held) return;
      held = false;
      if (readRaw(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

function readRaw(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

// Identifies this process beyond its pid: after a container restart the app may get the same pid
// again, and a lock left by its previous life must then count as stale, not as ours.
const PROCESS_STARTED_AT = new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString();

function isHeld(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return holder.processStartedAt === PROCESS_STARTED_AT; // opened twice in this process
  if (!isAlive(holder.pid)) return false;
  // The pid lives; is it still the process that wrote the lock?
  if (typeof holder.bootId === 'string' && BOOT_ID !== undefined && holder.bootId !== BOOT_ID) return false; // written before a reboot
  if (typeof holder.kernelStartTime === 'string') {
    const now = kernelStartTime(holder.pid);
    if (now !== undefined && now !== holder.kernelStartTime) return false; // the pid was reused
  }
  return true;
}

/** The process's start time in clock ticks after boot (/proc/<pid>/stat field 22), on Linux. */
export function kernelStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[22 - 3];
  } catch {
    return undefined;
  }
}

const BOOT_ID = (() => {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
})();

function withDefined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
