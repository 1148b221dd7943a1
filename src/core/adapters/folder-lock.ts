// One data folder, one writer. A long-running GridDesk (the desktop app, browser mode) and each
// CLI run hold this lock on the data folder; a second program that wants to write is refused with
// the name of the one that holds it.
//
// The lock is the operating system's own file lock, taken through SQLite on a small file beside
// the database (`griddesk.lock`): SQLite's write lock on it is held for as long as the program
// runs. The system releases it when the process ends in any way, a crash, SIGKILL or a power cut
// included, so a lock is never left behind. A lock file that only records a process id would need
// a guess after a crash ("is that pid still alive?"), and after a restart the pid of a GridDesk
// that died may already belong to another program, which would keep GridDesk from starting.
//
// Who holds the lock (program, pid, since when) is written in the same file, committed before the
// write lock is taken, so others can read it while it is held.
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'griddesk.lock';

export interface LockHolder {
  program: string;
  pid: number;
  /** ISO instant the holder took the lock. */
  since: string;
  host: string;
}

export interface FolderLock {
  holder: LockHolder;
  release(): void;
}

export type LockAttempt = { ok: true; lock: FolderLock } | { ok: false; holder: LockHolder | null };

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Try once to take the data folder's lock for `program`; never waits. When another program holds
 * it, answers who (null when that program has not written its name yet).
 */
export function tryLockFolder(dataDir: string, program: string, nowIso: string): LockAttempt {
  const file = join(dataDir, LOCK_FILE);
  const db = new Database(file);
  try {
    // No waiting: a held lock is the answer, not something to queue behind.
    db.pragma('busy_timeout = 0');
    db.exec('CREATE TABLE IF NOT EXISTS holder (program TEXT, pid INTEGER, since TEXT, host TEXT)');
    const holder: LockHolder = { program, pid: process.pid, since: nowIso, host: hostname() };
    // Take the write lock, name ourselves, commit, and take it again for good. If another program
    // slips in between, it wrote its own name while holding the lock, and we are the one refused.
    db.exec('BEGIN IMMEDIATE');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder VALUES (?, ?, ?, ?)').run(
      holder.program,
      holder.pid,
      holder.since,
      holder.host,
    );
    db.exec('COMMIT');
    db.exec('BEGIN IMMEDIATE');
    return {
      ok: true,
      lock: {
        holder,
        release() {
          if (!db.open) return;
          db.exec('ROLLBACK');
          db.close();
        },
      },
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (!isBusy(error)) {
      db.close();
      throw error;
    }
    try {
      return { ok: false, holder: readHolder(db) };
    } finally {
      db.close();
    }
  }
}

function readHolder(db: Database.Database): LockHolder | null {
  try {
    const row = db.prepare('SELECT program, pid, since, host FROM holder').get() as
      LockHolder | undefined;
    return row ?? null;
  } catch {
    // The holder is between creating the file and naming itself.
    return null;
  }
}

/** "griddesk serve (process 4242, since 2026-11-16 08:30 UTC)", for refusal messages. */
export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'another GridDesk program';
  const since = holder.since.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `${holder.program} (process ${holder.pid}${where}, since ${since})`;
}
