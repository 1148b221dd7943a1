// Every table keeps a sync rule (src/core/db/sync-rules.ts, docs/architecture.md "Sync rules"):
// this walks the database the real migrations make, so a new table or unique key without a rule
// fails here, and each rule is checked against what the migrations really built: columns, keys,
// and (by trying) the triggers that keep ledgers append-only.
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/core/db/client';
import * as schema from '../../src/core/db/schema';
import { SYNC_RULES, type OfficeOf, type SyncRule } from '../../src/core/db/sync-rules';
import { MIGRATIONS, tempDir } from '../helpers/core';
import {
  columnsOf,
  foreignKeysOf,
  insertRowEverywhere,
  isDerivedTable,
  tableNames,
} from '../helpers/rows';

let raw: Database.Database;
const dir = tempDir();

beforeAll(() => {
  raw = openDatabase(`${dir.path}/walk.sqlite`, MIGRATIONS).raw;
});
afterAll(() => {
  raw.close();
  dir.remove();
});

const travelling = () =>
  Object.entries(SYNC_RULES).filter(
    (e): e is [string, Exclude<SyncRule, { kind: 'local' }>] => e[1].kind !== 'local',
  );
const column = (table: string, name: string) => columnsOf(raw, table).find((c) => c.name === name);

/** The office a row takes, followed through `via` foreign keys; null when it leads nowhere. */
function officeReachable(table: string, office: OfficeOf, seen: string[] = []): boolean {
  if (office === 'self' || office === 'company') return true;
  if (office === 'office_id') return column(table, 'office_id')?.notnull === 1;
  const via = office.via;
  if (column(table, via)?.notnull !== 1 || seen.includes(table)) return false;
  const fk = foreignKeysOf(raw, table).find((f) => f.from === via);
  if (!fk) return false;
  const parent = SYNC_RULES[fk.table];
  return (
    !!parent &&
    parent.kind !== 'local' &&
    officeReachable(fk.table, parent.office, [...seen, table])
  );
}

describe('sync rules', () => {
  it('every table the migrations make has a rule, and every rule names a table', () => {
    const tables = tableNames(raw);
    expect(tables.filter((t) => !SYNC_RULES[t])).toEqual([]);
    expect(Object.keys(SYNC_RULES).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('every table in the drizzle schema has a rule', () => {
    const names = (Object.values(schema) as unknown[])
      .filter((v): v is SQLiteTable => v instanceof SQLiteTable)
      .map((t) => getTableConfig(t).name);
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => !SYNC_RULES[n])).toEqual([]);
  });

  it('every travelling row reaches its office', () => {
    const lost = travelling()
      .filter(([table, rule]) => !officeReachable(table, rule.office))
      .map(([table]) => table);
    expect(lost).toEqual([]);
  });

  it('master data has a stable key and updated_hlc, and a tombstone where it says so', () => {
    const problems: string[] = [];
    for (const [table, rule] of travelling()) {
      if (rule.kind !== 'master') continue;
      const pk = columnsOf(raw, table).filter((c) => c.pk > 0);
      const fks = foreignKeysOf(raw, table);
      const keyOk =
        pk.length === 1 &&
        (pk[0]?.name === 'id' ||
          (rule.office === 'company' && pk[0]?.name === 'key') ||
          fks.some((f) => f.from === pk[0]?.name));
      if (!keyOk) problems.push(`${table}: key is not an id or the row it extends`);
      if (column(table, 'updated_hlc')?.notnull !== 1) problems.push(`${table}: no updated_hlc`);
      if (rule.tombstone !== !!column(table, 'deleted_at'))
        problems.push(`${table}: tombstone ${rule.tombstone} but deleted_at is not so`);
    }
    expect(problems).toEqual([]);
  });

  it('local columns named by a rule exist', () => {
    const missing = travelling().flatMap(([table, rule]) =>
      'localColumns' in rule
        ? Object.keys(rule.localColumns ?? {})
            .filter((c) => !column(table, c))
            .map((c) => `${table}.${c}`)
        : [],
    );
    expect(missing).toEqual([]);
  });

  it('every unique key of a travelling table is a documented choice', () => {
    const problems: string[] = [];
    for (const [table, rule] of travelling()) {
      const indexes = (
        raw.prepare(`PRAGMA index_list("${table}")`).all() as {
          name: string;
          unique: number;
          origin: string;
        }[]
      ).filter((i) => i.unique === 1 && i.origin !== 'pk');
      for (const index of indexes) {
        const choice = rule.uniqueKeys?.[index.name];
        const cols = (
          raw.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[]
        ).map((c) => c.name);
        if (!choice) problems.push(`${table}: ${index.name} (${cols.join(', ')}) has no choice`);
        else if (choice.choice === 'office-scoped' && !cols.includes('office_id'))
          problems.push(`${table}: ${index.name} is called office-scoped without office_id`);
      }
      for (const name of Object.keys(rule.uniqueKeys ?? {}))
        if (!indexes.some((i) => i.name === name)) problems.push(`${table}: no index ${name}`);
    }
    expect(problems).toEqual([]);
  });

  it('append-only tables refuse UPDATE and DELETE; final rows refuse both too', () => {
    const once = travelling()
      .filter(([, r]) => r.kind === 'append-only-once-final')
      .map(([t]) => t);
    // A row in every table; the tables that freeze once final get theirs final.
    const rows = insertRowEverywhere(
      raw,
      1,
      Object.fromEntries(once.map((t) => [t, { status: 'final' }])),
    );
    const refused: string[] = [];
    const allowed: string[] = [];
    for (const [table, rule] of travelling()) {
      if (rule.kind === 'master' || isDerivedTable(table)) continue;
      const row = rows.get(table);
      if (!row) throw new Error(`no row in ${table}`);
      const pk = columnsOf(raw, table).find((c) => c.pk === 1);
      const any = columnsOf(raw, table).find((c) => c.pk === 0);
      if (!pk || !any) throw new Error(`${table} has no key`);
      const where = `WHERE "${pk.name}" = ?`;
      for (const [what, sql] of [
        ['UPDATE', `UPDATE "${table}" SET "${any.name}" = "${any.name}" ${where}`],
        ['DELETE', `DELETE FROM "${table}" ${where}`],
      ] as const) {
        try {
          raw.prepare(sql).run(row[pk.name]);
          allowed.push(`${table}: ${what}`);
        } catch (error) {
          // Refused by a trigger's RAISE, not by a foreign key or anything else.
          const code = (error as { code?: string }).code;
          (code === 'SQLITE_CONSTRAINT_TRIGGER' ? refused : allowed).push(`${table}: ${what}`);
        }
      }
    }
    expect(allowed).toEqual([]);
    expect(refused.length).toBeGreaterThan(30);
  });

  it('a draft of a table that freezes once final can still be replaced', () => {
    for (const [table, rule] of travelling()) {
      if (rule.kind !== 'append-only-once-final') continue;
      expect(column(table, 'status'), table).toBeDefined();
    }
    const rows = insertRowEverywhere(raw, 2, {
      billing_runs: { status: 'draft' },
      invoices: { status: 'draft' },
    });
    // A draft invoice nothing points at yet (the generated notes point at the other one).
    const invoice = { ...rows.get('invoices'), id: 'draft-invoice', number: 'draft-invoice' };
    const names = Object.keys(invoice);
    raw
      .prepare(
        `INSERT INTO invoices (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      )
      .run(...names.map((n) => invoice[n as keyof typeof invoice]));
    raw.prepare("UPDATE invoices SET sort_key = 'x' WHERE id = 'draft-invoice'").run();
    raw.prepare("DELETE FROM invoices WHERE id = 'draft-invoice'").run();
    raw
      .prepare("UPDATE billing_runs SET problems = '[]' WHERE id = ?")
      .run(rows.get('billing_runs')?.id);
    expect(
      raw.prepare("SELECT count(*) AS n FROM invoices WHERE id = 'draft-invoice'").get(),
    ).toEqual({ n: 0 });
  });
});
