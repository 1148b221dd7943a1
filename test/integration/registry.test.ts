import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
afterEach(() => t.close());

async function ready() {
  t = openTestCore();
  const office = await setUpOffice(t);
  const seeded = await seedRegistry(t, office.admin);
  return { ...office, ...seeded, call: { token: office.admin } };
}

const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('sites', () => {
  it('builds the tree with counts and refuses duplicate names and codes', async () => {
    const s = await ready();
    const tree = await t.ok('sites.tree', {}, s.call);
    expect(tree.clusters[0]?.miniGrids.map((g) => g.code)).toEqual(['BKG', 'TML']);
    const dupCode = await t.call(
      'sites.createMiniGrid',
      { clusterId: s.cluster.id, name: 'Other', code: 'bkg' },
      s.call,
    );
    expect(dupCode).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { issues: [{ field: 'code' }] } },
    });
    const dupName = await t.call(
      'sites.createVillage',
      { miniGridId: s.grid.id, name: 'kogi north' },
      s.call,
    );
    expect(dupName).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses to delete a site that still has dependents, counting them', async () => {
    const s = await ready();
    await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
      s.call,
    );
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: '100200300400', villageId: s.village.id },
      s.call,
    );
    const refused = await t.call('sites.delete', { level: 'village', id: s.village.id }, s.call);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Village Kogi North still has 1 customer and 1 device; move or delete them first.',
      },
    });
    const grid = await t.call('sites.delete', { level: 'miniGrid', id: s.grid.id }, s.call);
    expect(grid).toMatchObject({
      ok: false,
      error: { message: 'Mini-grid Bakin Kogi still has 1 village; move or delete them first.' },
    });
    const counted = await t.ok('sites.tree', {}, s.call);
    const kogi = counted.clusters[0]?.miniGrids[0]?.villages[0];
    expect(kogi).toMatchObject({ name: 'Kogi North', customers: 1, devices: 1 });
    const makers = await t.ok('manufacturers.list', {}, s.call);
    expect(makers.manufacturers.find((m) => m.name === 'CHINT')).toMatchObject({
      models: 1,
      devices: 1,
    });
    const custs = await t.ok('customers.list', {}, s.call);
    expect(custs.rows[0]?.devices).toBe(0);
    // An empty village can go; it disappears from the tree.
    await t.ok('sites.delete', { level: 'village', id: s.other.id }, s.call);
    const tree = await t.ok('sites.tree', {}, s.call);
    expect(tree.clusters[0]?.miniGrids[1]?.villages.map((v) => v.name)).toEqual(['Kogi North']);
  });

  it('cashiers can read sites but not change them', async () => {
    const s = await ready();
    expect((await t.call('sites.tree', {}, { token: s.cashierToken })).ok).toBe(true);
    expect(
      await t.call('sites.createCluster', { name: 'X' }, { token: s.cashierToken }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('customers', () => {
  it('registers with an account number and a normalised phone', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      {
        firstName: 'Amina',
        lastName: 'Bello',
        phone: '0803 123 4567',
        villageId: s.village.id,
        gender: 'female',
      },
      s.call,
    );
    expect(c.accountNumber).toBe('LAG000018');
    expect(c.phone).toBe('+2348031234567');
    expect(c.site).toMatchObject({
      village: 'Kogi North',
      miniGrid: 'Bakin Kogi',
      cluster: 'Niger State',
    });
    const second = await t.ok(
      'customers.create',
      { kind: 'business', businessName: 'Mama Put Kitchen', villageId: s.village.id },
      s.call,
    );
    expect(second.accountNumber).toBe('LAG000026');
    expect(second.displayName).toBe('Mama Put Kitchen');
  });

  it('rejects an invalid phone with the reason, naming the field, and writes nothing', async () => {
    const s = await ready();
    const bad = await t.call(
      'customers.create',
      { firstName: 'A', lastName: 'B', phone: '12345', villageId: s.village.id },
      s.call,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'phone' }] } },
    });
    if (!bad.ok) expect(bad.error.message).toMatch(/12345/);
    expect((await t.ok('customers.list', {}, s.call)).total).toBe(0);
  });

  it('refuses a national ID that another customer has', async () => {
    const s = await ready();
    await t.ok(
      'customers.create',
      { firstName: 'A', lastName: 'B', nationalId: '12345678901', villageId: s.village.id },
      s.call,
    );
    const dup = await t.call(
      'customers.create',
      { firstName: 'C', lastName: 'D', nationalId: '12345678901', villageId: s.village.id },
      s.call,
    );
    expect(dup).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'National ID 12345678901 already belongs to customer LAG000018.',
      },
    });
  });

  it('lists with paging, filters and sorting, and exports the filtered list', async () => {
    const s = await ready();
    const names = ['Zainab', 'Chidi', 'Bola', 'Musa', 'Ngozi'];
    for (const [i, n] of names.entries()) {
      await t.ok(
        'customers.create',
        {
          firstName: n,
          lastName: 'Okafor',
          villageId: i % 2 ? s.village.id : s.village2.id,
          status: i === 4 ? 'inactive' : 'active',
        },
        s.call,
      );
    }
    const page = await t.ok('customers.list', { pageSize: 2, page: 2, sort: 'name' }, s.call);
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.displayName)).toEqual(['Musa Okafor', 'Ngozi Okafor']);
    const inGrid = await t.ok('customers.list', { filters: { miniGridId: s.grid.id } }, s.call);
    expect(inGrid.total).toBe(2);
    const active = await t.ok('customers.list', { filters: { status: 'inactive' } }, s.call);
    expect(active.rows.map((r) => r.displayName)).toEqual(['Ngozi Okafor']);
    const text = await t.ok('customers.list', { filters: { text: 'zain' } }, s.call);
    expect(text.rows.map((r) => r.displayName)).toEqual(['Zainab Okafor']);
    const csv = await t.ok(
      'customers.export',
      { filters: { miniGridId: s.grid.id }, sort: 'name' },
      s.call,
    );
    expect(csv.rows).toBe(2);
    expect(csv.csv.split('\r\n')[0]).toBe(
      'account_number,name,type,phone,national_id,village,mini_grid,status,devices,registered',
    );
    expect(csv.csv).toContain('Chidi Okafor');
  });

  it('records which fields changed in the audit log', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
      s.call,
    );
    await t.ok(
      'customers.update',
      { id: c.id, phone: '+234 803 123 4567', notes: 'private note' },
      s.call,
    );
    const { entries } = await t.ok('audit.list', { command: 'customers.update' }, s.call);
    expect(entries[0]?.summary).toBe('Changed customer LAG000018: phone, notes');
  });
});

describe('devices', () => {
  it('keeps a history of registration, assignment, moves and unassignment', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
      s.call,
    );
    const d = await t.ok('devices.create', { modelId: s.shs.id, serial: 'SHS-0001' }, s.call);
    expect(d).toMatchObject({ status: 'in_stock', customer: null, kind: 'shs', billingMode: null });
    t.clock.advance(1000);
    const assigned = await t.ok(
      'devices.assign',
      { id: d.id, customerId: c.id, installedAt: '2026-11-20' },
      s.call,
    );
    expect(assigned).toMatchObject({
      status: 'installed',
      installedAt: '2026-11-20',
      customer: { accountNumber: c.accountNumber },
    });
    expect(assigned.site?.village).toBe('Kogi North');
    t.clock.advance(1000);
    await t.ok('devices.move', { id: d.id, villageId: s.other.id, note: 'moved house' }, s.call);
    t.clock.advance(1000);
    await t.ok('devices.unassign', { id: d.id, status: 'faulty', note: 'panel cracked' }, s.call);
    const { history, device } = await t.ok('devices.get', { id: d.id }, s.call);
    expect(device.status).toBe('faulty');
    expect(history.map((h) => [h.event, h.village, h.note])).toEqual([
      ['unassigned', 'Gada', 'panel cracked'],
      ['moved', 'Gada', 'moved house'],
      ['assigned', 'Kogi North', null],
      ['registered', null, null],
    ]);
    expect(history[2]?.customer?.accountNumber).toBe(c.accountNumber);
    // The history is a ledger: the database refuses to rewrite it.
    expect(() => t.core.deps.raw.prepare("UPDATE device_events SET note = 'x'").run()).toThrow(
      /append-only/,
    );
  });

  it('refuses a serial twice for one manufacturer, and a billing mode on an SHS', async () => {
    const s = await ready();
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: '555', villageId: s.village.id },
      s.call,
    );
    const dup = await t.call('devices.create', { modelId: s.meter.id, serial: '555' }, s.call);
    expect(dup).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Serial 555 is already registered for this manufacturer (in stock).',
      },
    });
    // Same serial, other manufacturer: fine.
    expect((await t.call('devices.create', { modelId: s.shs.id, serial: '555' }, s.call)).ok).toBe(
      true,
    );
    const mode = await t.call(
      'devices.create',
      { modelId: s.shs.id, serial: '556', billingMode: 'postpaid' },
      s.call,
    );
    expect(mode).toMatchObject({
      ok: false,
      error: { details: { issues: [{ field: 'billingMode' }] } },
    });
  });

  it('accepts OpenPAYGO keys only as 32 hex characters and never returns them', async () => {
    const s = await ready();
    const bad = await t.call(
      'devices.create',
      { modelId: s.shs.id, serial: 'X1', openpaygo: { key: 'abc', startingCode: 123456789 } },
      s.call,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'openpaygo.key' }] } },
    });
    const d = await t.ok(
      'devices.create',
      {
        modelId: s.shs.id,
        serial: 'X1',
        openpaygo: { key: KEY.toUpperCase(), startingCode: 123456789, count: 3 },
      },
      s.call,
    );
    expect(d.openpaygo).toEqual({
      keySet: true,
      startingCode: 123456789,
      count: 3,
      timeDivider: 1,
      restrictedDigits: false,
      owningOffice: 'LAG',
      ownedHere: true,
    });
    const everything = JSON.stringify([
      await t.ok('devices.get', { id: d.id }, s.call),
      await t.ok('devices.export', {}, s.call),
      await t.ok('audit.list', {}, s.call),
    ]);
    expect(everything.toLowerCase()).not.toContain(KEY);
  });

  it('stores keys encrypted: the key bytes appear nowhere in the database files', async () => {
    const s = await ready();
    await t.ok(
      'devices.create',
      { modelId: s.shs.id, serial: 'X1', openpaygo: { key: KEY, startingCode: 123456789 } },
      s.call,
    );
    t.core.deps.raw.pragma('wal_checkpoint(TRUNCATE)');
    const keyBytes = Buffer.from(KEY, 'hex');
    const files = readdirSync(t.dataDir).filter(
      (f) => f.startsWith('griddesk.sqlite') || f.endsWith('.log'),
    );
    expect(files).toContain('griddesk.sqlite');
    for (const f of files) {
      const content = readFileSync(join(t.dataDir, f));
      expect(content.includes(keyBytes), f).toBe(false);
      expect(content.includes(Buffer.from(KEY)), f).toBe(false);
      expect(content.toString('latin1').toLowerCase().includes(KEY), f).toBe(false);
    }
    // ...while the core can still open it (sealed with the data folder's key file).
    const sealed = t.core.deps.raw
      .prepare('SELECT device_id, key_sealed FROM openpaygo_devices')
      .get() as { device_id: string; key_sealed: string };
    expect(
      t.core.deps.secrets.open(sealed.key_sealed, `openpaygo:${sealed.device_id}`).toString('hex'),
    ).toBe(KEY);
    // A sealed key moved onto another device does not open.
    expect(() => t.core.deps.secrets.open(sealed.key_sealed, 'openpaygo:another-device')).toThrow();
  });

  it('lists devices with filters, and finds them through their customer', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
      s.call,
    );
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: 'M-1', customerId: c.id, billingMode: 'postpaid' },
      s.call,
    );
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: 'M-2', villageId: s.village2.id },
      s.call,
    );
    await t.ok('devices.create', { modelId: s.shs.id, serial: 'S-1', customerId: c.id }, s.call);
    expect((await t.ok('devices.list', { filters: { kind: 'meter' } }, s.call)).total).toBe(2);
    expect(
      (await t.ok('devices.list', { filters: { billingMode: 'postpaid' } }, s.call)).rows.map(
        (r) => r.serial,
      ),
    ).toEqual(['M-1']);
    expect(
      (await t.ok('devices.list', { filters: { miniGridId: s.grid2.id } }, s.call)).rows.map(
        (r) => r.serial,
      ),
    ).toEqual(['M-2']);
    expect(
      (await t.ok('devices.list', { filters: { assigned: false } }, s.call)).rows.map(
        (r) => r.serial,
      ),
    ).toEqual(['M-2']);
    const byOwner = await t.ok(
      'devices.list',
      { filters: { text: 'amina' }, sort: 'serial' },
      s.call,
    );
    expect(byOwner.rows.map((r) => r.serial)).toEqual(['M-1', 'S-1']);
  });
});

describe('quick search', () => {
  it('finds by any part of a name, phone in any format, account number, national ID or serial', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      {
        firstName: 'Adébáyọ̀',
        lastName: 'Ọláolúwa',
        phone: '+234 803 123 4567',
        nationalId: '98765432109',
        villageId: s.village.id,
      },
      s.call,
    );
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: '4700123456', customerId: c.id },
      s.call,
    );
    const find = async (q: string) => (await t.ok('search.quick', { q }, s.call)).hits;
    for (const q of [
      'adebayo',
      'OLAOL',
      '0803 123',
      '803-123-45',
      '+2348031234567',
      c.accountNumber.toLowerCase(),
      '7654321',
      'bayo olu',
    ]) {
      const hits = await find(q);
      expect(
        hits.map((h) => h.id),
        q,
      ).toContain(c.id);
    }
    const device = await find('700123');
    expect(device[0]).toMatchObject({ kind: 'device', title: '4700123456', customerId: c.id });
    expect(device[0]?.subtitle).toContain(c.accountNumber);
    // Short input: prefix of an account number or serial.
    expect((await find('LA')).map((h) => h.id)).toContain(c.id);
    expect((await find('47')).map((h) => h.title)).toContain('4700123456');
    expect(await find('zzzz')).toEqual([]);
    expect(await find('"')).toEqual([]);
  });
});

describe('quick search ranking', () => {
  it('puts customers first when the text is typed like a phone number', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      { firstName: 'Halima', lastName: 'Musa', phone: '0803 555 0000', villageId: s.village.id },
      s.call,
    );
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: '9080355500', villageId: s.village.id },
      s.call,
    );
    const hits = (await t.ok('search.quick', { q: '0803 555' }, s.call)).hits;
    expect(hits.map((h) => h.kind)).toEqual(['customer', 'device']);
    expect(hits[0]?.id).toBe(c.id);
  });
});
