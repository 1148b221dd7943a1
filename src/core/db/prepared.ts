// Drizzle builds SQL text on every call (tens of microseconds); hot queries are prepared once per
// database connection instead and reused.
import type { ReadDb } from './client';

const cache = new WeakMap<ReadDb, Map<string, unknown>>();

/** A read-only database builds read statements only; a writable one may build any. */
export function prepared<D extends ReadDb, T>(db: D, key: string, build: (db: D) => T): T {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let statement = perDb.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    perDb.set(key, statement);
  }
  return statement;
}
