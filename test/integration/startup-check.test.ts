// Start-up checks every page of the database only when damage is plausible: after an unclean
// shutdown (a real SIGKILL of a GridDesk holding the folder), and on demand. A clean start reads
// only what it needs, so it stays quick whatever the size (docs/performance.md).
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { RUNNING_MARK } from '../../src/core/adapters/shutdown-mark';
import { openTestCore, SETUP, tempDir } from '../helpers/core';

const HOLD = resolve(__dirname, '../helpers/hold-folder.ts');
const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

function freshDir(): string {
  const dir = tempDir();
  cleanups.push(() => dir.remove());
  return dir.path;
}

/** A GridDesk opens the folder and is killed with SIGKILL before it can close the database. */
async function crashHolder(dir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLD, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let errors = '';
  child.stderr.on('data', (c: Buffer) => (errors += c.toString('utf8')));
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (c: Buffer) => c.toString('utf8').includes('ready') && ready());
    child.on('exit', (code) => fail(new Error(`holder exited (${code}): ${errors}`)));
  });
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await gone;
}

/**
 * Scribble over one page of an index that start-up never reads (a bad sector): only a check of
 * every page finds it.
 */
function damageAnIndexPage(file: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = db
    .prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payments'")
    .pluck()
    .get() as number;
  db.close();
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

async function adminToken(t: ReturnType<typeof openTestCore>): Promise<string> {
  const session = await t.ok('auth.login', {
    username: SETUP.admin.username,
    password: SETUP.admin.password,
  });
  return session.token;
}

describe('the full check of the database at start-up', () => {
  it('runs after an unclean shutdown, not after a clean one, and on demand', async () => {
    const dir = freshDir();
    const file = join(dir, DATABASE_FILE);
    const first = openTestCore(dir);
    await first.ok('setup.initialise', SETUP);
    // The folder's writer leaves its mark while the database is open, and removes it on close.
    expect(existsSync(join(dir, RUNNING_MARK))).toBe(true);
    first.core.deps.raw.pragma('wal_checkpoint(TRUNCATE)');
    first.close();
    expect(existsSync(join(dir, RUNNING_MARK))).toBe(false);
    damageAnIndexPage(file);

    // After a clean shutdown start-up does not read every page: the damaged index goes unseen...
    const clean = openTestCore(dir);
    expect(await clean.call('setup.status', {})).toMatchObject({ ok: true });
    expect(clean.log.lines.some((l) => l.message.includes('did not shut down cleanly'))).toBe(
      false,
    );
    // ...until a manager asks for the full check.
    const token = await adminToken(clean);
    const check = await clean.ok('system.checkDatabase', {}, { token });
    expect(check.ok).toBe(false);
    expect(check.result).not.toBe('ok');
    clean.close();

    // A GridDesk killed while it held the folder: the next start checks every page and refuses.
    await crashHolder(dir);
    expect(existsSync(join(dir, RUNNING_MARK))).toBe(true);
    const before = readFileSync(file);
    expect(() => openTestCore(dir)).toThrow(/failed its integrity check/);
    expect(readFileSync(file).equals(before)).toBe(true);
    // The mark stays until a start succeeds and closes cleanly: the check is not skipped next time.
    expect(existsSync(join(dir, RUNNING_MARK))).toBe(true);
    expect(() => openTestCore(dir)).toThrow(/failed its integrity check/);
  });

  it('passes an intact database after a crash and is quick again after the next clean close', async () => {
    const dir = freshDir();
    const first = openTestCore(dir);
    await first.ok('setup.initialise', SETUP);
    first.close();
    await crashHolder(dir);
    const afterCrash = openTestCore(dir);
    expect(afterCrash.log.lines.some((l) => l.message.includes('did not shut down cleanly'))).toBe(
      true,
    );
    const token = await adminToken(afterCrash);
    expect(await afterCrash.ok('system.checkDatabase', {}, { token })).toEqual({
      ok: true,
      result: 'ok',
    });
    afterCrash.close();
    const next = openTestCore(dir);
    expect(next.log.lines.some((l) => l.message.includes('did not shut down cleanly'))).toBe(false);
    next.close();
  });

  it('is for managers and administrators only', async () => {
    const t = openTestCore(freshDir());
    cleanups.push(() => t.close());
    await t.ok('setup.initialise', SETUP);
    await t.ok(
      'users.create',
      {
        username: 'bola',
        displayName: 'Bola Cashier',
        role: 'cashier',
        password: 'cashier pass 1',
        passwordConfirm: 'cashier pass 1',
      },
      { token: await adminToken(t) },
    );
    const cashier = await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' });
    expect(await t.call('system.checkDatabase', {}, { token: cashier.token })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
