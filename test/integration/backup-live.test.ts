// The backup reads the live database file itself, with no snapshot copy, when its WAL is empty
// (docs/backups.md, "How the database is read"): a read transaction begun on an empty WAL keeps
// the file exactly as it was, whatever other processes commit meanwhile. These tests sell from
// another process during the backup and check that the file holds one consistent moment, and that
// a database whose WAL cannot be emptied is backed up through SQLite's online backup API instead.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOpenedBackup,
  openBackup,
  writeBackup,
  type WriteStreamFactory,
} from '../../src/core/backup/archive';
import { openTestCore, tempDir } from '../helpers/core';
import { officeWithSales, PASSPHRASE, TEST_SCRYPT_LOG_N } from '../helpers/backup';

/** This process's open descriptors of `file` (Linux: /proc/self/fd). */
function descriptorsOf(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

const CHILD = resolve(__dirname, '../helpers/cashier-child.ts');
const work = tempDir('griddesk-backup-live-');
const dir = join(work.path, 'office');
const database = join(dir, 'griddesk.sqlite');
let deviceId = '';

beforeAll(async () => {
  const t = openTestCore(dir);
  deviceId = (await officeWithSales(t)).device.id;
  t.close();
});
afterAll(() => work.remove());

/** The cashier process: `sell(n)` resolves once its n payments are committed. */
function startCashier(): Promise<{ sell(n: number): Promise<void>; quit(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, deviceId], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiting: { line: string; done: () => void }[] = [];
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) {
      const i = waiting.findIndex((w) => w.line === line);
      if (i >= 0) waiting.splice(i, 1)[0]?.done();
    }
  });
  const expectLine = (line: string) =>
    new Promise<void>((done, fail) => {
      waiting.push({ line, done });
      child.once('exit', (code) => fail(new Error(`the cashier stopped (${code}): ${err}`)));
    });
  const ready = expectLine('ready');
  return ready.then(() => ({
    sell: (n: number) => {
      const sold = expectLine(`sold ${n}`);
      child.stdin?.write(`sell ${n}\n`);
      return sold;
    },
    quit: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.stdin?.write('quit\n');
      }),
  }));
}

/** The ledger of a database: what a consistent moment must satisfy, and its totals. */
function ledger(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql: string, ...args: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...args);
    return {
      payments: one('SELECT count(*) FROM payments'),
      paid: one('SELECT coalesce(sum(amount_minor), 0) FROM payments'),
      allocated: one('SELECT coalesce(sum(amount_minor), 0) FROM payment_allocations'),
      tokens: one('SELECT count(*) FROM tokens'),
      paymentsWithoutToken: one(
        'SELECT count(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.payment_id = p.id)',
      ),
      tokensWithoutPayment: one(
        'SELECT count(*) FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = t.payment_id)',
      ),
      unbalanced: one(
        `SELECT count(*) FROM (SELECT p.id FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id
          GROUP BY p.id HAVING coalesce(sum(a.amount_minor), 0) <> p.amount_minor)`,
      ),
      deviceCountIsLastToken:
        one('SELECT count FROM openpaygo_devices WHERE device_id = ?', deviceId) ===
        one('SELECT max(count) FROM tokens WHERE device_id = ?', deviceId),
    };
  } finally {
    db.close();
  }
}

const consistent = {
  paymentsWithoutToken: 0,
  tokensWithoutPayment: 0,
  unbalanced: 0,
  deviceCountIsLastToken: true,
};

/** Opens the backup, runs the full check (integrity_check, counts equal the manifest), reads its ledger. */
async function ledgerOfBackup(file: string) {
  const opened = await openBackup(file, PASSPHRASE, dir);
  try {
    await checkOpenedBackup(file, opened);
    return ledger(opened.databaseFile);
  } finally {
    rmSync(opened.workDir, { recursive: true, force: true });
  }
}

function backup(source: Database.Database, folder: string, openWrite?: WriteStreamFactory) {
  mkdirSync(folder, { recursive: true });
  return writeBackup({
    source,
    dataDir: dir,
    folder,
    passphrase: PASSPHRASE,
    createdAt: '2026-11-22T08:00:00.000Z',
    appVersion: '0.0.0-test',
    scryptLogN: TEST_SCRYPT_LOG_N,
    ...(openWrite ? { openWrite } : {}),
  });
}

describe('a backup read from the live file', { timeout: 120_000 }, () => {
  it('is the moment it began while another process sells and tries to checkpoint meanwhile', async () => {
    const cashier = await startCashier();
    const source = new Database(database);
    const observer = new Database(database);
    try {
      await cashier.sell(3);
      const before = ledger(database);
      expect(before).toMatchObject(consistent);
      // The file is not written until the cashier has sold 20 more (committed in the other
      // process) and a checkpoint has tried to copy them into the database file.
      let during: { busy: number; log: number; checkpointed: number } | undefined;
      const afterSales: WriteStreamFactory = (path) => {
        const out = createWriteStream(path, { flags: 'wx' });
        let first = true;
        return new Writable({
          write(chunk: Buffer, _encoding, done) {
            if (!first) return void out.write(chunk, done);
            first = false;
            cashier.sell(20).then(() => {
              during = (observer.pragma('wal_checkpoint(PASSIVE)') as (typeof during)[])[0];
              out.write(chunk, done);
            }, done);
          },
          final(done) {
            out.end(done);
          },
        });
      };
      const written = await backup(source, join(work.path, 'live'), afterSales);
      try {
        await written.readBack(written.file);
      } finally {
        written.dispose();
      }
      expect(written.method).toBe('live');
      // The sales landed in the WAL; the checkpoint could copy none of them into the file.
      expect(during?.log).toBeGreaterThan(0);
      expect(during?.checkpointed).toBe(0);
      expect(ledger(database)).toMatchObject({
        ...consistent,
        payments: Number(before.payments) + 20,
      });
      // The backup holds the moment it began, whole: the same ledger as before the 20 sales.
      expect(written.manifest.counts.payments).toBe(before.payments);
      expect(await ledgerOfBackup(written.file)).toEqual(before);
      // The read transactions end with the read-back: checkpoints copy everything again.
      expect(observer.pragma('wal_checkpoint(TRUNCATE)')).toEqual([
        { busy: 0, log: 0, checkpointed: 0 },
      ]);
      expect(statSync(`${database}-wal`).size).toBe(0);
    } finally {
      source.close();
      observer.close();
      await cashier.quit();
    }
  });

  it('is taken with the online backup API when the WAL cannot be emptied (a reader holds it)', async () => {
    const cashier = await startCashier();
    const source = new Database(database);
    const reader = new Database(database, { readonly: true });
    try {
      await cashier.sell(2);
      // A reader in the middle of the WAL: it cannot be truncated until the reader is done.
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM payments').get();
      await cashier.sell(2);
      expect(statSync(`${database}-wal`).size).toBeGreaterThan(0);
      const now = ledger(database);
      const written = await backup(source, join(work.path, 'fallback'));
      try {
        await written.readBack(written.file);
      } finally {
        written.dispose();
      }
      expect(written.method).toBe('snapshot');
      expect(written.manifest.counts.payments).toBe(now.payments);
      expect(await ledgerOfBackup(written.file)).toEqual({ ...now, ...consistent });
    } finally {
      reader.close();
      source.close();
      await cashier.quit();
    }
  });

  it('keeps its descriptor of the live file until the core closes the database, then lets it go', async () => {
    const copy = join(work.path, 'descriptor');
    cpSync(dir, copy, { recursive: true });
    const t = openTestCore(copy);
    const file = join(copy, 'griddesk.sqlite');
    const written = await backup(t.core.deps.raw, join(work.path, 'descriptor-out'));
    await written.readBack(written.file);
    written.dispose();
    expect(written.method).toBe('live');
    // SQLite's own descriptors and the backup's (SQLite keeps a closed connection's descriptor
    // while another one of this process holds locks on the file, so only the end is counted).
    expect(descriptorsOf(file)).toBeGreaterThan(0);
    t.close();
    expect(descriptorsOf(file)).toBe(0);
  });

  it('keeps its descriptor of the live file when the write fails (a read-only USB stick)', async () => {
    const copy = join(work.path, 'failed-write');
    cpSync(dir, copy, { recursive: true });
    const t = openTestCore(copy);
    const file = join(copy, 'griddesk.sqlite');
    const readOnly: WriteStreamFactory = () =>
      new Writable({
        write(_chunk: Buffer, _enc, done) {
          done(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }));
        },
      });
    await expect(backup(t.core.deps.raw, join(work.path, 'failed-out'), readOnly)).rejects.toThrow(
      /read-only/,
    );
    // The failed write destroyed the stream reading the file; the descriptor was not its to
    // close, so the next backup still reads the live file through it.
    const written = await backup(t.core.deps.raw, join(work.path, 'after-failed-out'));
    await written.readBack(written.file);
    written.dispose();
    expect(written.method).toBe('live');
    expect(() => t.close()).not.toThrow();
    expect(descriptorsOf(file)).toBe(0);
  });
});
