// Restore through `griddesk restore`, run in-process: into an empty data folder (a new PC) every
// table comes back equal and tokens can be issued (the key travelled); over existing data only
// with --yes, keeping an undo point; refused with a reason, changing nothing, for a wrong
// passphrase or another office's backup; and OpenPAYGO counts raised so that a device that took
// tokens after the backup accepts the next one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/events';
import { restoreCommand } from '../../src/cli/backup';
import { openCore } from '../../src/core/app';
import { memoryLogger } from '../../src/core/adapters/log';
import { COUNTER_RAISE_MARGIN } from '../../src/domain/backup/counter-raise';
import { createDevice, enterToken, type DeviceState } from '../../src/domain/openpaygo/device';
import {
  MIGRATIONS,
  openTestCore,
  SETUP,
  snapshot,
  tempDir,
  TEST_SCRYPT,
  type TestCore,
} from '../helpers/core';
import { OPG_KEY, OPG_STARTING_CODE, officeWithSales, PASSPHRASE, pay } from '../helpers/backup';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder(): string {
  const dir = tempDir('griddesk-restore-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

/** `griddesk --data DIR restore ARGS` in-process, with the test clock and cheap scrypt. */
async function restore(t: TestCore, dataDir: string, args: string[], passphrase = PASSPHRASE) {
  const lines: string[] = [];
  const code = await restoreCommand(
    dataDir,
    args,
    {
      openCore: () =>
        openCore({
          dataDir,
          migrationsDir: MIGRATIONS,
          version: '0.0.0-test',
          clock: t.clock,
          log: memoryLogger(),
          scrypt: TEST_SCRYPT,
          backupScryptLogN: 10,
        }),
      migrationsDir: MIGRATIONS,
      nowIso: () => t.clock.nowIso(),
    },
    {
      out: (line) => lines.push(line),
      env: { GRIDDESK_BACKUP_PASSPHRASE: passphrase },
      prompt: () => Promise.resolve(null),
    },
  );
  return { code, text: lines.join('\n') };
}

/** sha256 of every row of every table, per table. */
function tableSums(t: TestCore): Record<string, string> {
  const raw = t.core.deps.raw;
  const tables = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((name) => [
      name,
      createHash('sha256')
        .update(JSON.stringify(raw.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()))
        .digest('hex'),
    ]),
  );
}

async function backedUpOffice() {
  const t = openTestCore();
  cleanups.push(() => t.close());
  const o = await officeWithSales(t);
  await t.ok(
    'backups.setPassphrase',
    { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
    { token: o.admin },
  );
  const usb = folder();
  const run = await t.ok('backups.run', { folder: usb }, { token: o.admin });
  const file = run.results[0]?.file ?? '';
  return { t, ...o, file };
}

function deviceCount(t: TestCore, deviceId: string): number {
  return t.core.deps.raw
    .prepare('SELECT count FROM openpaygo_devices WHERE device_id = ?')
    .pluck()
    .get(deviceId) as number;
}

/** A device that entered every token GridDesk issued so far, in order. */
function deviceThatEnteredAll(t: TestCore, deviceId: string): DeviceState {
  let device = createDevice({ keyHex: OPG_KEY, startingCode: OPG_STARTING_CODE });
  const tokens = t.core.deps.raw
    .prepare('SELECT token FROM tokens WHERE device_id = ? ORDER BY count')
    .pluck()
    .all(deviceId) as string[];
  for (const token of tokens) {
    const entry = enterToken(device, token);
    expect(entry.result).toBe('accepted');
    device = entry.state;
  }
  return device;
}

describe('griddesk restore', () => {
  it('restores into an empty data folder: every table equal, and tokens can be issued', async () => {
    const { t, file, device } = await backedUpOffice();
    // What the backup holds: the database as it was when the backup was taken (its own log row
    // is written after the snapshot).
    const before = tableSums(t);
    const target = join(folder(), 'new-pc');
    const r = await restore(t, target, [file]);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain(`Restored ${file} (office LAG, taken 2026-11-22T08:00:00.000Z)`);
    expect(readFileSync(join(target, 'secret.key'))).toEqual(
      readFileSync(join(t.dataDir, 'secret.key')),
    );

    const restored = openTestCore(target);
    cleanups.push(() => restored.close());
    const after = tableSums(restored);
    for (const table of Object.keys(before)) {
      if (['audit_log', 'local_meta', 'openpaygo_devices', 'backups'].includes(table)) continue;
      expect(after[table], table).toBe(before[table]);
    }
    // The audit log gained exactly the restore entry. The backup log (written after the
    // snapshot, so empty in it) names the file the office was restored from, verified.
    const audit = (x: TestCore) =>
      x.core.deps.raw.prepare('SELECT seq, hash FROM audit_log ORDER BY seq').all();
    expect(audit(restored).slice(0, -1)).toEqual(audit(t).slice(0, -1));
    expect(
      restored.core.deps.raw
        .prepare('SELECT folder, file_name, status, reason, size_bytes, created_at FROM backups')
        .all(),
    ).toEqual([
      {
        folder: dirname(file),
        file_name: basename(file),
        status: 'verified',
        reason: 'restored',
        size_bytes: statSync(file).size,
        created_at: '2026-11-22T08:00:00.000Z',
      },
    ]);
    // A new PC cannot know what was issued after the backup: the count gets the safety margin.
    expect(deviceCount(restored, device.id)).toBe(COUNTER_RAISE_MARGIN);
    const verify = await restored.ok('audit.verify', {}, { door: 'cli' });
    expect(verify).toMatchObject({ ok: true });

    // The key travelled: the restored office issues tokens the device accepts.
    const cashier = await restored.ok('auth.login', {
      username: 'bola',
      password: 'cashier pass 1',
    });
    const deviceState = deviceThatEnteredAll(t, device.id);
    const sale = await pay(restored, device.id, cashier.token);
    const token = sale.tokens[0]?.token ?? '';
    expect(enterToken(deviceState, token).result).toBe('accepted');
  });

  it('over existing data: refuses without --yes, then keeps an undo point and raises counts exactly', async () => {
    const { t, file, device, cashierToken } = await backedUpOffice();
    // Two more sales after the backup, entered into the device.
    await pay(t, device.id, cashierToken);
    await pay(t, device.id, cashierToken);
    const device5 = deviceThatEnteredAll(t, device.id);
    const countBefore = deviceCount(t, device.id);
    const unchanged = snapshot(t.core);
    t.close();

    const refused = await restore(t, t.dataDir, [file]);
    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/already holds a GridDesk database.*confirm with --yes/);
    t.reopen();
    expect(snapshot(t.core)).toBe(unchanged);
    t.close();

    const r = await restore(t, t.dataDir, [file, '--yes']);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain(`SHS-BACKUP-1: 6 -> ${countBefore}`);
    const undo = readdirSync(join(t.dataDir, 'backups')).filter((f) => f.startsWith('undo-'));
    expect(undo).toHaveLength(1);
    t.reopen();
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
    expect(deviceCount(t, device.id)).toBe(countBefore);
    // The undo point has the five payments the restore replaced.
    const undoDb = openTestCore(join(t.dataDir, 'backups', undo[0] ?? ''));
    cleanups.push(() => undoDb.close());
    expect(undoDb.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(5);
    // A last backup was taken before the restore, too: it is in the replaced database's log.
    expect(
      undoDb.core.deps.raw.prepare('SELECT reason FROM backups ORDER BY created_at').pluck().all(),
    ).toEqual(['manual', 'before-restore']);

    const cashier = await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' });
    const sale = await pay(t, device.id, cashier.token);
    expect(enterToken(device5, sale.tokens[0]?.token ?? '').result).toBe('accepted');
    const audit = t.core.deps.raw
      .prepare("SELECT summary FROM audit_log WHERE command = 'backups.restore'")
      .pluck()
      .get() as string;
    expect(audit).toContain('the replaced data is kept in');
    expect(audit).toContain(`SHS-BACKUP-1 6 -> ${countBefore}`);
  });

  it('refuses a wrong passphrase and another office’s backup, changing nothing', async () => {
    const { t, file } = await backedUpOffice();
    const unchanged = snapshot(t.core);
    t.close();
    const wrong = await restore(t, t.dataDir, [file, '--yes'], 'not the passphrase 123');
    expect(wrong.code).toBe(1);
    expect(wrong.text).toMatch(/^The passphrase does not open /);

    const other = openTestCore();
    cleanups.push(() => other.close());
    await other.ok('setup.initialise', {
      ...SETUP,
      office: { name: 'Abuja office', code: 'ABJ', timeZone: 'Africa/Lagos' },
    });
    other.close();
    const foreign = await restore(t, other.dataDir, [file, '--yes']);
    expect(foreign.code).toBe(1);
    expect(foreign.text).toBe(
      'This backup belongs to office LAG (Lagos office) of Sunrise Power Ltd, not to this office ABJ (Abuja office). Restore it into an empty data folder instead; nothing was changed.',
    );
    other.reopen();
    t.reopen();
    expect(snapshot(t.core)).toBe(unchanged);
    expect(existsSync(join(t.dataDir, 'restore-pending.json'))).toBe(false);
  });
});

describe('restore from inside the app', () => {
  it('needs an admin and the typed office code, then reopens with everyone signed out', async () => {
    const { t, file, device, admin, cashierToken } = await backedUpOffice();
    await pay(t, device.id, cashierToken);
    const countBefore = deviceCount(t, device.id);
    const unchanged = snapshot(t.core);
    const byCashier = await t.call(
      'backups.restore',
      { file, confirmCode: 'LAG' },
      { token: cashierToken },
    );
    expect(byCashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrongCode = await t.call(
      'backups.restore',
      { file, confirmCode: 'ABJ' },
      { token: admin },
    );
    expect(wrongCode.ok || wrongCode.error).toMatchObject({
      code: 'VALIDATION',
      message: 'Type the office code LAG to confirm the restore.',
      details: { issues: [{ field: 'confirmCode' }] },
    });
    expect(snapshot(t.core)).toBe(unchanged);

    const report = await t.ok('backups.restore', { file, confirmCode: 'lag' }, { token: admin });
    expect(report).toMatchObject({
      office: 'LAG',
      raised: [{ serial: 'SHS-BACKUP-1', from: 6, to: countBefore, basis: 'replaced-database' }],
    });
    expect(report.undoPoint).toMatch(/backups\/undo-/);
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
    // The history still lists every backup on this PC: the one restored (once) and the one taken
    // just before the restore, which the restored database never knew.
    expect(
      t.core.deps.raw.prepare('SELECT file_name, reason FROM backups ORDER BY created_at').all(),
    ).toEqual([
      { file_name: basename(file), reason: 'manual' },
      { file_name: expect.stringMatching(/^LAG-.*\.gdbackup$/), reason: 'before-restore' },
    ]);
    const after = await t.call('backups.status', {}, { token: admin });
    expect(after).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const again = await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' });
    const status = await t.ok('backups.status', {}, { token: again.token });
    expect(status.lastRestore?.raised).toHaveLength(1);
    const audit = await t.ok('audit.list', { command: 'backups.restore' }, { token: again.token });
    expect(audit.entries[0]?.actor).toBe('ada');
  });

  it('reports the restore’s progress to the screen that asked: reading, checking, swapping', async () => {
    const { t, file, admin } = await backedUpOffice();
    const phases: string[] = [];
    t.core.deps.events.subscribe((e: ProgressEvent) => {
      if (e.operationId === 'op-restore' && phases.at(-1) !== e.phase) phases.push(e.phase);
    });
    await t.ok(
      'backups.restore',
      { file, confirmCode: 'LAG', operationId: 'op-restore' },
      { token: admin },
    );
    // The file read and checked, then the last backup before the restore, then the swap.
    expect(phases).toEqual(['verify', 'check', 'snapshot', 'check', 'write', 'verify', 'swap']);
  });

  it('undoes the last restore (admin, typed code, audited), keeping what it set aside, and can redo it', async () => {
    const { t, file, device, admin, cashierToken } = await backedUpOffice();
    const nothing = await t.call('backups.undoRestore', { confirmCode: 'LAG' }, { token: admin });
    expect(nothing).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'No restore has been made here: there is nothing to undo.',
      },
    });
    // A sale after the backup: the restore takes it away, the undo brings it back.
    await pay(t, device.id, cashierToken);
    await t.ok('backups.restore', { file, confirmCode: 'LAG' }, { token: admin });
    const ada = (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
      .token;
    const cashier = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' }))
      .token;
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
    // A sale on the restored data: its token is in the device, whatever the undo does.
    const afterRestore = await pay(t, device.id, cashier);
    const countInUse = deviceCount(t, device.id);

    const unchanged = snapshot(t.core);
    const byCashier = await t.call(
      'backups.undoRestore',
      { confirmCode: 'LAG' },
      { token: cashier },
    );
    expect(byCashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrongCode = await t.call('backups.undoRestore', { confirmCode: 'ABJ' }, { token: ada });
    expect(wrongCode.ok || wrongCode.error).toMatchObject({
      code: 'VALIDATION',
      message: 'Type the office code LAG to confirm undoing the restore.',
    });
    expect(snapshot(t.core)).toBe(unchanged);

    const undo = await t.ok('backups.undoRestore', { confirmCode: 'lag' }, { token: ada });
    expect(undo).toMatchObject({ office: 'LAG', undoOf: file });
    expect(undo.undoPoint).toMatch(/backups\/undo-/);
    // The data from before the restore is back, whole (the four sales), and the counter is
    // raised to the restored data's: the token sold after the restore is already in the device.
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(4);
    expect(deviceCount(t, device.id)).toBe(countInUse);
    expect(
      t.core.deps.raw
        .prepare('SELECT count(*) FROM payments WHERE id = ?')
        .pluck()
        .get(afterRestore.payment.id),
    ).toBe(0);
    const again = (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
      .token;
    const audit = await t.ok('audit.list', { command: 'backups.undoRestore' }, { token: again });
    expect(audit.entries[0]?.summary).toContain(`Undid the restore of ${file}`);
    expect((await t.ok('backups.status', {}, { token: again })).lastRestore?.undoOf).toBe(file);

    // Undoing the undo puts the restored data back, with the sale made on it.
    await t.ok('backups.undoRestore', { confirmCode: 'LAG' }, { token: again });
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(4);
    expect(
      t.core.deps.raw
        .prepare('SELECT count(*) FROM payments WHERE id = ?')
        .pluck()
        .get(afterRestore.payment.id),
    ).toBe(1);
  });

  it('restores on a new PC from the setup wizard, and not once set up', async () => {
    const { t, file } = await backedUpOffice();
    const fresh = openTestCore();
    cleanups.push(() => fresh.close());
    const bad = await fresh.call('setup.restore', { file, passphrase: 'wrong passphrase 1234' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await fresh.ok('setup.status', {})).initialised).toBe(false);
    const phases: string[] = [];
    fresh.core.deps.events.subscribe((e: ProgressEvent) => {
      if (e.operationId === 'op-setup' && phases.at(-1) !== e.phase) phases.push(e.phase);
    });
    const report = await fresh.ok('setup.restore', {
      file,
      passphrase: PASSPHRASE,
      operationId: 'op-setup',
    });
    expect(report).toMatchObject({ office: 'LAG', undoPoint: null });
    // The wizard shows the file being read and checked, then the swap.
    expect(phases).toEqual(['verify', 'check', 'swap']);
    // Nobody was signed in: the history and the audit name the wizard.
    const raw = fresh.core.deps.raw;
    expect(raw.prepare('SELECT reason, actor FROM backups').all()).toEqual([
      { reason: 'restored', actor: 'setup wizard' },
    ]);
    expect(
      raw.prepare("SELECT actor FROM audit_log WHERE command = 'backups.restore'").pluck().all(),
    ).toEqual(['setup wizard']);
    expect(await fresh.ok('setup.status', {})).toEqual({
      initialised: true,
      companyName: 'Sunrise Power Ltd',
    });
    await fresh.ok('auth.login', { username: 'ada', password: 'correct horse battery' });
    const twice = await fresh.call('setup.restore', { file, passphrase: PASSPHRASE });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(3);
  });

  it('drills the newest backup in a scratch folder without touching the live data', async () => {
    const { t, admin } = await backedUpOffice();
    // The drill uses the data folder's own backups: make one there.
    await t.ok('backups.run', {}, { token: admin });
    const unchanged = t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get();
    const drill = await t.ok('backups.drill', {}, { token: admin });
    expect(drill.ok).toBe(true);
    expect(drill.message).toMatch(/integrity check passed, 3 payments, device keys open\.$/);
    const status = await t.ok('backups.status', {}, { token: admin });
    expect(status.lastDrill).toEqual(drill);
    expect(t.core.deps.raw.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(unchanged);
    expect(readdirSync(join(t.dataDir, 'backups', '.work'))).toEqual([]);
  });
});
