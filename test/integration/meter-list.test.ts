// The Meters list on a real temporary database: only meters, how each is reached, its latest
// reading and the flagged readings waiting for a review; filters by site, status, link, flags and
// text; sorting and paging.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let cashier: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
const ids: Record<string, string> = {};

async function meter(serial: string, villageId: string, status?: 'in_stock' | 'installed') {
  ids[serial] = (
    await t.ok(
      'devices.create',
      {
        modelId: seed.meter.id,
        serial,
        villageId,
        billingMode: 'prepaid',
        ...(status ? { status } : {}),
      },
      { token: admin },
    )
  ).id;
}

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  seed = await seedRegistry(t, admin);
  await meter('MTR-A', seed.village.id);
  await meter('MTR-B', seed.village.id);
  await meter('MTR-C', seed.other.id);
  await t.ok(
    'devices.create',
    { modelId: seed.shs.id, serial: 'SHS-1', villageId: seed.village.id },
    { token: admin },
  );
  await t.ok(
    'meters.configure',
    { deviceId: ids['MTR-A'] ?? '', protocol: 'modbus-rtu', port: '/dev/ttyUSB0', busAddress: '7' },
    { token: admin },
  );
  await t.ok(
    'meters.configure',
    { deviceId: ids['MTR-B'] ?? '', protocol: 'dlt645', busAddress: '123456789012' },
    { token: admin },
  );
  const read = (serial: string, kwh: number, readAt: string) =>
    t.ok('readings.addManual', { deviceId: ids[serial] ?? '', kwh, readAt }, { token: admin });
  await read('MTR-A', 100, '2026-11-20T08:00:00.000Z');
  await read('MTR-A', 104.5, '2026-11-21T08:00:00.000Z');
  await read('MTR-B', 50, '2026-11-20T08:00:00.000Z');
  // A drop: flagged as a reset, waiting for a review.
  await read('MTR-B', 10, '2026-11-21T07:00:00.000Z');
});
afterEach(() => t.close());

const list = (input: Parameters<typeof t.ok<'meters.list'>>[1]) =>
  t.ok('meters.list', input, { token: cashier });

describe('meters.list', () => {
  it('lists only meters, with link, latest reading and flags', async () => {
    const page = await list({});
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.serial)).toEqual(['MTR-A', 'MTR-B', 'MTR-C']);
    const [a, b, c] = page.rows;
    expect(a).toMatchObject({
      link: 'serial',
      protocol: 'modbus-rtu',
      lastReading: { at: '2026-11-21T08:00:00.000Z', wh: 104_500 },
      flagged: 0,
      village: 'Kogi North',
      miniGrid: 'Bakin Kogi',
    });
    expect(b).toMatchObject({ link: 'gateway', protocol: 'dlt645', flagged: 1 });
    expect(c).toMatchObject({ link: 'none', protocol: null, lastReading: null, flagged: 0 });
  });

  it('filters by site, link, flags and text', async () => {
    const serials = async (filters: Parameters<typeof list>[0]['filters']) =>
      (await list({ filters })).rows.map((r) => r.serial);
    expect(await serials({ miniGridId: seed.grid2.id })).toEqual(['MTR-C']);
    expect(await serials({ villageId: seed.village.id })).toEqual(['MTR-A', 'MTR-B']);
    expect(await serials({ clusterId: seed.cluster.id })).toEqual(['MTR-A', 'MTR-B', 'MTR-C']);
    expect(await serials({ link: 'none' })).toEqual(['MTR-C']);
    expect(await serials({ link: 'serial' })).toEqual(['MTR-A']);
    expect(await serials({ flagged: true })).toEqual(['MTR-B']);
    expect(await serials({ flagged: false })).toEqual(['MTR-A', 'MTR-C']);
    expect(await serials({ text: 'MTR-C' })).toEqual(['MTR-C']);
    // A review takes the meter off the flagged list.
    const flaggedReading = (
      await t.ok(
        'readings.list',
        { deviceId: ids['MTR-B'] ?? '', status: 'flagged' },
        { token: admin },
      )
    ).rows[0];
    await t.ok(
      'readings.review',
      { readingId: flaggedReading?.id ?? '', decision: 'accepted', note: 'meter swapped' },
      { token: admin },
    );
    expect(await serials({ flagged: true })).toEqual([]);
  });

  it('sorts and pages on the server', async () => {
    const first = await list({ sort: 'lastReading', direction: 'desc', pageSize: 2 });
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => r.serial)).toEqual(['MTR-A', 'MTR-B']);
    const second = await list({ sort: 'lastReading', direction: 'desc', pageSize: 2, page: 2 });
    expect(second.rows.map((r) => r.serial)).toEqual(['MTR-C']);
    const byFlags = await list({ sort: 'flagged', direction: 'desc' });
    expect(byFlags.rows[0]?.serial).toBe('MTR-B');
  });
});
