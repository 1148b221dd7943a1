// Installation facts and the database check on demand.
import { join } from 'node:path';
import { DATABASE_FILE } from '../../adapters/data-dir';
import { checkDatabaseFile } from '../../backup/db-check';
import type { Handler } from '../shared/types';

export const info: Handler<'system.info'> = (ctx) => ({
  version: ctx.version,
  dataDir: ctx.dataDir,
  schemaVersion: ctx.schemaVersion,
});

/**
 * The full check on demand: on a worker thread with its own read-only connection, so the counter
 * keeps answering while every page is read (start-up runs it only after an unclean shutdown).
 */
export const checkDatabase: Handler<'system.checkDatabase'> = async (ctx) => {
  const result = await checkDatabaseFile(join(ctx.dataDir, DATABASE_FILE), 'integrity_check');
  return { ok: result === 'ok', result };
};
