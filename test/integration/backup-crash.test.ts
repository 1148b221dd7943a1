// SIGKILL during a backup and during a restore. After a killed backup the live database opens and
// every backup file under its final name verifies (half-written ones only ever exist as
// .partial). After a restore killed at any of its steps the data folder holds either the old
// database or the restored one, each whole and with its own key (a token can be issued), and the
// app starts.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openBackup, verifyBackupFile } from '../../src/core/backup/archive';
import { openTestCore, tempDir } from '../helpers/core';
import { officeWithSales, PASSPHRASE, pay } from '../helpers/backup';

const CHILD = resolve(__dirname, '../helpers/backup-crash-child.ts');
const work = tempDir('griddesk-backup-crash-');
const pristine = join(work.path, 'pristine');
let file = '';
let deviceId = '';

beforeAll(async () => {
  const t = openTestCore(pristine);
  const o = await officeWithSales(t);
  deviceId = o.device.id;
  await t.ok(
    'backups.setPassphrase',
    { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
    { token: o.admin },
  );
  const run = await t.ok('backups.run', { folder: work.path }, { token: o.admin });
  file = run.results[0]?.file ?? '';
  // Two sales after the backup: the old database has 5 payments, the backup 3.
  await pay(t, deviceId, o.cashierToken);
  await pay(t, deviceId, o.cashierToken);
  t.close();
});
afterAll(() => work.remove());

/** Run the child until it prints `until`, then (after `extraMs`) kill it without warning. */
function runAndKill(args: string[], until: string, extraMs = 0): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.split('\n').includes(until)) setTimeout(() => child.kill('SIGKILL'), extraMs);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(out);
      else fail(new Error(`child exited by itself (${code}): ${out}\n${err}`));
    });
  });
}

async function stateAfterCrash(dataDir: string) {
  const t = openTestCore(dataDir);
  try {
    const n = t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get() as number;
    // The key and the database belong together: the device key opens and a token is issued.
    const sale = await t.call(
      'payments.record',
      { submissionKey: randomUUID(), deviceId, amountMinor: 500, method: 'cash' },
      { door: 'cli' },
    );
    if (!sale.ok) throw new Error(`no sale after the crash: ${JSON.stringify(sale.error)}`);
    return { payments: n, canSell: sale.ok };
  } finally {
    t.close();
  }
}

describe('SIGKILL during a restore', { timeout: 120_000 }, () => {
  const cases: [string, number][] = [
    ['at:staged', 3 + 2],
    ['at:undo-point', 5],
    ['at:marker-written', 3],
    ['at:database-swapped', 3],
    ['at:swapped', 3],
  ];
  for (const [point, expected] of cases) {
    it(`killed ${point.slice(3)}: ${expected === 5 ? 'the old' : 'the restored'} database, whole`, async () => {
      const dir = join(work.path, `restore-${point.slice(3)}`);
      cpSync(pristine, dir, { recursive: true });
      await runAndKill(['restore', dir, file, point.slice(3)], point);
      expect(await stateAfterCrash(dir)).toEqual({ payments: expected, canSell: true });
    });
  }

  for (const point of ['marker-written', 'database-swapped']) {
    it(`into an empty data folder, killed ${point}: the restored database with its key`, async () => {
      // A new PC has no key of its own yet: a database without the backup's key would open
      // with a new, useless one.
      const dir = join(work.path, `empty-${point}`);
      await runAndKill(['restore', dir, file, point], `at:${point}`);
      expect(await stateAfterCrash(dir)).toEqual({ payments: 3, canSell: true });
    });
  }

  it('killed at random moments: always one whole database with its key', async () => {
    for (const ms of [0, 30, 90, 200]) {
      const dir = join(work.path, `restore-random-${ms}`);
      cpSync(pristine, dir, { recursive: true });
      await runAndKill(['restore', dir, file, 'never'], 'at:staged', ms);
      const state = await stateAfterCrash(dir);
      expect([3, 5]).toContain(state.payments);
      expect(state.canSell).toBe(true);
    }
  });
});

describe('a backup while the counter records payments', { timeout: 120_000 }, () => {
  // One program writes to a data folder (docs/architecture.md, one writer), so the cashier's
  // payments and the backup share the core: payments are taken in between the backup's steps
  // (the snapshot and the encryption yield), and every snapshot must still be one moment.
  it('is one consistent moment: each payment with its tokens and allocations', async () => {
    const dir = join(work.path, 'busy');
    cpSync(pristine, dir, { recursive: true });
    const t = openTestCore(dir);
    let selling = true;
    const sales = (async () => {
      let sold = 0;
      while (selling) {
        const sale = await t.ok(
          'payments.record',
          { submissionKey: randomUUID(), deviceId, amountMinor: 500, method: 'cash' },
          { door: 'cli' },
        );
        // The customer types each token, so the device never reaches the outstanding-token limit.
        const tokenIds = sale.tokens.map((token) => token.id);
        if (tokenIds.length > 0) await t.ok('tokens.confirmEntered', { tokenIds }, { door: 'cli' });
        sold++;
        await new Promise((next) => setImmediate(next));
      }
      return sold;
    })();
    try {
      {
        const taken: number[] = [];
        for (let i = 0; i < 3; i++) {
          const run = await t.ok('backups.run', { folder: work.path }, { door: 'cli' });
          t.clock.advance(60_000);
          const opened = await openBackup(run.results[0]?.file ?? '', PASSPHRASE, dir);
          const db = new Database(opened.databaseFile, { readonly: true });
          try {
            taken.push(db.prepare('SELECT count(*) FROM payments').pluck().get() as number);
            const withoutToken = db
              .prepare(
                'SELECT count(*) FROM payments p WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.payment_id = p.id)',
              )
              .pluck()
              .get();
            expect(withoutToken).toBe(0);
            const orphanTokens = db
              .prepare(
                'SELECT count(*) FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = t.payment_id)',
              )
              .pluck()
              .get();
            expect(orphanTokens).toBe(0);
            const unbalanced = db
              .prepare(
                `SELECT p.id FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id
                  GROUP BY p.id HAVING coalesce(sum(a.amount_minor), 0) <> p.amount_minor`,
              )
              .all();
            expect(unbalanced).toEqual([]);
            const count = db
              .prepare('SELECT count FROM openpaygo_devices WHERE device_id = ?')
              .pluck()
              .get(deviceId);
            expect(count).toBe(db.prepare('SELECT max(count) FROM tokens').pluck().get());
          } finally {
            db.close();
            rmSync(opened.workDir, { recursive: true, force: true });
          }
        }
        // The cashier really was busy: each backup caught more payments than the one before.
        expect(taken[2]).toBeGreaterThan(taken[0] ?? 0);
      }
    } finally {
      selling = false;
      expect(await sales).toBeGreaterThan(0);
      t.close();
    }
  });
});

describe('SIGKILL during a backup', { timeout: 120_000 }, () => {
  it('leaves the live database intact and no backup file that does not verify', async () => {
    const dir = join(work.path, 'backup-kill');
    const folder = join(work.path, 'backup-kill-out');
    cpSync(pristine, dir, { recursive: true });
    mkdirSync(folder);
    for (const ms of [5, 60, 150, 400]) {
      await runAndKill(['backup', dir, folder], 'ready', ms);
      expect(await stateAfterCrash(dir)).toMatchObject({ canSell: true });
    }
    const files = readdirSync(folder).filter((f) => f.endsWith('.gdbackup'));
    for (const f of files) await verifyBackupFile(join(folder, f), PASSPHRASE, dir);
  });
});
