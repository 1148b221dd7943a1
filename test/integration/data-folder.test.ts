// One data folder, one writer: a second program is refused naming the one that holds the folder,
// a crashed holder leaves no lock behind, the CLI works read-only beside a running app, and a
// write that meets a busy database waits its turn or answers BUSY, never INTERNAL.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/adapters/clock';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { memoryLogger } from '../../src/core/adapters/log';
import { openCore, type Core, type CoreOptions } from '../../src/core/app';
import { StartupError } from '../../src/core/db/client';
import { MIGRATIONS, openTestCore, SETUP, snapshot, tempDir } from '../helpers/core';

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

function open(dataDir: string, options: Partial<CoreOptions> = {}): Core {
  const core = openCore({
    dataDir,
    migrationsDir: MIGRATIONS,
    version: '0.0.0-test',
    clock: fixedClock('2026-11-22T08:00:00.000Z'),
    log: memoryLogger(),
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    ...options,
  });
  cleanups.push(() => core.close());
  return core;
}

/** A set-up office in a folder nobody holds afterwards; answers the admin's password. */
async function setUpFolder(): Promise<string> {
  const dir = freshDir();
  const t = openTestCore(dir);
  await t.ok('setup.initialise', SETUP);
  t.close();
  return dir;
}

describe('one program per data folder', () => {
  it('refuses a second program, naming the one that holds the folder and since when', () => {
    const dir = freshDir();
    open(dir, { program: 'griddesk serve' });
    let refusal: unknown;
    try {
      open(dir, { program: 'the GridDesk desktop app' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StartupError);
    expect((refusal as Error).message).toBe(
      `The data folder ${dir} is in use by griddesk serve (process ${process.pid}, since ` +
        '2026-11-22 08:00 UTC). Only one GridDesk program can work on it at a time: use that ' +
        'one, or close it and start again.',
    );
  });

  it('lets the next program in once the holder closed', () => {
    const dir = freshDir();
    const first = open(dir, { program: 'griddesk serve' });
    first.close();
    expect(() => open(dir, { program: 'the GridDesk desktop app' }).close()).not.toThrow();
  });

  it('leaves no lock behind when the holder is killed (SIGKILL)', async () => {
    const dir = freshDir();
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
    expect(() => open(dir)).toThrow(
      `in use by a GridDesk that will crash (process ${child.pid}, since 2026-11-22 07:45 UTC)`,
    );
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await gone;
    const next = open(dir, { program: 'griddesk serve' });
    expect(await next.dispatch('setup.status', {}, { door: 'cli' })).toMatchObject({ ok: true });
  });
});

describe('the CLI beside a running GridDesk', () => {
  it('answers queries and refuses changes, naming the running program', async () => {
    const dir = await setUpFolder();
    const app = open(dir, { program: 'the GridDesk desktop app' });
    const before = snapshot(app);
    const cli = open(dir, { program: 'griddesk call', whenHeld: 'read-only' });

    const users = await cli.dispatch('users.list', {}, { door: 'cli' });
    expect(users).toMatchObject({ ok: true });
    const verify = await cli.dispatch('audit.verify', {}, { door: 'cli' });
    expect(verify).toMatchObject({ ok: true, value: { ok: true } });

    const write = await cli.dispatch('sites.createCluster', { name: 'Niger' }, { door: 'cli' });
    expect(write).toEqual({
      ok: false,
      error: {
        code: 'BUSY',
        message:
          `The data folder is in use by the GridDesk desktop app (process ${process.pid}, since ` +
          '2026-11-22 08:00 UTC), so this command, which changes data, was refused (nothing was ' +
          'changed). Do it there, or close that program and try again. Commands that only read ' +
          'work while it runs.',
      },
    });
    // Signing in as a user counts failed attempts, a change too.
    const asUser = await cli.dispatch(
      'users.list',
      {},
      { door: 'cli', asUser: { username: 'ada', password: 'wrong' } },
    );
    expect(asUser).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(snapshot(app)).toBe(before);
  });
});

/**
 * Another connection to the database in a worker thread: it takes the write lock, writes a row,
 * tells us, keeps the lock `holdMs` and then commits. The main thread is blocked inside SQLite's
 * busy wait meanwhile, so the other writer has to live on another thread.
 */
function holdWriteLock(file: string, holdMs: number): Promise<{ done: Promise<void> }> {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require('better-sqlite3');
    const db = new Database(workerData.file);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO local_meta (key, value) VALUES ('other-writer', 'was here')").run();
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    db.exec('COMMIT');
    db.close();
    `,
    { eval: true, workerData: { file, holdMs } },
  );
  const done = new Promise<void>((resolveDone, fail) => {
    worker.once('error', fail);
    worker.once('exit', () => resolveDone());
  });
  return new Promise((locked, fail) => {
    worker.once('message', () => locked({ done }));
    worker.once('error', fail);
  });
}

describe('a busy database', () => {
  it('makes a write wait for the other writer, then succeed (BEGIN IMMEDIATE)', async () => {
    const dir = await setUpFolder();
    const core = open(dir);
    const other = await holdWriteLock(join(dir, DATABASE_FILE), 300);
    // Deferred, this write would read first, then find the other writer had committed since,
    // and fail at once however long the busy timeout.
    const result = await core.dispatch('sites.createCluster', { name: 'Niger' }, { door: 'cli' });
    await other.done;
    expect(result).toMatchObject({ ok: true });
    const meta = core.deps.raw
      .prepare("SELECT value FROM local_meta WHERE key = 'other-writer'")
      .pluck()
      .get();
    expect(meta).toBe('was here');
  });

  it('answers BUSY, not INTERNAL, when the other writer holds the lock past the timeout', async () => {
    const dir = await setUpFolder();
    const core = open(dir, { busyTimeoutMs: 50 });
    const before = snapshot(core);
    const other = await holdWriteLock(join(dir, DATABASE_FILE), 1500);
    const result = await core.dispatch('sites.createCluster', { name: 'Niger' }, { door: 'cli' });
    await other.done;
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'BUSY',
        message: 'GridDesk is busy, try again in a moment. Nothing was changed.',
      },
    });
    // The other writer's row arrived; ours did not.
    expect(JSON.parse(snapshot(core))).not.toEqual(JSON.parse(before));
    expect(
      core.deps.raw.prepare("SELECT count(*) FROM clusters WHERE name = 'Niger'").pluck().get(),
    ).toBe(0);
  });
});
