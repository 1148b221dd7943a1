import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { knownSchemaVersion, openDatabase, StartupError } from '../../src/core/db/client';
import { MIGRATIONS, openTestCore, SETUP, tempDir } from '../helpers/core';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function freshDir() {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
}

describe('opening the database', () => {
  it('applies migrations, sets the pragmas and records the schema version', () => {
    const file = join(freshDir(), DATABASE_FILE);
    const { raw, schemaVersion } = openDatabase(file, MIGRATIONS);
    expect(schemaVersion).toBe(knownSchemaVersion(MIGRATIONS));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('user_version', { simple: true })).toBe(schemaVersion);
    raw.close();
  });

  it('refuses a database written by a newer GridDesk and leaves it unchanged', async () => {
    const dir = freshDir();
    const t = openTestCore(dir);
    await t.ok('setup.initialise', SETUP);
    t.close();
    const file = join(dir, DATABASE_FILE);
    const future = new Database(file);
    future.pragma('user_version = 999');
    future.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file, MIGRATIONS)).toThrow(StartupError);
    expect(() => openDatabase(file, MIGRATIONS)).toThrow(/newer version of GridDesk \(schema 999/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a newer database that still has changes in its WAL without merging them', async () => {
    const dir = freshDir();
    const t = openTestCore(dir);
    await t.ok('setup.initialise', SETUP);
    t.close();
    // A newer GridDesk that stopped (power cut) with its last changes still in the WAL: copy the
    // database and its WAL while that writer is still open, so nothing was checkpointed.
    const newer = new Database(join(dir, DATABASE_FILE));
    newer.pragma('wal_autocheckpoint = 0');
    newer.pragma('user_version = 999');
    newer.prepare("UPDATE offices SET name = 'Written by a newer GridDesk'").run();
    const copy = freshDir();
    const file = join(copy, DATABASE_FILE);
    copyFileSync(join(dir, DATABASE_FILE), file);
    copyFileSync(join(dir, `${DATABASE_FILE}-wal`), `${file}-wal`);
    newer.close();
    const before = readFileSync(file);
    const walBefore = readFileSync(`${file}-wal`);
    expect(walBefore.length).toBeGreaterThan(0);
    expect(() => openDatabase(file, MIGRATIONS)).toThrow(/newer version of GridDesk \(schema 999/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readFileSync(`${file}-wal`).equals(walBefore)).toBe(true);
  });

  it('refuses a file that is not a SQLite database and does not overwrite it', () => {
    const file = join(freshDir(), DATABASE_FILE);
    writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(200));
    const before = readFileSync(file);
    expect(() => openDatabase(file, MIGRATIONS)).toThrow(/damaged or is not a GridDesk database/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database whose pages are damaged', async () => {
    const dir = freshDir();
    const t = openTestCore(dir);
    await t.ok('setup.initialise', { ...SETUP, loadDemo: true });
    t.core.deps.raw.pragma('wal_checkpoint(TRUNCATE)');
    t.close();
    const file = join(dir, DATABASE_FILE);
    const bytes = readFileSync(file);
    // Keep the header, scribble over the pages in the middle (a bad sector, a half-copied file).
    for (let i = 8192; i < Math.min(bytes.length, 8192 * 6); i++) bytes[i] = (i * 7) & 0xff;
    writeFileSync(file, bytes);
    const damaged = readFileSync(file);
    expect(() => openDatabase(file, MIGRATIONS)).toThrow(/damaged|integrity check/);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });
});

describe('hybrid logical clock across restarts', () => {
  it('keeps stamps increasing even when the computer clock was set back', async () => {
    const dir = freshDir();
    const t = openTestCore(dir);
    const { session } = await t.ok('setup.initialise', SETUP);
    await t.ok('settings.update', { office: { name: 'Before restart' } }, { token: session.token });
    const stampOf = () =>
      t.core.deps.raw.prepare('SELECT updated_hlc FROM offices').pluck().get() as string;
    const before = stampOf();
    t.clock.advance(-3 * 60 * 60 * 1000);
    t.reopen();
    const login = await t.ok('auth.login', { username: 'ada', password: SETUP.admin.password });
    await t.ok('settings.update', { office: { name: 'After restart' } }, { token: login.token });
    expect(stampOf() > before).toBe(true);
    expect(stampOf()).toMatch(/-LAG$/);
    t.close();
  });
});
