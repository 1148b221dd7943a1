// The paged lists (areas/shared/lists.ts): pages past the middle are read from the far end and totals
// are kept until the database changes; neither may change what a clerk sees.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let s: Awaited<ReturnType<typeof seedRegistry>>;
const NAMES = ['Bello', 'adamu', 'Okafor', 'Eze', 'bello', 'Musa', 'Ibrahim'];

beforeAll(async () => {
  t = openTestCore();
  ({ admin } = await setUpOffice(t));
  s = await seedRegistry(t, admin);
  for (const [i, lastName] of NAMES.entries()) {
    await t.ok(
      'customers.create',
      {
        firstName: `First${i % 3}`,
        lastName,
        villageId: i % 2 ? s.village.id : s.other.id,
      },
      { token: admin },
    );
  }
});
afterAll(() => t.close());

describe('paged lists', () => {
  for (const sort of ['accountNumber', 'name', 'village', 'status', 'createdAt'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`gives every page of customers by ${sort} ${direction} in the export's order`, async () => {
        const all = await t.ok('customers.export', { sort, direction }, { token: admin });
        const order = all.csv
          .trim()
          .split('\r\n')
          .slice(1)
          .map((line) => line.split(',')[0]);
        const seen: string[] = [];
        for (let page = 1; page <= 4; page++) {
          const got = await t.ok(
            'customers.list',
            { page, pageSize: 2, sort, direction },
            { token: admin },
          );
          expect(got.total).toBe(NAMES.length);
          seen.push(...got.rows.map((r) => r.accountNumber));
        }
        expect(seen).toEqual(order);
      });
    }
  }

  it('answers a page past the end with no rows and the total', async () => {
    const got = await t.ok('customers.list', { page: 9, pageSize: 2 }, { token: admin });
    expect(got).toEqual({ rows: [], total: NAMES.length });
  });

  it('counts again after a change, by this process or another', async () => {
    const filters = { villageId: s.other.id };
    const before = await t.ok('customers.list', { filters }, { token: admin });
    const created = await t.ok(
      'customers.create',
      { firstName: 'New', lastName: 'Customer', villageId: s.other.id },
      { token: admin },
    );
    const after = await t.ok('customers.list', { filters }, { token: admin });
    expect(after.total).toBe(before.total + 1);
    // Another connection (a second GridDesk process) deletes it: the next page sees that too.
    const other = new Database(t.core.deps.raw.name);
    other
      .prepare("UPDATE customers SET deleted_at = '2026-11-22T09:00:00.000Z' WHERE id = ?")
      .run(created.id);
    other.close();
    const last = await t.ok('customers.list', { filters }, { token: admin });
    expect(last.total).toBe(before.total);
  });

  it('pages devices, meters and PAYG terms from both ends alike', async () => {
    for (let i = 0; i < 5; i++) {
      await t.ok(
        'devices.create',
        { modelId: s.meter.id, serial: `47000000${i}`, villageId: s.village.id },
        { token: admin },
      );
      await t.ok(
        'devices.create',
        { modelId: s.shs.id, serial: `SHS-${i}`, villageId: s.village.id },
        { token: admin },
      );
    }
    const pages = async (
      list: (page: number) => Promise<{ rows: { serial: string }[]; total: number }>,
    ) => {
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++)
        seen.push(...(await list(page)).rows.map((r) => r.serial));
      return seen;
    };
    const call = { token: admin };
    const devices = await pages((page) =>
      t.ok('devices.list', { page, pageSize: 3, sort: 'serial', direction: 'desc' }, call),
    );
    expect(devices).toEqual([...devices].sort().reverse());
    expect(devices).toHaveLength(10);
    const meters = await pages((page) =>
      t.ok('meters.list', { page, pageSize: 2, sort: 'serial' }, call),
    );
    expect(meters).toEqual([...meters].sort());
    expect(meters).toHaveLength(5);
    const payg = await pages((page) =>
      t.ok('payg.list', { page, pageSize: 2, sort: 'serial', direction: 'desc' }, call),
    );
    expect(payg).toEqual([...payg].sort().reverse());
    expect(payg).toHaveLength(5);
  });
});
