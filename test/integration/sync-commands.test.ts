// The sync commands through the dispatcher (docs/sync.md): key, join file, join on an empty data
// folder, export, import with its backup, status, and the review list for a serial registered
// in two offices.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let open: TestCore[] = [];
const folder = tempDir('griddesk-sync-files-');
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

const PASSPHRASE = 'a long backup passphrase for tests';

async function twoOffices() {
  const lag = openTestCore();
  open.push(lag);
  const { admin } = await setUpOffice(lag);
  const a = { token: admin };
  const seed = await seedRegistry(lag, admin);
  const { key, made } = await lag.ok('sync.key', {}, a);
  expect(made).toBe(true);
  expect((await lag.ok('sync.key', {}, a)).key).toBe(key);
  const file = join(folder.path, `join-${Date.now()}-${Math.random()}.gdsync`);
  await lag.ok('sync.joinFile', { officeCode: 'abj', officeName: 'Abuja office', file }, a);
  const abj = openTestCore();
  open.push(abj);
  const wrong = await abj.call('sync.join', {
    file,
    key: key.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
  });
  expect(wrong).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  const joined = await abj.ok('sync.join', { file, key: key.toLowerCase() });
  expect(joined).toMatchObject({
    officeCode: 'ABJ',
    companyName: 'Sunrise Power Ltd',
    admins: ['ada'],
  });
  const again = await abj.call('sync.join', { file, key });
  expect(again).toMatchObject({
    ok: false,
    error: { message: expect.stringMatching(/already set up/) },
  });
  const b = {
    token: (await abj.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
      .token,
  };
  for (const [t, c] of [
    [lag, a],
    [abj, b],
  ] as const) {
    await t.ok(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
      c,
    );
  }
  return { lag, abj, a, b, seed };
}

async function send(
  from: TestCore,
  fromCall: { token: string },
  to: TestCore,
  toCall: { token: string },
  code: string,
) {
  const file = join(folder.path, `b-${Date.now()}-${Math.random()}.gdsync`);
  await from.ok('sync.export', { to: code, file }, fromCall);
  return to.ok('sync.import', { file }, toCall);
}

describe('sync commands', () => {
  it('a second office joins, bundles travel with a backup first, and status shows both sides', async () => {
    const { lag, abj, a, b, seed } = await twoOffices();
    expect(
      await lag.call(
        'sync.joinFile',
        { officeCode: 'ABJ', officeName: 'again', file: join(folder.path, 'x.gdsync') },
        a,
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'The office code ABJ is already taken; choose another.',
      },
    });
    const c = await abj.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: seed.village.id },
      b,
    );
    const outcome = await send(abj, b, lag, a, 'LAG');
    expect(outcome.applied).toBeGreaterThan(0);
    expect(outcome.backup).toMatch(/\.gdbackup$/);
    expect((await lag.ok('customers.get', { id: c.id }, a)).customer.accountNumber).toBe(
      c.accountNumber,
    );
    const status = await lag.ok('sync.status', {}, a);
    // What ABJ has not acknowledged yet is LAG's own audit trail since ABJ's bundle was made (the
    // entries travel too): nothing else was written here.
    expect(status.peers).toEqual([
      expect.objectContaining({ code: 'ABJ', behind: 3, silentDays: 0 }),
    ]);
    expect(
      lag.core.deps.raw
        .prepare(
          "SELECT tbl FROM sync_changes WHERE origin = (SELECT value FROM local_meta WHERE key = 'this_office_id') ORDER BY seq DESC LIMIT 3",
        )
        .pluck()
        .all(),
    ).toEqual(['audit_log', 'audit_log', 'audit_log']);
    const back = await send(lag, a, abj, b, 'ABJ');
    expect(back.conflicts).toBe(0);
    const taken = join(folder.path, 'taken.gdsync');
    await lag.ok('sync.export', { to: 'ABJ', file: taken }, a);
    expect(await lag.call('sync.export', { to: 'ABJ', file: taken }, a)).toMatchObject({
      ok: false,
      error: { message: `There is already a file ${taken}; choose another name.` },
    });
    expect(
      await lag.call('sync.export', { to: 'ABJ', file: join(folder.path, 'a.txt') }, a),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ field: 'file', message: 'must be a file name ending in .gdsync' }] },
      },
    });
    // The join file counts as the first import.
    expect((await abj.ok('sync.status', {}, b)).imports).toHaveLength(2);
    expect(
      await abj.call('sync.export', { to: 'KAN', file: join(folder.path, 'y.gdsync') }, b),
    ).toMatchObject({ ok: false, error: { message: 'There is no office KAN in this company.' } });
  });

  it('the same serial registered in two offices goes to the review list, nothing dropped', async () => {
    const { lag, abj, a, b, seed } = await twoOffices();
    const mine = await lag.ok('devices.create', { modelId: seed.shs.id, serial: 'SHS-7' }, a);
    const theirs = await abj.ok('devices.create', { modelId: seed.shs.id, serial: 'SHS-7' }, b);
    const outcome = await send(abj, b, lag, a, 'LAG');
    expect(outcome.conflicts).toBeGreaterThan(0);
    const { rows } = await lag.ok('sync.conflicts', {}, a);
    const entry = rows.find((r) => r.table === 'devices');
    expect(entry).toMatchObject({ kind: 'duplicate-key', rowId: theirs.id, fromOffice: 'ABJ' });
    expect(JSON.parse(entry?.remote ?? '{}')).toMatchObject({ data: { serial: 'SHS-7' } });
    expect(
      lag.core.deps.raw.prepare('SELECT id FROM devices WHERE serial = ?').pluck().all('SHS-7'),
    ).toEqual([mine.id]);
    const decided = await lag.ok(
      'sync.resolveConflict',
      {
        id: entry?.id ?? '',
        resolution: 'Two labels printed with one serial; ABJ relabels its device',
      },
      a,
    );
    expect(decided.resolvedAt).not.toBeNull();
    expect(
      (await lag.ok('sync.conflicts', {}, a)).rows.find((r) => r.id === entry?.id),
    ).toBeUndefined();
    expect((await lag.ok('sync.status', {}, a)).openConflicts).toBe(rows.length - 1);
  });

  it('a village deleted in one office and used in another goes to the review list at both', async () => {
    const { lag, abj, a, b, seed } = await twoOffices();
    await lag.ok('sites.delete', { level: 'village', id: seed.other.id }, a);
    const c = await abj.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: seed.other.id },
      b,
    );
    expect((await send(abj, b, lag, a, 'LAG')).conflicts).toBe(1);
    expect((await lag.ok('sync.conflicts', {}, a)).rows).toEqual([
      expect.objectContaining({
        kind: 'deleted-parent',
        table: 'customers',
        rowId: c.id,
        fromOffice: 'ABJ',
      }),
    ]);
    // Both stay: the customer is kept, the village stays deleted, until a person decides.
    expect(
      lag.core.deps.raw.prepare('SELECT deleted_at FROM customers WHERE id = ?').pluck().get(c.id),
    ).toBeNull();
    expect((await send(lag, a, abj, b, 'ABJ')).conflicts).toBe(1);
    expect((await abj.ok('sync.conflicts', {}, b)).rows).toEqual([
      expect.objectContaining({
        kind: 'deleted-parent',
        table: 'villages',
        rowId: seed.other.id,
        fromOffice: 'LAG',
      }),
    ]);
  });

  it('an import without a backup passphrase is refused, nothing imported', async () => {
    const lag = openTestCore();
    open.push(lag);
    const { admin } = await setUpOffice(lag);
    await lag.ok('sync.key', {}, { token: admin });
    const file = join(folder.path, 'nopass.gdsync');
    await lag.ok(
      'sync.joinFile',
      { officeCode: 'KAN', officeName: 'Kano', file },
      { token: admin },
    );
    const abj = openTestCore();
    open.push(abj);
    const key = (await lag.ok('sync.key', {}, { token: admin })).key;
    await abj.ok('sync.join', { file, key });
    const b = {
      token: (await abj.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
        .token,
    };
    const out = join(folder.path, 'to-lag.gdsync');
    await abj.ok('sync.export', { to: 'LAG', file: out }, b);
    const refused = await lag.call('sync.import', { file: out }, { token: admin });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no backup passphrase is set/) },
    });
  });
});
