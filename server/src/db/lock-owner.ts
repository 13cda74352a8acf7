// Who holds the embedded database folder: written beside the lock when it is taken (process id, host,
// and the process's start time, so a reused process id is not mistaken for the holder). After a crash
// (kill -9) the lock's heartbeat stops but it looks held until it goes stale; a holder that is gone on
// this host can be recognised at once instead.
import fs from 'node:fs';
import os from 'node:os';

export interface LockOwner { pid: number; host: string; started: string | null }

/** The start time of a process on this host (Linux: field 22 of /proc/<pid>/stat), or null when unknown. */
export function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export const me = (): LockOwner => ({ pid: process.pid, host: os.hostname(), started: processStart(process.pid) });

export function writeOwner(file: string): void {
  fs.writeFileSync(file, JSON.stringify(me()));
}

export function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : null;
  } catch {
    return null;
  }
}

/** True only when the recorded holder is certainly gone: same host, and no process with its id and start time. */
export function ownerIsGone(o: LockOwner): boolean {
  if (o.host !== os.hostname() || o.pid === process.pid) return false;
  try {
    process.kill(o.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  // A process with that id runs: the holder only if it started when the holder did (ids are reused).
  const started = processStart(o.pid);
  return o.started !== null && started !== null && started !== o.started;
}
