// Whether the last GridDesk on this data folder shut down cleanly. SQLite's whole-file check reads
// every page (seconds at 100,000 customers), so it runs at start-up only when damage is plausible:
// after a crash, a kill or a power cut. The folder's writer (the holder of griddesk.lock) leaves
// `griddesk.running` while the database is open and removes it when it closes the database; a
// mark found at start-up means the previous writer never got to close (docs/performance.md).
//
// Only the lock holder touches the mark, so two programs never race on it. The mark is written
// and synced to disk before the database opens: a power cut right after start still leaves it.
import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const RUNNING_MARK = 'griddesk.running';

export interface RunningMark {
  /** True when the mark was already there: the previous writer did not shut down cleanly. */
  afterUncleanShutdown: boolean;
  /** Remove the mark: the database was closed cleanly. */
  clear(): void;
}

/** Leave the mark (process id and time, for whoever looks at the folder); say if one was there. */
export function markRunning(dataDir: string, nowIso: string): RunningMark {
  const file = join(dataDir, RUNNING_MARK);
  const afterUncleanShutdown = existsSync(file);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `GridDesk process ${process.pid} opened this folder at ${nowIso}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {
    afterUncleanShutdown,
    clear: () => rmSync(file, { force: true }),
  };
}
