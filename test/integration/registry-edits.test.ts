// Commands that change registry records after creation, and the catalog and account commands
// that the larger scenario tests only use in passing.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, SETUP, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
afterEach(() => t.close());

async function ready() {
  t = openTestCore();
  const office = await setUpOffice(t);
  const seeded = await seedRegistry(t, office.admin);
  return { ...office, ...seeded, call: { token: office.admin } };
}

describe('editing sites', () => {
  it('renames a cluster, recodes a mini-grid, moves a village, and refuses a taken code', async () => {
    const s = await ready();
    await t.ok('sites.updateCluster', { id: s.cluster.id, name: 'Niger North' }, s.call);
    await t.ok(
      'sites.updateMiniGrid',
      { id: s.grid.id, code: 'bkx', latitude: 9.1, longitude: 6.2 },
      s.call,
    );
    await t.ok('sites.updateVillage', { id: s.other.id, miniGridId: s.grid.id }, s.call);
    const tree = await t.ok('sites.tree', {}, s.call);
    expect(tree.clusters[0]?.name).toBe('Niger North');
    const grid = tree.clusters[0]?.miniGrids.find((g) => g.id === s.grid.id);
    expect(grid).toMatchObject({ code: 'BKX', latitude: 9.1, longitude: 6.2 });
    expect(grid?.villages.map((v) => v.name).sort()).toEqual(['Gada', 'Kogi North']);
    const before = snapshot(t.core);
    const taken = await t.call('sites.updateMiniGrid', { id: s.grid2.id, code: 'BKX' }, s.call);
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(t.core)).toBe(before);
  });
});

describe('catalog', () => {
  it('lists, renames and refuses duplicate manufacturers and models', async () => {
    const s = await ready();
    const dup = await t.call('manufacturers.create', { name: 'chint' }, s.call);
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const renamed = await t.ok(
      'manufacturers.update',
      { id: s.chint.id, name: 'CHINT Electric' },
      s.call,
    );
    expect(renamed.name).toBe('CHINT Electric');
    const models = await t.ok('models.list', { manufacturerId: s.chint.id }, s.call);
    expect(models.models.map((m) => m.name)).toEqual(['DDSU666']);
    const updated = await t.ok(
      'models.update',
      { id: s.meter.id, meterProfile: 'chint-dtsu666' },
      s.call,
    );
    expect(updated.meterProfile).toBe('chint-dtsu666');
    // Kind and token scheme are fixed once devices use the model.
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: 'M-1', villageId: s.village.id },
      s.call,
    );
    const changeKind = await t.call('models.update', { id: s.meter.id, kind: 'shs' }, s.call);
    expect(changeKind).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const stsShs = await t.call(
      'models.create',
      { manufacturerId: s.solarCo.id, name: 'X', kind: 'shs', tokenScheme: 'sts' },
      s.call,
    );
    expect(stsShs).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('keeps appliances with prices in minor units, for managers and admins only', async () => {
    const s = await ready();
    const tv = await t.ok(
      'appliances.create',
      { name: 'TV 32"', type: 'tv', priceMinor: 18_500_050 },
      s.call,
    );
    expect(tv).toMatchObject({ priceMinor: 18_500_050, paygEnabled: true });
    await t.ok(
      'appliances.update',
      { id: tv.id, priceMinor: 17_000_000, paygEnabled: false },
      s.call,
    );
    expect((await t.ok('appliances.list', {}, s.call)).appliances).toMatchObject([
      { name: 'TV 32"', priceMinor: 17_000_000, paygEnabled: false },
    ]);
    const fractional = await t.call(
      'appliances.create',
      { name: 'Fan', type: 'fan', priceMinor: 10.5 },
      s.call,
    );
    expect(fractional).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const cashier = await t.call(
      'appliances.create',
      { name: 'Fan', type: 'fan', priceMinor: 1000 },
      { token: s.cashierToken },
    );
    expect(cashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('devices and customers', () => {
  it('changes a device status and serial, recording both in its history', async () => {
    const s = await ready();
    const d = await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: 'M-1', villageId: s.village.id },
      s.call,
    );
    await t.ok('devices.update', { id: d.id, status: 'faulty', serial: 'M-1B' }, s.call);
    const { device, history } = await t.ok('devices.get', { id: d.id }, s.call);
    expect(device).toMatchObject({ status: 'faulty', serial: 'M-1B' });
    expect(
      history
        .map((h) => h.event)
        .slice(0, 2)
        .sort(),
    ).toEqual(['status', 'updated']);
  });

  it('sets OpenPAYGO credentials only for OpenPAYGO models, by a manager or admin', async () => {
    const s = await ready();
    const shs = await t.ok('devices.create', { modelId: s.shs.id, serial: 'S-1' }, s.call);
    const key = '00112233445566778899aabbccddeeff';
    const set = await t.ok(
      'devices.setOpenPaygo',
      { id: shs.id, key, startingCode: 123456789, count: 2 },
      s.call,
    );
    expect(set.openpaygo).toMatchObject({ keySet: true, count: 2 });
    const meter = await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: 'M-9', villageId: s.village.id },
      s.call,
    );
    const wrong = await t.call(
      'devices.setOpenPaygo',
      { id: meter.id, key, startingCode: 1 },
      s.call,
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const byCashier = await t.call(
      'devices.setOpenPaygo',
      { id: shs.id, key, startingCode: 1 },
      { token: s.cashierToken },
    );
    expect(byCashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('deletes a customer without devices, and refuses one who still has a device', async () => {
    const s = await ready();
    const a = await t.ok(
      'customers.create',
      { firstName: 'A', lastName: 'B', villageId: s.village.id },
      s.call,
    );
    const b = await t.ok(
      'customers.create',
      { firstName: 'C', lastName: 'D', villageId: s.village.id },
      s.call,
    );
    await t.ok('devices.create', { modelId: s.meter.id, serial: 'M-1', customerId: b.id }, s.call);
    await t.ok('customers.delete', { id: a.id }, s.call);
    expect((await t.call('customers.get', { id: a.id }, s.call)).ok).toBe(false);
    const refused = await t.call('customers.delete', { id: b.id }, s.call);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('accounts and system', () => {
  it('changes the own password only with the current one', async () => {
    const s = await ready();
    const wrong = await t.call(
      'auth.changePassword',
      {
        currentPassword: 'not it',
        newPassword: 'a new long one',
        newPasswordConfirm: 'a new long one',
      },
      s.call,
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await t.ok(
      'auth.changePassword',
      {
        currentPassword: SETUP.admin.password,
        newPassword: 'a new long one',
        newPasswordConfirm: 'a new long one',
      },
      s.call,
    );
    expect((await t.call('auth.login', { username: 'ada', password: 'a new long one' })).ok).toBe(
      true,
    );
    expect(
      (await t.call('auth.login', { username: 'ada', password: SETUP.admin.password })).ok,
    ).toBe(false);
  });

  it('reports version, data folder and schema version', async () => {
    const s = await ready();
    const info = await t.ok('system.info', {}, s.call);
    expect(info).toMatchObject({ version: '0.0.0-test', dataDir: t.dataDir });
    expect(info.schemaVersion).toBeGreaterThan(0);
  });

  it('lists saved import mappings by kind', async () => {
    const s = await ready();
    await t.ok(
      'imports.saveMapping',
      { kind: 'devices', name: 'Vendor A', mapping: { serial: 'SN' } },
      s.call,
    );
    expect((await t.ok('imports.mappings', { kind: 'devices' }, s.call)).mappings).toMatchObject([
      { name: 'Vendor A', mapping: { serial: 'SN' } },
    ]);
    expect((await t.ok('imports.mappings', { kind: 'customers' }, s.call)).mappings).toEqual([]);
  });
});
