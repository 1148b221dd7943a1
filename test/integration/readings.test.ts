// The readings store on a real temporary database: meter links, manual readings with the reset and
// jump checks, the clerk's review, CSV import (both layouts, all or nothing, idempotent), and
// consumption by day and month from trusted readings only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let cashier: string;
let meterId: string;
let shsId: string;

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  const seed = await seedRegistry(t, admin);
  meterId = (
    await t.ok(
      'devices.create',
      {
        modelId: seed.meter.id,
        serial: 'DDSU-0001',
        villageId: seed.village.id,
        billingMode: 'postpaid',
      },
      { token: admin },
    )
  ).id;
  shsId = (
    await t.ok(
      'devices.create',
      { modelId: seed.shs.id, serial: 'SHS-0001', villageId: seed.village.id },
      { token: admin },
    )
  ).id;
});
afterEach(() => t.close());

const manual = (kwh: number, readAt: string) =>
  t.ok('readings.addManual', { deviceId: meterId, kwh, readAt }, { token: admin });

describe('meter links', () => {
  it('stores how a meter is read, with the profile defaults as effective line settings', async () => {
    const link = await t.ok(
      'meters.configure',
      {
        deviceId: meterId,
        protocol: 'modbus-rtu',
        port: '/dev/ttyUSB0',
        profileId: 'chint-ddsu666',
        busAddress: '7',
        maxKwhPerDay: 40,
      },
      { token: admin },
    );
    expect(link).toMatchObject({
      busAddress: '7',
      baud: null,
      effective: { baud: 9600, dataBits: 8, parity: 'none', stopBits: 2 },
    });
    const changed = await t.ok(
      'meters.configure',
      { deviceId: meterId, protocol: 'dlt645', port: 'COM3', busAddress: '123456789012' },
      { token: admin },
    );
    expect(changed.effective).toEqual({ baud: 2400, dataBits: 8, parity: 'even', stopBits: 1 });
    expect(
      (await t.ok('meters.get', { deviceId: meterId }, { token: cashier })).link?.protocol,
    ).toBe('dlt645');
  });

  it('refuses a wrong profile, address or device with the field named, changing nothing', async () => {
    const before = snapshot(t.core);
    for (const [input, field] of [
      [{ deviceId: meterId, protocol: 'modbus-rtu', profileId: 'no-such-meter' }, 'profileId'],
      [{ deviceId: meterId, protocol: 'modbus-rtu', busAddress: '300' }, 'busAddress'],
      [{ deviceId: meterId, protocol: 'dlt645', busAddress: '12' }, 'busAddress'],
      [{ deviceId: shsId, protocol: 'modbus-rtu' }, 'deviceId'],
    ] as const) {
      const r = await t.call('meters.configure', input, { token: admin });
      expect(r).toMatchObject({ ok: false, error: { details: { issues: [{ field }] } } });
    }
    expect(
      await t.call(
        'meters.configure',
        { deviceId: meterId, protocol: 'modbus-rtu' },
        { token: cashier },
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot(t.core)).toBe(before);
  });
});

describe('readings', () => {
  it('flags a drop as reset/swap and a jump, and a review decides what counts', async () => {
    await manual(1000, '2026-11-01T08:00:00.000Z');
    const normal = await manual(1010.5, '2026-11-02T08:00:00.000Z');
    expect(normal).toMatchObject({ status: 'ok', wh: 1_010_500, source: 'manual' });
    const drop = await manual(3, '2026-11-03T08:00:00.000Z');
    expect(drop).toMatchObject({ status: 'flagged', flag: 'reset' });
    const jump = await manual(1500, '2026-11-04T08:00:00.000Z');
    expect(jump).toMatchObject({ status: 'flagged', flag: 'jump' });
    expect((await t.ok('meters.get', { deviceId: meterId }, { token: admin })).flaggedCount).toBe(
      2,
    );

    // Consumption counts trusted readings only: 10.5 kWh so far.
    const before = await t.ok(
      'readings.consumption',
      { deviceId: meterId, granularity: 'monthly' },
      { token: admin },
    );
    expect(before.totalWh).toBe(10_500);

    await t.ok(
      'readings.review',
      { readingId: jump.id, decision: 'rejected', note: 'misread display' },
      { token: admin },
    );
    await t.ok(
      'readings.review',
      { readingId: drop.id, decision: 'accepted', note: 'meter swapped on site' },
      { token: admin },
    );
    // After the swap the new meter starts a new baseline: 3 kWh -> 5 kWh adds 2.
    await manual(5, '2026-11-05T08:00:00.000Z');
    const after = await t.ok(
      'readings.consumption',
      { deviceId: meterId, granularity: 'daily' },
      { token: admin },
    );
    expect(after.totalWh).toBe(12_500);
    expect(after.buckets.every((b) => b.wh >= 0)).toBe(true);
    const again = await t.call(
      'readings.review',
      { readingId: jump.id, decision: 'accepted', note: 'x' },
      { token: admin },
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const flagged = await t.ok(
      'readings.list',
      { deviceId: meterId, status: 'flagged' },
      { token: admin },
    );
    expect(flagged.total).toBe(0);
    const all = await t.ok('readings.list', { deviceId: meterId }, { token: admin });
    expect(all.rows.map((r) => r.status)).toEqual(['ok', 'rejected', 'accepted', 'ok', 'ok']);
  });

  it('refuses a reading in the future or with more than 3 decimals', async () => {
    expect(
      await t.call(
        'readings.addManual',
        { deviceId: meterId, kwh: 5, readAt: '2026-12-01T00:00:00.000Z' },
        { token: admin },
      ),
    ).toMatchObject({ ok: false, error: { details: { issues: [{ field: 'readAt' }] } } });
    expect(
      await t.call('readings.addManual', { deviceId: meterId, kwh: 1.2345 }, { token: admin }),
    ).toMatchObject({ ok: false, error: { details: { issues: [{ field: 'kwh' }] } } });
  });
});

describe('readings.import', () => {
  it('imports both standard layouts, all or nothing, and reports repeats instead of storing them', async () => {
    const first = [
      'timestamp,meter_id,energy_total',
      '2026-11-01T00:00:00Z,DDSU-0001,100.5',
      '2026-11-10 00:00,ddsu-0001,120',
    ].join('\n');
    const r1 = await t.ok('readings.import', { csv: first }, { token: admin });
    expect(r1).toMatchObject({
      imported: 2,
      duplicates: 0,
      problems: [],
      mapping: { readAt: 'timestamp', meter: 'meter_id', kwh: 'energy_total' },
    });
    const r2 = await t.ok('readings.import', { csv: first }, { token: admin });
    expect(r2).toMatchObject({ imported: 0, duplicates: 2 });

    const second = ['read_at;meter_serial;reading_kwh', '15/11/2026 08:30;DDSU-0001;130,25'].join(
      '\n',
    );
    expect(await t.ok('readings.import', { csv: second }, { token: admin })).toMatchObject({
      imported: 1,
    });
    const latest = await t.ok('meters.get', { deviceId: meterId }, { token: admin });
    // 08:30 in Lagos (UTC+1) is 07:30Z.
    expect(latest.latest).toMatchObject({
      readAt: '2026-11-15T07:30:00.000Z',
      wh: 130_250,
      source: 'csv',
      raw: '130,25',
    });

    const bad = [
      'timestamp,meter_id,energy_total',
      '2026-11-16T00:00:00Z,DDSU-0001,131',
      '2026-11-17,NOPE,1',
      '03/04,DDSU-0001,x',
    ].join('\n');
    const r3 = await t.ok('readings.import', { csv: bad }, { token: admin });
    expect(r3.imported).toBe(0);
    expect(r3.problems).toEqual([
      { line: 3, column: 'meter_id', message: 'No meter with serial "NOPE"' },
      { line: 4, column: 'timestamp', message: expect.stringContaining('"03/04"') },
      { line: 4, column: 'energy_total', message: '"x" is not a number of kWh' },
    ]);
    expect((await t.ok('readings.list', { deviceId: meterId }, { token: admin })).total).toBe(3);
  });

  it('takes a mapping for other layouts and says which column is missing', async () => {
    const csv = ['When,Compteur,Index', '2026-11-01 00:00,DDSU-0001,5'].join('\n');
    const unmapped = await t.ok('readings.import', { csv, dryRun: true }, { token: admin });
    expect(unmapped.problems.map((p) => p.message)).toEqual([
      'No column for Read at: map one',
      'No column for Meter: map one',
      'No column for kWh: map one',
    ]);
    const mapped = await t.ok(
      'readings.import',
      { csv, mapping: { readAt: 'When', meter: 'Compteur', kwh: 'Index' } },
      { token: admin },
    );
    expect(mapped).toMatchObject({ imported: 1, problems: [] });
  });
});
