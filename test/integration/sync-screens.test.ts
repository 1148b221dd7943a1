// What the Sync screen and the shared-folder mode add (docs/sync.md "Screens and the shared
// folder"): bundles and join files carried as bytes with progress, and the folder exchange run by
// housekeeping: bundles addressed here are imported and leave the folder, a bundle is dropped for
// each office with something new, a missing folder is a quiet state, and two runs never overlap.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeAcknowledged } from '../../src/core/areas/sync/purge';
import type { ProgressEvent } from '../../src/core/events';
import { heldVector } from '../../src/core/sync/engine';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let open: TestCore[] = [];
const files = tempDir('griddesk-sync-screens-');
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

const PASSPHRASE = 'a long backup passphrase for tests';

/** LAG makes the key and a join file as a download; ABJ joins from those bytes. */
async function twoOffices(passphraseAtLag = true) {
  const lag = openTestCore();
  open.push(lag);
  const { admin } = await setUpOffice(lag);
  const a = { token: admin };
  const seed = await seedRegistry(lag, admin);
  const { key } = await lag.ok('sync.key', {}, a);
  const join1 = await lag.ok(
    'sync.joinFileDownload',
    { officeCode: 'abj', officeName: 'Abuja office' },
    a,
  );
  expect(join1).toMatchObject({ fileName: 'join-ABJ.gdsync', officeCode: 'ABJ' });
  const file = join(files.path, `join-${Math.random()}.gdsync`);
  writeFileSync(file, Buffer.from(join1.contentBase64, 'base64'));
  const abj = openTestCore();
  open.push(abj);
  await abj.ok('sync.join', { file, key });
  const b = {
    token: (await abj.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
      .token,
  };
  for (const [t, c] of passphraseAtLag
    ? ([
        [lag, a],
        [abj, b],
      ] as const)
    : ([[abj, b]] as const)) {
    await t.ok(
      'backups.setPassphrase',
      { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE },
      c,
    );
  }
  return { lag, abj, a, b, seed };
}

describe('sync from the screens', () => {
  it('a bundle travels as a download and an upload, with progress and a clear refusal of a bad file', async () => {
    const { lag, abj, a, b, seed } = await twoOffices();
    const c = await lag.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: seed.village.id },
      a,
    );
    const out = await lag.ok('sync.exportDownload', { to: 'abj' }, a);
    expect(out.fileName).toBe('LAG-to-ABJ-20261122T080000Z.gdsync');
    expect(out.changes).toBeGreaterThan(0);
    const events: ProgressEvent[] = [];
    const stop = abj.core.deps.events.subscribe((e) => events.push(e));
    const outcome = await abj.ok(
      'sync.importUpload',
      { fileName: out.fileName, contentBase64: out.contentBase64, operationId: 'op-1' },
      b,
    );
    stop();
    expect(outcome).toMatchObject({ from: { code: 'LAG' }, conflicts: 0 });
    expect(outcome.applied).toBeGreaterThan(0);
    expect(events.map((e) => [e.operationId, e.done, e.total])).toEqual([
      ['op-1', 0, 3],
      ['op-1', 1, 3],
      ['op-1', 2, 3],
      ['op-1', 3, 3],
    ]);
    expect((await abj.ok('customers.get', { id: c.id }, b)).customer.accountNumber).toBe(
      c.accountNumber,
    );
    const before = (await abj.ok('sync.status', {}, b)).imports.length;
    const damaged = Buffer.from(out.contentBase64, 'base64');
    damaged.writeUInt8((damaged.at(-5) ?? 0) ^ 1, damaged.length - 5);
    expect(
      await abj.call('sync.importUpload', { contentBase64: damaged.toString('base64') }, b),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(/damaged, was cut short, or was made with another sync key/),
      },
    });
    expect(
      await abj.call(
        'sync.importUpload',
        { contentBase64: Buffer.from('hello').toString('base64') },
        b,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/not a GridDesk/) },
    });
    expect((await abj.ok('sync.status', {}, b)).imports).toHaveLength(before);
    expect(await lag.call('sync.exportDownload', { to: 'KAN' }, a)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'There is no office KAN in this company.' },
    });
  });

  it('the shared folder carries bundles both ways, and a missing folder is a quiet state', async () => {
    const { lag, abj, a, b, seed } = await twoOffices();
    const shared = join(files.path, `shared-${Math.random()}`);
    mkdirSync(shared);
    expect(await lag.call('sync.folderRun', {}, a)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'folder' }] } },
    });
    await lag.ok('sync.setFolder', { folder: shared }, a);
    await abj.ok('sync.setFolder', { folder: shared }, b);
    const c = await abj.ok(
      'customers.create',
      { firstName: 'Aisha', lastName: 'Bello', villageId: seed.village.id },
      b,
    );
    // LAG has not heard from ABJ yet: it waits for ABJ's first bundle rather than resend it all.
    expect((await lag.ok('sync.folderRun', {}, a)).exported).toEqual([]);
    const first = await abj.ok('sync.folderRun', {}, b);
    expect(first.exported).toEqual([expect.objectContaining({ toOffice: 'LAG' })]);
    // Nothing new at ABJ and its bundle still waits in the folder: no second copy.
    expect((await abj.ok('sync.folderRun', {}, b)).exported).toEqual([]);
    expect(readdirSync(shared)).toHaveLength(1);

    // LAG imports it (the file leaves the folder) and answers with its acknowledgements.
    const second = await lag.ok('sync.folderRun', {}, a);
    expect(second.imported).toEqual([
      expect.objectContaining({ fromOffice: 'ABJ', file: first.exported[0]?.file }),
    ]);
    expect(second.exported).toEqual([expect.objectContaining({ toOffice: 'ABJ' })]);
    expect(readdirSync(shared)).toEqual([second.exported[0]?.file]);
    expect((await lag.ok('customers.get', { id: c.id }, a)).customer.lastName).toBe('Bello');
    expect((await lag.ok('sync.folder', {}, a)).lastRun).toEqual(second);
    // The company-wide list: every office's customers, with the office that registered each.
    const abjOnly = await lag.ok('customers.list', { filters: { officeCode: 'abj' } }, a);
    expect(abjOnly.rows.map((r) => [r.accountNumber, r.office])).toEqual([
      [c.accountNumber, 'ABJ'],
    ]);
    expect((await lag.ok('customers.list', { filters: { officeCode: 'LAG' } }, a)).total).toBe(0);
    expect(await lag.call('customers.list', { filters: { officeCode: 'LAG-1' } }, a)).toMatchObject(
      { ok: false, error: { code: 'VALIDATION' } },
    );

    const third = await abj.ok('sync.folderRun', {}, b);
    expect(third.imported).toEqual([expect.objectContaining({ fromOffice: 'LAG' })]);
    expect(readdirSync(shared)).toEqual(third.exported.map((e) => e.file));

    // Housekeeping's tick does the same through the system door, and only when a folder is set.
    const { runSyncFolder } = await import('../../src/core/housekeeping');
    abj.clock.advance(60_000);
    await runSyncFolder(abj.core);
    expect((await abj.ok('sync.folder', {}, b)).lastRun?.at).toBe(abj.clock.nowIso());
    await lag.ok('sync.setFolder', { folder: null }, a);
    await runSyncFolder(lag.core);
    expect((await lag.ok('sync.folder', {}, a)).lastRun).toBeNull();

    // The stick is pulled out: no error, the screen shows the folder as absent.
    const gone = join(files.path, 'not-plugged-in');
    await abj.ok('sync.setFolder', { folder: gone }, b);
    const quiet = await abj.ok('sync.folderRun', {}, b);
    expect(quiet).toMatchObject({ present: false, imported: [], exported: [], message: null });
    expect(await abj.ok('sync.folder', {}, b)).toMatchObject({ folder: gone, present: false });
    expect(existsSync(gone)).toBe(false);
  });

  it('two runs of the shared folder never overlap', async () => {
    const { lag, abj, a, b } = await twoOffices();
    const shared = join(files.path, `shared-${Math.random()}`);
    mkdirSync(shared);
    await lag.ok('sync.setFolder', { folder: shared }, a);
    await abj.ok('sync.setFolder', { folder: shared }, b);
    await abj.ok('sync.folderRun', {}, b);
    // The first run is taking its backup before the import when the second asks.
    const [one, two] = await Promise.all([
      lag.ok('sync.folderRun', {}, a),
      lag.ok('sync.folderRun', {}, a),
    ]);
    expect(one.imported).toHaveLength(1);
    expect(two).toMatchObject({
      imported: [],
      exported: [],
      message: 'An exchange through the shared folder is already running.',
    });
  });

  it('the shared folder waits for a backup passphrase, saying why', async () => {
    const { lag, abj, a, b } = await twoOffices(false);
    const shared = join(files.path, `shared-${Math.random()}`);
    mkdirSync(shared);
    await abj.ok('sync.setFolder', { folder: shared }, b);
    await abj.ok('sync.folderRun', {}, b);
    await lag.ok('sync.setFolder', { folder: shared }, a);
    const run = await lag.ok('sync.folderRun', {}, a);
    expect(run.imported).toEqual([]);
    expect(run.message).toMatch(/no backup passphrase is set/);
    expect(readdirSync(shared)).toHaveLength(1);
  });
});

describe('purging the change log', () => {
  it('keeps every change until the other office acknowledges it, then forgets it', async () => {
    const { lag, abj, a, b, seed } = await twoOffices();
    const raw = lag.core.deps.raw;
    const held = () => heldVector(raw);
    const rows = () => raw.prepare('SELECT count(*) FROM sync_changes').pluck().get() as number;
    const purge = () => raw.transaction(() => purgeAcknowledged({ db: lag.core.deps.db, raw }))();
    // ABJ has not sent anything back since it joined: nothing of LAG's is acknowledged yet.
    await lag.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: seed.village.id },
      a,
    );
    const before = rows();
    const heldBefore = held();
    expect(purge()).toBe(0);
    expect(rows()).toBe(before);
    const out = await lag.ok('sync.exportDownload', { to: 'ABJ' }, a);
    await abj.ok('sync.importUpload', { contentBase64: out.contentBase64 }, b);
    // Sent and applied at ABJ, but the acknowledgement has not come back: still kept.
    expect(purge()).toBe(0);
    const back = await abj.ok('sync.exportDownload', { to: 'LAG' }, b);
    await lag.ok('sync.importUpload', { contentBase64: back.contentBase64 }, a);
    const beforePurge = rows();
    const heldBeforePurge = held();
    const removed = purge();
    expect(removed).toBeGreaterThan(0);
    // ABJ acknowledged all it was sent: of that, the newest change of each origin is all that
    // stays. What LAG wrote after the acknowledgement (the import's own audit entry, which
    // travels) is not acknowledged yet and stays too.
    const acked = JSON.parse(
      raw
        .prepare(
          "SELECT p.acked FROM sync_peers p JOIN offices o ON o.id = p.office_id WHERE o.code = 'ABJ'",
        )
        .pluck()
        .get() as string,
    ) as Record<string, number>;
    const kept = raw.prepare('SELECT origin, seq FROM sync_changes').all() as {
      origin: string;
      seq: number;
    }[];
    const newest = held();
    const byOrigin = (a: { origin: string }, b: { origin: string }) =>
      a.origin.localeCompare(b.origin);
    expect(kept.filter((r) => r.seq <= (acked[r.origin] ?? 0)).sort(byOrigin)).toEqual(
      Object.entries(newest)
        .filter(([origin, seq]) => seq <= (acked[origin] ?? 0))
        .map(([origin, seq]) => ({ origin, seq }))
        .sort(byOrigin),
    );
    expect(kept.every((r) => r.seq > (acked[r.origin] ?? 0) || r.seq === newest[r.origin])).toBe(
      true,
    );
    expect(removed).toBe(beforePurge - kept.length);
    // What LAG tells others it holds is unchanged by the purge (the newest change of each origin
    // stays), and it still holds at least what it held before the exchange.
    expect(held()).toEqual(heldBeforePurge);
    for (const [origin, seq] of Object.entries(heldBefore)) {
      expect(held()[origin]).toBeGreaterThanOrEqual(seq);
    }
    // A new change still travels and is applied at ABJ after the purge.
    const c = await lag.ok(
      'customers.create',
      { firstName: 'Hauwa', lastName: 'Sani', villageId: seed.village.id },
      a,
    );
    const next = await lag.ok('sync.exportDownload', { to: 'ABJ' }, a);
    const applied = await abj.ok('sync.importUpload', { contentBase64: next.contentBase64 }, b);
    expect(applied).toMatchObject({ waiting: 0, conflicts: 0 });
    expect((await abj.ok('customers.get', { id: c.id }, b)).customer.lastName).toBe('Sani');
  });
});
