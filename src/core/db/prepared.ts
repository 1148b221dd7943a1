// Drizzle builds SQL text on every call (tens of microseconds); hot queries are prepared once per
// database connection instead and reused.
import { getTableColumns, sql, type Placeholder } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
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

/**
 * Every column of a table as a placeholder of the same name, for a prepared insert of whole rows:
 * a column added later is part of the insert at once (the row's type then asks for it).
 */
export function columnPlaceholders<T extends SQLiteTable>(
  table: T,
): Record<keyof T['$inferInsert'], Placeholder> {
  return Object.fromEntries(
    Object.keys(getTableColumns(table)).map((key) => [key, sql.placeholder(key)]),
  ) as Record<keyof T['$inferInsert'], Placeholder>;
}
