// Each migration, applied to a database at the version before it that holds rows in every table,
// keeps every row and every value (docs/testing.md). The rows come from the database's own
// description (test/helpers/rows.ts), so a migration added later is covered without editing this
// file. Migrations with a backfill also get a test of what the backfill computes.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/core/db/client';
import { MIGRATIONS, tempDir } from '../helpers/core';
import { dumpRows, insertLike, insertRowEverywhere } from '../helpers/rows';

interface Journal {
  entries: { idx: number; tag: string }[];
}
const journal = JSON.parse(
  readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8'),
) as Journal;
const dir = tempDir('griddesk-migrations-');
afterAll(() => dir.remove());

/** A migrations folder holding only the first `count` migrations: a build of that time. */
function migrationsUpTo(count: number): string {
  const folder = join(dir.path, `migrations-${count}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  for (const e of entries) cpSync(join(MIGRATIONS, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(
    join(folder, 'meta', '_journal.json'),
    JSON.stringify({ ...journal, entries }, null, 2),
  );
  return folder;
}

let databases = 0;

/** A database at the version just before migration `index`, with `fill` run on it. */
function databaseBefore(index: number, fill: (raw: Database.Database) => void): string {
  databases += 1;
  const file = join(dir.path, `before-${index}-${databases}.sqlite`);
  const { raw } = openDatabase(file, migrationsUpTo(index));
  fill(raw);
  raw.close();
  return file;
}

function applyMigration(file: string, index: number): Database.Database {
  return openDatabase(file, migrationsUpTo(index + 1)).raw;
}

/**
 * What a migration with a data step may add, exactly: anything else is a change it must not make.
 * 0021 turns each PAYG plan into a contract and starts the contract number series after them
 * (its own test: contracts-migration.test.ts). 0027 moves the sign-in counters out of `users` into
 * the local `signin_counters` (its own test below checks they arrive).
 */
const ADDS: Record<string, string[]> = {
  '0021_contracts': ['counters: 2 -> 3'],
  '0027_signin_counters': [1, 2].flatMap((n) => [
    `users.failed_attempts: ${n}07 -> undefined`,
    `users.locked_until: users.locked_until.${n} -> undefined`,
    `users.last_login_at: users.last_login_at.${n} -> undefined`,
  ]),
  // The installation's audit chain id, made for the entries already there.
  '0031_audit_chains_per_office': ['local_meta: 2 -> 3'],
};

describe('each migration keeps the rows it finds', () => {
  for (const entry of journal.entries.slice(1)) {
    it(entry.tag, () => {
      let before = new Map<string, Record<string, unknown>[]>();
      const file = databaseBefore(entry.idx, (raw) => {
        // Two rows everywhere, so a migration that keeps only one of them is caught too.
        insertRowEverywhere(raw, 1);
        insertRowEverywhere(raw, 2);
        before = dumpRows(raw);
      });
      const raw = applyMigration(file, entry.idx);
      const after = dumpRows(raw);
      raw.close();
      const changed: string[] = [];
      for (const [table, rows] of before) {
        const now = after.get(table) ?? [];
        if (now.length !== rows.length) changed.push(`${table}: ${rows.length} -> ${now.length}`);
        rows.forEach((row, i) => {
          for (const [column, value] of Object.entries(row))
            if (now[i]?.[column] !== value)
              changed.push(`${table}.${column}: ${String(value)} -> ${String(now[i]?.[column])}`);
        });
      }
      expect(before.size).toBeGreaterThan(0);
      expect(changed).toEqual(ADDS[entry.tag] ?? []);
    });
  }
});

describe('0012: provisioned count of devices provisioned before it', () => {
  it('is two below the first token, never below 0, or the current count with no token', () => {
    const index = journal.entries.findIndex((e) => e.tag.startsWith('0012_'));
    let generic = { id: '', firstToken: 0 };
    const file = databaseBefore(index, (raw) => {
      const rows = insertRowEverywhere(raw, 1);
      const device = rows.get('devices');
      const paygo = rows.get('openpaygo_devices');
      const token = rows.get('tokens');
      // The generic device has one token (count tokenCount); three more tell the cases apart.
      generic = { id: String(device?.id), firstToken: Number(token?.count) };
      for (const [id, count, tokenCounts] of [
        ['with-tokens', 14, [9, 5, 14]],
        ['first-token-at-1', 3, [1, 3]],
        ['no-token', 7, []],
      ] as const) {
        insertLike(raw, 'devices', device, { id, serial: id });
        insertLike(raw, 'openpaygo_devices', paygo, { device_id: id, count });
        for (const c of tokenCounts)
          insertLike(raw, 'tokens', token, { id: `${id}-${c}`, device_id: id, count: c });
      }
    });
    const raw = applyMigration(file, index);
    const provisioned = Object.fromEntries(
      (
        raw.prepare('SELECT device_id, provisioned_count FROM openpaygo_devices').all() as {
          device_id: string;
          provisioned_count: number;
        }[]
      ).map((r) => [r.device_id, r.provisioned_count]),
    );
    raw.close();
    expect(provisioned).toMatchObject({ 'with-tokens': 3, 'first-token-at-1': 0, 'no-token': 7 });
    expect(provisioned[generic.id]).toBe(generic.firstToken - 2);
  });
});

describe('0027: sign-in counters move out of users', () => {
  it("keeps each account's wrong passwords, lock and last sign-in, now in signin_counters", () => {
    const index = journal.entries.findIndex((e) => e.tag.startsWith('0027_'));
    let before: Record<string, unknown>[] = [];
    const file = databaseBefore(index, (raw) => {
      insertRowEverywhere(raw, 1);
      insertRowEverywhere(raw, 2);
      before = raw
        .prepare(
          'SELECT id AS user_id, failed_attempts, locked_until, last_login_at FROM users ORDER BY id',
        )
        .all() as Record<string, unknown>[];
    });
    const raw = applyMigration(file, index);
    const after = raw.prepare('SELECT * FROM signin_counters ORDER BY user_id').all();
    const userColumns = raw.prepare("SELECT name FROM pragma_table_info('users')").pluck().all();
    raw.close();
    expect(before).toHaveLength(2);
    expect(after).toEqual(before);
    expect(userColumns).not.toContain('failed_attempts');
  });
});
