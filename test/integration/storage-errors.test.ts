// A full disk and a read-only database are answered with a clear STORAGE error that says what to
// do, never INTERNAL; the command is rolled back whole. Both failures are real SQLite ones: a
// database capped with max_page_count fills up exactly like a full disk (SQLITE_FULL), and
// query_only refuses writes like a read-only file (SQLITE_READONLY) - chmod would not stop the
// root user the tests run as.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { storageError } from '../../src/core/storage-errors';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t.close());

describe('storage failures', () => {
  it('a full disk is a STORAGE error, nothing is kept, and the next write works once there is room', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    const raw = t.core.deps.raw;
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const pages = raw.pragma('page_count', { simple: true }) as number;
    raw.pragma(`max_page_count = ${pages}`);
    const notes = 'x'.repeat(2000);
    let result: Awaited<ReturnType<typeof t.call<'sites.createCluster'>>> | undefined;
    let before = '';
    // Free space inside existing pages absorbs a few small writes; keep going until it is used up.
    for (let i = 0; i < 200; i++) {
      before = snapshot(t.core);
      result = await t.call(
        'sites.createCluster',
        { name: `Cluster ${i}`, notes },
        { token: admin },
      );
      if (!result.ok) break;
    }
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'STORAGE', details: { storage: 'full' } },
    });
    if (result?.ok === false) {
      expect(result.error.message).toMatch(/disk .* is full.*Nothing was saved/);
    }
    // Rolled back whole: neither the cluster nor its audit entry.
    expect(snapshot(t.core)).toBe(before);
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);

    raw.pragma('max_page_count = 1073741823');
    await t.ok('sites.createCluster', { name: 'After the cleanup', notes }, { token: admin });
    expect((await t.ok('audit.verify', {}, { token: admin })).ok).toBe(true);
  });

  it('a read-only database is a STORAGE error saying so, and reads still work', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    t.core.deps.raw.pragma('query_only = ON');
    const before = snapshot(t.core);
    const result = await t.call('sites.createCluster', { name: 'North' }, { token: admin });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'STORAGE', details: { storage: 'read-only' } },
    });
    if (!result.ok) expect(result.error.message).toMatch(/cannot write to its data folder/);
    expect(snapshot(t.core)).toBe(before);
    expect((await t.ok('sites.tree', {}, { token: admin })).clusters).toEqual([]);
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('recognises the errors SQLite itself raises for a read-only file and one it cannot open', async () => {
    t = openTestCore();
    await setUpOffice(t);
    const thrown = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      throw new Error('expected a failure');
    };
    const readOnly = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const error = thrown(() => readOnly.prepare("DELETE FROM local_meta WHERE key = 'x'").run());
      expect(storageError(error)?.details).toEqual({ storage: 'read-only' });
    } finally {
      readOnly.close();
    }
    // A database that cannot be opened (here: gone, opened read-only so it is not created).
    const missing = thrown(() => new Database(join(t.dataDir, 'gone.sqlite'), { readonly: true }));
    expect(storageError(missing)?.details).toEqual({ storage: 'read-only' });
  });

  it('tells the disk and folder failures apart from bugs by their codes', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    expect(storageError(withCode('ENOSPC'))?.details).toEqual({ storage: 'full' });
    expect(storageError(withCode('SQLITE_READONLY_DBMOVED'))?.details).toEqual({
      storage: 'read-only',
    });
    expect(storageError(withCode('SQLITE_CANTOPEN'))?.details).toEqual({ storage: 'read-only' });
    expect(storageError(withCode('EACCES'))?.details).toEqual({ storage: 'read-only' });
    expect(storageError(withCode('SQLITE_IOERR_WRITE'))?.details).toEqual({ storage: 'io' });
    // Not storage: bugs and a busy database (answered elsewhere) stay as they are.
    expect(storageError(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageError(withCode('SQLITE_BUSY'))).toBeNull();
    expect(storageError(new TypeError('x is undefined'))).toBeNull();
    expect(storageError(null)).toBeNull();
  });
});
