// Drizzle builds SQL text on every call (tens of microseconds); hot queries are prepared once per
// database connection instead and reused.
import type { Db } from './client';

const cache = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
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
