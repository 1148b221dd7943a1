// Failures of the disk or the data folder, told apart from bugs. A full disk or a read-only data
// folder is something the office can fix (free space, copy the folder somewhere writable), so the
// caller gets a STORAGE error saying what to do instead of "something went wrong". The SQLite
// transaction was rolled back, so nothing of the command was kept; the details still go to the
// log. SQLITE_BUSY (another process holding the database) is a different answer, kept apart.
import { AppError } from '../contract';

const NOTHING_SAVED = 'Nothing was saved.';

const DISK_FULL =
  'The disk holding the GridDesk data folder is full. Free some space on it, then try again. ' +
  NOTHING_SAVED;
const READ_ONLY =
  'GridDesk cannot write to its data folder: the folder or the database file is read-only, or ' +
  'this Windows user may not change it. Check the folder (or copy it somewhere writable), then ' +
  'try again. ' +
  NOTHING_SAVED;
const DISK_ERROR =
  'The disk holding the GridDesk data folder could not be read or written (it may be failing or ' +
  'have been removed). Check the disk, then try again. ' +
  NOTHING_SAVED;

/** Node's fs codes and SQLite's result codes (extended codes keep their base name as prefix). */
function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * The clear answer for a storage failure, or null when `error` is something else (a bug, which
 * stays INTERNAL). Only looks at the error's code, never at its message text.
 */
export function storageError(error: unknown): AppError | null {
  const code = codeOf(error);
  if (code === null) return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('STORAGE', DISK_FULL, { storage: 'full' });
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return new AppError('STORAGE', READ_ONLY, { storage: 'read-only' });
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new AppError('STORAGE', DISK_ERROR, { storage: 'io' });
  }
  return null;
}
