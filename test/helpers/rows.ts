// Rows for every table of a database at whatever schema version it has, made from the database's
// own description (PRAGMA table_info and foreign_key_list), so the schema walk and the migration
// tests cover tables added later without being edited. Every column gets a value (nullable ones
// too, except that rows are live: no deleted_at) and every foreign key points at a row inserted
// before it.
import type Database from 'better-sqlite3';

/** Maintained by triggers or by SQLite itself: never written directly. */
export function isDerivedTable(name: string): boolean {
  return (
    name.startsWith('sqlite_') ||
    name === '__drizzle_migrations' ||
    name === 'search_keys' ||
    name.startsWith('search_index')
  );
}

export interface Column {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

interface ForeignKey {
  from: string;
  table: string;
  to: string;
}

export function tableNames(raw: Database.Database): string[] {
  return (
    raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  )
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_'));
}

export function columnsOf(raw: Database.Database, table: string): Column[] {
  return raw.prepare(`PRAGMA table_info("${table}")`).all() as Column[];
}

export function foreignKeysOf(raw: Database.Database, table: string): ForeignKey[] {
  return raw.prepare(`PRAGMA foreign_key_list("${table}")`).all() as ForeignKey[];
}

/** Tables in an order where every table comes after the tables its foreign keys point to. */
export function insertionOrder(raw: Database.Database): string[] {
  const tables = tableNames(raw).filter((t) => !isDerivedTable(t));
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < tables.length) {
    const ready = tables.filter(
      (t) =>
        !done.has(t) && foreignKeysOf(raw, t).every((fk) => fk.table === t || done.has(fk.table)),
    );
    if (ready.length === 0) throw new Error('foreign keys form a cycle');
    for (const t of ready) {
      done.add(t);
      order.push(t);
    }
  }
  return order;
}

/**
 * Insert one row into every table, values marked with `tag` (so repeated calls add distinct
 * rows). `override` sets chosen columns, e.g. a status. Returns the values inserted per table.
 */
export function insertRowEverywhere(
  raw: Database.Database,
  tag: number,
  override: Record<string, Record<string, unknown>> = {},
): Map<string, Record<string, unknown>> {
  const inserted = new Map<string, Record<string, unknown>>();
  for (const table of insertionOrder(raw)) {
    const fks = foreignKeysOf(raw, table);
    const row: Record<string, unknown> = {};
    for (const [i, col] of columnsOf(raw, table).entries()) {
      const fk = fks.find((f) => f.from === col.name);
      const target = fk ? inserted.get(fk.table) : undefined;
      if (fk && target) row[col.name] = target[fk.to];
      // A live row: tombstoned rows skip the search triggers a representative row should meet.
      else if (col.name === 'deleted_at') row[col.name] = null;
      else if (/INT/i.test(col.type)) row[col.name] = tag * 100 + i;
      else if (/REAL/i.test(col.type)) row[col.name] = tag + i / 10;
      else row[col.name] = `${table}.${col.name}.${tag}`;
    }
    inserted.set(table, insertLike(raw, table, row, override[table] ?? {}));
  }
  return inserted;
}

/** Insert a copy of `template` into `table` with some columns changed. */
export function insertLike(
  raw: Database.Database,
  table: string,
  template: Record<string, unknown> | undefined,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  if (!template) throw new Error(`no ${table} row to copy`);
  const row = { ...template, ...changes };
  const names = Object.keys(row);
  raw
    .prepare(
      `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) ` +
        `VALUES (${names.map(() => '?').join(', ')})`,
    )
    .run(...names.map((n) => row[n]));
  return row;
}

/** Every row of every table that is written directly, in rowid order. */
export function dumpRows(raw: Database.Database): Map<string, Record<string, unknown>[]> {
  const dump = new Map<string, Record<string, unknown>[]>();
  for (const table of tableNames(raw).filter((t) => !isDerivedTable(t)))
    dump.set(
      table,
      raw.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[],
    );
  return dump;
}
