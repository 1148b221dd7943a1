// Backups through the dispatcher on a real database: the passphrase (strength, roles, never in
// clear), backing up to the data folder and a second folder, the history and retention, verifying
// any file, and every kind of bad file or folder refused with a reason and nothing changed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Encrypter } from 'age-encryption';
import * as tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/events';
import { openBackup, writeBackup, type OpenedBackup } from '../../src/core/backup/archive';
import { scryptRecipient } from '../../src/core/backup/age-scrypt';
import { defaultBackupFolder, performBackup } from '../../src/core/backup/service';
import { backupOnQuit, newScheduleState, runScheduledBackup } from '../../src/core/backup/schedule';
import Database from 'better-sqlite3';
import { openTestCore, snapshot, tempDir, type TestCore } from '../helpers/core';
import { officeWithSales, PASSPHRASE } from '../helpers/backup';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder(): string {
  const dir = tempDir('griddesk-backup-target-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

async function office() {
  const t = openTestCore();
  cleanups.push(() => t.close());
  const o = await officeWithSales(t);
  const manager = await t.ok(
    'users.create',
    {
      username: 'mona',
      displayName: 'Mona Manager',
      role: 'manager',
      password: 'manager pass 1',
      passwordConfirm: 'manager pass 1',
    },
    { token: o.admin },
  );
  const managerToken = (
    await t.ok('auth.login', { username: manager.username, password: 'manager pass 1' })
  ).token;
  return { t, ...o, managerToken };
}

async function withPassphrase() {
  const o = await office();
  await o.t.ok(
    'backups.setPassphrase',
    { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
    { token: o.admin },
  );
  return o;
}

/** One backup into `target`, its file written through `openWrite` (a full or failing disk). */
function backupWith(t: TestCore, target: string, openWrite: (path: string) => Writable) {
  return performBackup(t.core.deps, {
    passphrase: PASSPHRASE,
    folders: [target],
    reason: 'manual',
    actor: 'test',
    scryptLogN: 10,
    openWrite,
  });
}

/** Re-pack an opened backup with changes, encrypted with the same passphrase. */
async function repack(
  opened: OpenedBackup,
  change: { manifest?: unknown; skipDatabase?: boolean },
): Promise<Uint8Array> {
  const pack = tar.pack();
  pack.entry({ name: 'manifest.json' }, JSON.stringify(change.manifest ?? opened.manifest));
  if (!change.skipDatabase)
    pack.entry({ name: 'griddesk.sqlite' }, readFileSync(opened.databaseFile));
  pack.entry({ name: 'secret.key' }, opened.key);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const e = new Encrypter();
  e.addRecipient(scryptRecipient(PASSPHRASE, 10));
  return e.encrypt(new Uint8Array(Buffer.concat(chunks)));
}

describe('backup passphrase', () => {
  it('refuses a weak or mismatched passphrase, and anyone but an admin', async () => {
    const { t, admin, managerToken } = await office();
    const weak = await t.call(
      'backups.setPassphrase',
      { passphrase: 'sunshine1', passphraseConfirm: 'sunshine1' },
      { token: admin },
    );
    expect(weak).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(weak.ok || weak.error.message).toMatch(/^Passphrase Use at least 12 characters/);
    const runs = await t.call(
      'backups.setPassphrase',
      { passphrase: 'aaaaaaaaaaaaaaaa1234', passphraseConfirm: 'aaaaaaaaaaaaaaaa1234' },
      { token: admin },
    );
    expect(runs.ok || runs.error.message).toMatch(/Too easy to guess/);
    const mismatch = await t.call(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: `${PASSPHRASE}x` },
      { token: admin },
    );
    expect(mismatch.ok || mismatch.error.details?.issues).toEqual([
      { field: 'passphraseConfirm', message: 'does not match the passphrase' },
    ]);
    const byManager = await t.call(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
      { token: managerToken },
    );
    expect(byManager).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.ok('backups.status', {}, { token: admin })).passphraseSet).toBe(false);
  });

  it('is stored sealed, never in clear, and the audit says only that it was set', async () => {
    const { t } = await withPassphrase();
    t.core.deps.raw.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(t.dataDir, 'griddesk.sqlite'));
    expect(file.includes(Buffer.from(PASSPHRASE))).toBe(false);
    const audit = t.core.deps.raw
      .prepare("SELECT summary FROM audit_log WHERE command = 'backups.setPassphrase'")
      .pluck()
      .all();
    expect(audit).toEqual(['Backup passphrase set']);
  });
});

describe('backing up', () => {
  it('refuses plainly without a passphrase and writes nothing', async () => {
    const { t, managerToken } = await office();
    const before = snapshot(t.core);
    const r = await t.call('backups.run', {}, { token: managerToken });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(r.ok || r.error.message).toMatch(/^No backup passphrase is set/);
    expect(snapshot(t.core)).toBe(before);
    expect(existsSync(defaultBackupFolder(t.dataDir))).toBe(false);
  });

  it('writes one verified file into the data folder and the second folder, logged and audited', async () => {
    const { t, admin, managerToken, cashierToken } = await withPassphrase();
    const usb = folder();
    await t.ok('backups.updateSettings', { secondFolder: usb }, { token: managerToken });
    const run = await t.ok('backups.run', {}, { token: managerToken });
    expect(run.ok).toBe(true);
    expect(run.results.map((r) => [r.folder, r.ok, r.fileName])).toEqual([
      [defaultBackupFolder(t.dataDir), true, 'LAG-20261122T080000Z.gdbackup'],
      [usb, true, 'LAG-20261122T080000Z.gdbackup'],
    ]);
    expect(readdirSync(usb)).toEqual(['LAG-20261122T080000Z.gdbackup']);
    // No scratch copy of the clear database is left behind.
    expect(readdirSync(join(t.dataDir, 'backups', '.work'))).toEqual([]);

    const list = await t.ok('backups.list', {}, { token: admin });
    expect(list.backups.map((b) => [b.folder, b.status, b.reason, b.actor])).toEqual(
      expect.arrayContaining([
        [usb, 'verified', 'manual', 'mona'],
        [defaultBackupFolder(t.dataDir), 'verified', 'manual', 'mona'],
      ]),
    );
    const status = await t.ok('backups.status', {}, { token: cashierToken });
    expect(status).toMatchObject({ passphraseSet: true, overdue: false });
    const onUsb = run.results[1]?.file ?? '';
    expect(status.lastGood?.sizeBytes).toBe(statSync(onUsb).size);

    const verified = await t.ok('backups.verify', { file: onUsb }, { token: managerToken });
    expect(verified.manifest).toMatchObject({
      office: { code: 'LAG', name: 'Lagos office' },
      companyName: 'Sunrise Power Ltd',
      counts: { payments: 3, tokens: 3, customers: 1, openpaygo_devices: 1 },
    });
    const cashier = await t.call('backups.run', {}, { token: cashierToken });
    expect(cashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('warns about a missing second folder and still backs up into the data folder', async () => {
    const { t, managerToken } = await withPassphrase();
    const missing = join(folder(), 'not-plugged-in');
    await t.ok('backups.updateSettings', { secondFolder: missing }, { token: managerToken });
    const run = await t.ok('backups.run', {}, { token: managerToken });
    expect(run.ok).toBe(true);
    expect(run.results[1]).toMatchObject({
      ok: false,
      message: `The backup folder ${missing} does not exist (is the USB stick plugged in?).`,
    });
    const rows = await t.ok('backups.list', {}, { token: managerToken });
    expect(rows.backups.find((b) => b.folder === missing)).toMatchObject({ status: 'failed' });
  });

  it('reports a full disk, leaves no partial file and records the failure', async () => {
    const { t } = await withPassphrase();
    const target = folder();
    const full = (path: string) => {
      let written = 0;
      writeFileSync(path, '');
      return new Writable({
        write(chunk: Buffer, _enc, done) {
          written += chunk.length;
          if (written > 64 * 1024) {
            done(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
          } else done();
        },
      });
    };
    const { results, rows } = await backupWith(t, target, full);
    expect(results).toEqual([
      {
        folder: target,
        ok: false,
        fileName: null,
        file: null,
        sizeBytes: null,
        message: `The backup folder ${target} is full: free some space or use another folder.`,
      },
    ]);
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(readdirSync(target)).toEqual([]);
  });

  it('reports a read-only folder (a USB stick with its lock switch on) and records the failure', async () => {
    const { t } = await withPassphrase();
    const target = folder();
    // The tests run as root, whom chmod does not stop: the file system's answer is played instead.
    const readOnly = (path: string) => {
      writeFileSync(path, '');
      return new Writable({
        write(_chunk: Buffer, _enc, done) {
          done(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }));
        },
      });
    };
    const { results, rows } = await backupWith(t, target, readOnly);
    expect(results[0]).toMatchObject({
      ok: false,
      file: null,
      message: `The backup folder ${target} is read-only: GridDesk cannot write there.`,
    });
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(readdirSync(target)).toEqual([]);
  });

  it('reads the file back: a disk that silently changed a byte fails verification and the file is deleted', async () => {
    const { t } = await withPassphrase();
    const target = folder();
    // One bit changed `offset` bytes in, as a failing disk would.
    const flaky = (offset: number) => (path: string) => {
      const out = createWriteStream(path, { flags: 'wx' });
      let at = 0;
      return new Writable({
        write(chunk: Buffer, _enc, done) {
          const copy = Buffer.from(chunk);
          const i = offset - at;
          if (i >= 0 && i < copy.length) copy[i] = (copy[i] ?? 0) ^ 0x10;
          at += chunk.length;
          out.write(copy, done);
        },
        final(done) {
          out.end(done);
        },
      });
    };
    // Inside the sealed payload, then inside the header (in its passphrase stanza).
    const { results, rows } = await backupWith(t, target, flaky(5000));
    expect(results[0]).toMatchObject({ ok: false, file: null });
    expect(results[0]?.message).toMatch(
      /failed verification and was deleted: .*part 1 of the encrypted data fails its check/,
    );
    const header = await backupWith(t, target, flaky(40));
    expect(header.results[0]?.message).toMatch(
      /failed verification and was deleted: .*read back, does not hold what was written \(its header differs\)/,
    );
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(readdirSync(target)).toEqual([]);
    // Nothing clear is left behind in the scratch folder either.
    expect(readdirSync(join(t.dataDir, 'backups', '.work'))).toEqual([]);
  });

  it('checks a copy in the second folder against the verified file, byte for byte', async () => {
    const { t } = await withPassphrase();
    const target = folder();
    const written = await writeBackup({
      source: t.core.deps.raw,
      dataDir: t.dataDir,
      folder: target,
      passphrase: PASSPHRASE,
      createdAt: t.clock.nowIso(),
      appVersion: '0.0.0-test',
      scryptLogN: 10,
    });
    try {
      await written.readBack(written.file);
      const usb = folder();
      const bytes = readFileSync(written.file);
      const good = join(usb, 'good.gdbackup');
      writeFileSync(good, bytes);
      await written.readBack(good);
      const flipped = Buffer.from(bytes);
      flipped[bytes.length - 100] = (flipped[bytes.length - 100] ?? 0) ^ 0x01;
      const bad = join(usb, 'flipped.gdbackup');
      writeFileSync(bad, flipped);
      await expect(written.readBack(bad)).rejects.toThrow(
        `The copy ${bad}, read back, differs from the backup it was copied from.`,
      );
      const short = join(usb, 'short.gdbackup');
      writeFileSync(short, bytes.subarray(0, bytes.length - 1));
      await expect(written.readBack(short)).rejects.toThrow(/is shorter than the backup/);
    } finally {
      written.dispose();
    }
  });

  it('reports progress phase by phase, and other work runs between the chunks', async () => {
    const { t, admin } = await withPassphrase();
    // Enough data for many chunks: a cashier's call must be able to slip in between them.
    t.core.deps.raw.exec(
      'CREATE TABLE bulk (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO bulk SELECT hex(randomblob(500)) FROM n;',
    );
    const events: ProgressEvent[] = [];
    t.core.deps.events.subscribe((e: ProgressEvent) => events.push(e));
    let running = true;
    let turns = 0;
    let turnsDuringWrite = 0;
    const spin = () => {
      turns += 1;
      if (events.at(-1)?.phase === 'write') turnsDuringWrite += 1;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const run = await t.ok('backups.run', { operationId: 'op-1' }, { token: admin });
    running = false;
    expect(run.ok).toBe(true);
    const phases = events.map((e) => e.phase).filter((p, i, all) => all[i - 1] !== p);
    expect(phases).toEqual(['snapshot', 'check', 'write', 'verify']);
    expect(events.filter((e) => !(e.operationId === 'op-1' && e.done <= e.total))).toEqual([]);
    const last = (phase: string) => events.filter((e) => e.phase === phase).at(-1);
    expect(last('write')?.done).toBe(last('write')?.total);
    expect(last('verify')?.done).toBe(last('verify')?.total);
    expect(turns).toBeGreaterThan(10);
    expect(turnsDuringWrite).toBeGreaterThan(2);
  });

  it('keeps every backup of the last day and thins older ones per folder', async () => {
    const { t } = await withPassphrase();
    // Days pass: sessions would have timed out, so the local operator's door stands in.
    const cli = { door: 'cli' as const };
    for (let i = 0; i < 3; i++) {
      await t.ok('backups.run', {}, cli);
      t.clock.advance(2 * 3_600_000);
    }
    // Three days later the three backups of one day are down to that day's newest (and the
    // rule's last three verified ones are kept whatever their age: here, all three).
    t.clock.advance(3 * 86_400_000);
    const later = await t.ok('backups.run', {}, cli);
    expect(later.removed).toBe(1);
    const files = readdirSync(defaultBackupFolder(t.dataDir)).filter((f) =>
      f.endsWith('.gdbackup'),
    );
    expect(files.sort()).toEqual([
      'LAG-20261122T100000Z.gdbackup',
      'LAG-20261122T120000Z.gdbackup',
      'LAG-20261125T140000Z.gdbackup',
    ]);
  });
});

describe('bad backup files', () => {
  async function oneBackup() {
    const o = await withPassphrase();
    const run = await o.t.ok('backups.run', {}, { token: o.managerToken });
    return { ...o, file: run.results[0]?.file ?? '' };
  }

  async function refusal(t: TestCore, token: string, file: string, passphrase = PASSPHRASE) {
    const before = snapshot(t.core);
    const r = await t.call('backups.verify', { file, passphrase }, { token });
    expect(snapshot(t.core)).toBe(before);
    if (r.ok) throw new Error('verify accepted a bad file');
    return r.error;
  }

  it('refuses a wrong passphrase on the passphrase field', async () => {
    const { t, managerToken, file } = await oneBackup();
    const error = await refusal(t, managerToken, file, 'another long passphrase 99');
    expect(error).toMatchObject({ code: 'VALIDATION', details: { reason: 'passphrase' } });
    expect(error.message).toMatch(/^The passphrase does not open /);
  });

  it('refuses empty, foreign, truncated and bit-flipped files with a reason', async () => {
    const { t, managerToken, file } = await oneBackup();
    const dir = folder();
    const bytes = readFileSync(file);
    const empty = join(dir, 'empty.gdbackup');
    writeFileSync(empty, '');
    expect((await refusal(t, managerToken, empty)).message).toBe(
      `The file ${empty} is empty: it is not a backup.`,
    );
    const text = join(dir, 'notes.gdbackup');
    writeFileSync(text, 'These are my notes, not a backup.\n');
    expect((await refusal(t, managerToken, text)).message).toMatch(
      /is not a GridDesk backup \(it is not an age-encrypted file\)/,
    );
    const truncated = join(dir, 'truncated.gdbackup');
    writeFileSync(truncated, bytes);
    truncateSync(truncated, Math.floor(bytes.length / 2));
    expect((await refusal(t, managerToken, truncated)).message).toMatch(/is damaged or incomplete/);
    for (const at of [40, 200, Math.floor(bytes.length / 2), bytes.length - 5]) {
      const flipped = join(dir, `flipped-${at}.gdbackup`);
      const copy = Buffer.from(bytes);
      copy.writeUInt8(copy.readUInt8(at) ^ 0x10, at);
      writeFileSync(flipped, copy);
      const error = await refusal(t, managerToken, flipped);
      expect(error.message, `bit flipped at ${at}`).toMatch(
        /is damaged or incomplete|passphrase does not open|cannot be opened with a passphrase/,
      );
    }
    const missing = join(dir, 'nothing-here.gdbackup');
    expect((await refusal(t, managerToken, missing)).message).toBe(`There is no file ${missing}.`);
  });

  it('refuses an age file that is not a GridDesk archive, or whose counts do not match', async () => {
    const { t, managerToken, file } = await oneBackup();
    const dir = folder();
    const plain = new Encrypter();
    plain.addRecipient(scryptRecipient(PASSPHRASE, 10));
    const notTar = join(dir, 'not-tar.gdbackup');
    writeFileSync(notTar, await plain.encrypt(randomBytes(3000)));
    expect((await refusal(t, managerToken, notTar)).message).toMatch(
      /is (not a GridDesk backup|damaged or incomplete)/,
    );
    const opened = await openBackup(file, PASSPHRASE, t.dataDir);
    const lying = join(dir, 'lying.gdbackup');
    writeFileSync(
      lying,
      await repack(opened, {
        manifest: { ...opened.manifest, counts: { ...opened.manifest.counts, payments: 4 } },
      }),
    );
    expect((await refusal(t, managerToken, lying)).message).toBe(
      `The database inside ${lying} does not match its manifest: payments has 3 rows, the manifest says 4.`,
    );
    const noDb = join(dir, 'no-db.gdbackup');
    writeFileSync(noDb, await repack(opened, { skipDatabase: true }));
    expect((await refusal(t, managerToken, noDb)).message).toBe(
      `The file ${noDb} is not a GridDesk backup (it has no database).`,
    );
  });

  it('previews a newer version’s backup and another office’s backup as refused', async () => {
    const { t, admin, file } = await oneBackup();
    const dir = folder();
    const opened = await openBackup(file, PASSPHRASE, t.dataDir);
    const newer = join(dir, 'newer.gdbackup');
    writeFileSync(
      newer,
      await repack(opened, {
        manifest: { ...opened.manifest, appVersion: '9.0.0', schemaVersion: 999 },
      }),
    );
    const preview = await t.ok('backups.previewRestore', { file: newer }, { token: admin });
    expect(preview.refusal).toMatch(
      /^This backup was written by a newer GridDesk \(9\.0\.0, database schema 999;/,
    );
    const other = join(dir, 'other.gdbackup');
    writeFileSync(
      other,
      await repack(opened, {
        manifest: {
          ...opened.manifest,
          office: { id: 'another-office', code: 'ABJ', name: 'Abuja office' },
          companyName: 'Moonlight Energy',
        },
      }),
    );
    const foreign = await t.ok('backups.previewRestore', { file: other }, { token: admin });
    expect(foreign.refusal).toBe(
      'This backup belongs to office ABJ (Abuja office) of Moonlight Energy, not to this office LAG (Lagos office). Restore it into an empty data folder instead; nothing was changed.',
    );
  });

  it('previews what a restore would lose: the payments and tokens taken since', async () => {
    const { t, admin, file, device, cashierToken } = await oneBackup();
    const { pay } = await import('../helpers/backup');
    await pay(t, device.id, cashierToken);
    await pay(t, device.id, cashierToken);
    const preview = await t.ok('backups.previewRestore', { file }, { token: admin });
    expect(preview).toMatchObject({
      refusal: null,
      confirmCode: 'LAG',
      wouldLose: { payments: 2, tokens: 2, invoices: 0 },
      manifest: { counts: { payments: 3 } },
    });
  });
});

describe('automatic backups', () => {
  it('run at the first start of a day and every interval, say once that a passphrase is missing, and on quit', async () => {
    const { t, admin } = await office();
    const state = newScheduleState();
    expect(await runScheduledBackup(t.core, state)).toBe(null);
    expect(await runScheduledBackup(t.core, state)).toBe(null);
    expect(t.log.lines.filter((l) => l.message.startsWith('no automatic backups'))).toHaveLength(1);

    await t.ok(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
      { token: admin },
    );
    expect(await runScheduledBackup(t.core, state)).toBe('first-start');
    t.clock.advance(3 * 3_600_000);
    expect(await runScheduledBackup(t.core, state)).toBe(null);
    t.clock.advance(3_600_000);
    expect(await runScheduledBackup(t.core, state)).toBe('scheduled');
    await backupOnQuit(t.core);
    const reasons = t.core.deps.raw
      .prepare('SELECT reason, actor, status FROM backups ORDER BY created_at')
      .all();
    expect(reasons).toEqual([
      { reason: 'first-start', actor: 'system', status: 'verified' },
      { reason: 'scheduled', actor: 'system', status: 'verified' },
      { reason: 'quit', actor: 'system', status: 'verified' },
    ]);
    // A new local day: the first start backs up even within the interval.
    const fresh = newScheduleState();
    t.clock.advance(20 * 3_600_000);
    expect(await runScheduledBackup(t.core, fresh)).toBe('first-start');
  });

  it('shows managers a red banner when no backup succeeded for the warning age', async () => {
    const { t, managerToken } = await withPassphrase();
    expect((await t.ok('backups.status', {}, { token: managerToken })).overdue).toBe(true);
    await t.ok('backups.run', {}, { token: managerToken });
    expect((await t.ok('backups.status', {}, { token: managerToken })).overdue).toBe(false);
    t.clock.advance(2 * 86_400_000 + 1);
    expect((await t.ok('backups.status', {}, { door: 'cli' })).overdue).toBe(true);
  });

  it('keeps a copy of the database before migrations change it', async () => {
    const { t } = await office();
    const known = t.core.deps.schemaVersion;
    t.close();
    const raw = new Database(join(t.dataDir, 'griddesk.sqlite'));
    raw.pragma(`user_version = ${known - 1}`);
    raw.close();
    t.reopen();
    const copy = join(t.dataDir, 'backups', `before-migration-${known - 1}-to-${known}.sqlite`);
    const kept = new Database(copy, { readonly: true });
    try {
      expect(kept.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(kept.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
    } finally {
      kept.close();
    }
  });
});

describe('one backup at a time', () => {
  it('refuses while another process holds the backup lock, and takes over a dead one’s', async () => {
    const { t, managerToken } = await withPassphrase();
    const lock = join(defaultBackupFolder(t.dataDir), '.backup.lock');
    mkdirSync(defaultBackupFolder(t.dataDir), { recursive: true });
    // This test process stands in for another GridDesk that is backing up right now.
    writeFileSync(lock, String(process.pid));
    const busy = await t.call('backups.run', {}, { token: managerToken });
    expect(busy.ok || busy.error).toEqual({
      code: 'CONFLICT',
      message: 'Another backup of this data is being made right now. Try again in a minute.',
    });
    // A process that was killed mid-backup left its lock behind: the next backup proceeds.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(lock, dead);
    expect((await t.ok('backups.run', {}, { token: managerToken })).ok).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});
