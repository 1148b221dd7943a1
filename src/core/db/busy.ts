// SQLite's "database is locked" as the clerk's "GridDesk is busy, try again". With one writer per
// data folder and every write starting as BEGIN IMMEDIATE, this only happens when a write waited
// the whole busy timeout (another connection held the write lock that long); retrying is right.
import { AppError } from '../../contract';

export const BUSY_MESSAGE = 'GridDesk is busy, try again in a moment. Nothing was changed.';

/** The BUSY answer for SQLite's busy and locked errors; undefined for anything else. */
export function busyError(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (/^SQLITE_(BUSY|LOCKED)(_|$)/.test(code)) return new AppError('BUSY', BUSY_MESSAGE);
  return undefined;
}
