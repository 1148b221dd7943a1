// SQLite's checks of a whole database file on a worker thread (core/backup/db-check.ts): a good
// file is "ok", a damaged one is described (never thrown), and the main thread keeps turning
// while the check runs, so other commands are served meanwhile.
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabaseFile, unpackedModulePath } from '../../src/core/backup/db-check';
import { tempDir } from '../helpers/core';

const work = tempDir('griddesk-db-check-');
afterAll(() => work.remove());

function database(name: string): string {
  const file = join(work.path, name);
  const db = new Database(file);
  db.exec(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t (v) SELECT 'value ' || i FROM n;",
  );
  db.close();
  return file;
}

/** Overwrite `bytes` at `offset`: a disk or a copy that changed part of the file. */
function damage(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

describe('checking a database file off the main thread', () => {
  it('finds a good file ok, with both checks', async () => {
    const file = database('good.sqlite');
    expect(await checkDatabaseFile(file, 'integrity_check')).toBe('ok');
    expect(await checkDatabaseFile(file, 'quick_check')).toBe('ok');
  });

  it('describes a damaged file instead of failing', async () => {
    const file = database('bad.sqlite');
    // Garbage over the third page (a page of the table or its index).
    damage(file, 2 * 4096, Buffer.alloc(4096, 0x5a));
    const check = await checkDatabaseFile(file, 'integrity_check');
    expect(check).not.toBe('ok');
    expect(check.length).toBeGreaterThan(0);
    const header = database('bad-header.sqlite');
    damage(header, 0, Buffer.from('not a database at all'));
    expect(await checkDatabaseFile(header, 'quick_check')).toMatch(/not a database/);
  });

  it('lets the main thread run other work while it checks', async () => {
    const file = database('busy.sqlite');
    let turns = 0;
    let done = false;
    const spin = () => {
      turns += 1;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const checking = checkDatabaseFile(file, 'integrity_check').then((r) => {
      done = true;
      return { result: r, turnsMeanwhile: turns };
    });
    const { result, turnsMeanwhile } = await checking;
    expect(result).toBe('ok');
    expect(turnsMeanwhile).toBeGreaterThan(0);
  });
});

describe('the worker in the installed app', () => {
  const installed =
    'C:\\Program Files\\GridDesk\\resources\\app.asar\\node_modules\\better-sqlite3\\lib\\index.js';
  it('loads better-sqlite3 from app.asar.unpacked, where it lies as plain files', () => {
    const seen: string[] = [];
    const exists = (path: string) => (seen.push(path), true);
    expect(unpackedModulePath(installed, exists)).toBe(
      'C:\\Program Files\\GridDesk\\resources\\app.asar.unpacked\\node_modules\\better-sqlite3\\lib\\index.js',
    );
    expect(
      unpackedModulePath(
        '/opt/GridDesk/resources/app.asar/node_modules/better-sqlite3/lib/index.js',
        exists,
      ),
    ).toBe('/opt/GridDesk/resources/app.asar.unpacked/node_modules/better-sqlite3/lib/index.js');
    expect(seen).toHaveLength(2);
  });

  it('keeps the path when nothing is unpacked, or outside an archive (sources, tests)', () => {
    expect(unpackedModulePath(installed, () => false)).toBe(installed);
    const dev = '/work/griddesk/node_modules/better-sqlite3/lib/index.js';
    expect(unpackedModulePath(dev, () => true)).toBe(dev);
    expect(unpackedModulePath('/x/my.app.asar.d/node_modules/b.js', () => true)).toBe(
      '/x/my.app.asar.d/node_modules/b.js',
    );
  });
});
