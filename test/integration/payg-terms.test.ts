// PAYG terms on a real temporary database: the list of lockable devices with their terms and
// credentials, setting the terms of many devices at once (managers, audited, all or nothing),
// and the counter selling days at the new price.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

let t: TestCore;
let admin: string;
let cashier: string;
let clerk: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
let customerId: string;
const ids: Record<string, string> = {};

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  await t.ok(
    'users.create',
    {
      username: 'chidi',
      displayName: 'Chidi Clerk',
      role: 'clerk',
      password: 'clerk pass 1',
      passwordConfirm: 'clerk pass 1',
    },
    { token: admin },
  );
  clerk = (await t.ok('auth.login', { username: 'chidi', password: 'clerk pass 1' })).token;
  seed = await seedRegistry(t, admin);
  customerId = (
    await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
      { token: admin },
    )
  ).id;
  for (const serial of ['SHS-1', 'SHS-2', 'SHS-3']) {
    ids[serial] = (
      await t.ok(
        'devices.create',
        {
          modelId: seed.shs.id,
          serial,
          villageId: serial === 'SHS-3' ? seed.other.id : seed.village.id,
          ...(serial === 'SHS-1' ? { customerId } : {}),
          ...(serial === 'SHS-2'
            ? {}
            : { openpaygo: { key: KEY, startingCode: 516959010, count: 0 } }),
        },
        { token: admin },
      )
    ).id;
  }
  ids['MTR-1'] = (
    await t.ok(
      'devices.create',
      {
        modelId: seed.meter.id,
        serial: 'MTR-1',
        villageId: seed.village.id,
        billingMode: 'prepaid',
      },
      { token: admin },
    )
  ).id;
});
afterEach(() => t.close());

const id = (serial: string) => ids[serial] ?? '';

describe('PAYG terms', () => {
  it('lists lockable devices with their terms and credentials, filtered', async () => {
    await t.ok(
      'devices.setPaygPlan',
      { deviceId: id('SHS-1'), dailyPriceMinor: 15_000 },
      { token: admin },
    );
    const all = await t.ok('payg.list', {}, { token: clerk });
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => [r.serial, r.dailyPriceMinor, r.credentials])).toEqual([
      ['SHS-1', 15_000, true],
      ['SHS-2', null, false],
      ['SHS-3', null, true],
    ]);
    expect(all.rows[0]?.customer?.name).toBe('Amina Bello');
    const missing = await t.ok('payg.list', { filters: { terms: 'missing' } }, { token: clerk });
    expect(missing.rows.map((r) => r.serial)).toEqual(['SHS-2', 'SHS-3']);
    const grid2 = await t.ok(
      'payg.list',
      { filters: { miniGridId: seed.grid2.id } },
      { token: clerk },
    );
    expect(grid2.rows.map((r) => r.serial)).toEqual(['SHS-3']);
  });

  it('sets the terms of many devices at once, audited, and the counter sells at them', async () => {
    const result = await t.ok(
      'payg.setTerms',
      {
        deviceIds: [id('SHS-1'), id('SHS-2'), id('SHS-3')],
        dailyPriceMinor: 20_000,
        totalPriceMinor: 7_300_000,
      },
      { token: admin },
    );
    expect(result).toEqual({ updated: 3 });
    const rows = (await t.ok('payg.list', {}, { token: clerk })).rows;
    expect(rows.every((r) => r.dailyPriceMinor === 20_000 && r.totalPriceMinor === 7_300_000)).toBe(
      true,
    );
    const entry = (await t.ok('audit.list', { command: 'payg.setTerms' }, { token: admin }))
      .entries[0];
    expect(entry?.summary).toBe(
      'Set the PAYG terms of 3 devices SHS-1, SHS-2, SHS-3: 200.00 NGN a day, unlocked at 73,000.00 NGN',
    );
    expect(entry?.records).toHaveLength(3);

    // Changed later for one device; the counter sells its days at the new price.
    await t.ok(
      'payg.setTerms',
      { deviceIds: [id('SHS-1')], dailyPriceMinor: 10_000, totalPriceMinor: null },
      { token: admin },
    );
    const sale = await t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: id('SHS-1'), amountMinor: 50_000, method: 'cash' },
      { token: cashier },
    );
    expect(sale.allocations[0]).toMatchObject({ kind: 'days', days: 5 });
  });

  it('refuses a meter, a total below one day and clerks, changing nothing', async () => {
    const before = snapshot(t.core);
    const withMeter = await t.call(
      'payg.setTerms',
      { deviceIds: [id('SHS-1'), id('MTR-1')], dailyPriceMinor: 100 },
      { token: admin },
    );
    expect(withMeter).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'deviceIds' }] } },
    });
    if (!withMeter.ok) expect(withMeter.error.message).toMatch(/^MTR-1: Meters are sold energy/);
    const lowTotal = await t.call(
      'payg.setTerms',
      { deviceIds: [id('SHS-1')], dailyPriceMinor: 100, totalPriceMinor: 99 },
      { token: admin },
    );
    expect(lowTotal).toMatchObject({
      ok: false,
      error: { details: { issues: [{ field: 'totalPriceMinor' }] } },
    });
    const byClerk = await t.call(
      'payg.setTerms',
      { deviceIds: [id('SHS-1')], dailyPriceMinor: 100 },
      { token: clerk },
    );
    expect(byClerk).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot(t.core)).toBe(before);
  });
});
