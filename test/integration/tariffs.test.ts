// Tariffs through the dispatcher on a real migrated SQLite: versions, the version in force,
// meters only, append-only versions, roles.
import { afterEach, describe, expect, it } from 'vitest';
import type { TariffDefinitionInput } from '../../src/contract';
import { openTestCore, setUpOffice, SETUP, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
afterEach(() => t.close());

async function ready() {
  t = openTestCore();
  const office = await setUpOffice(t);
  const seeded = await seedRegistry(t, office.admin);
  return { ...office, ...seeded, call: { token: office.admin } };
}

/** NGN 150.00/kWh up to 50 kWh, then NGN 200.00/kWh; 7.5% VAT. */
const residential: TariffDefinitionInput = {
  bands: [
    { uptoKwh: 50, priceMilliMinorPerKwh: 15_000_000 },
    { uptoKwh: null, priceMilliMinorPerKwh: 20_000_000 },
  ],
  levies: [{ name: 'Rural levy', perKwhMilliMinor: 50_000 }],
  accessCharge: { amountMinor: 50_000, period: 'monthly' },
  minimumPurchaseMinor: 50_000,
  vatBasisPoints: 750,
};

describe('tariffs', () => {
  it('creates a tariff, adds versions and shows the version in force today', async () => {
    const s = await ready();
    // The test clock says 2026-11-22.
    const created = await t.ok(
      'tariffs.create',
      {
        name: 'Standard residential',
        definition: residential,
        effectiveFrom: '2026-01-01',
        approvalRef: 'NERC/2025/077',
      },
      s.call,
    );
    expect(created.versions).toHaveLength(1);
    expect(created.current).toMatchObject({ version: 1, approvalRef: 'NERC/2025/077' });
    // (150.00 + 0.50) x 1.075 = NGN 161.7875/kWh.
    expect(created.current?.prepaidUnitPriceMilliMinorPerKwh).toBe(16_178_750);
    expect(created.current?.definition).toEqual({ ...residential, lifeline: null });

    const next = await t.ok(
      'tariffs.addVersion',
      {
        tariffId: created.id,
        definition: { ...residential, vatBasisPoints: 1000 },
        effectiveFrom: '2027-01-01',
        approvalRef: 'NERC/2026/123',
      },
      s.call,
    );
    expect(next.versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
      [1, '2026-01-01'],
      [2, '2027-01-01'],
    ]);
    // Version 2 is approved but not yet in force.
    expect(next.current?.version).toBe(1);
    const audit = await t.ok('audit.list', {}, s.call);
    expect(audit.entries.map((r) => r.summary)).toContain(
      'Added version 2 of Standard residential, in force from 2027-01-01 (approval NERC/2026/123)',
    );

    t.clock.advance(Date.parse('2027-01-01T08:00:00.000Z') - t.clock.nowMs());
    // A month later the session has long expired: sign in again.
    const later = await t.ok('auth.login', { username: 'ada', password: SETUP.admin.password });
    const listed = await t.ok('tariffs.list', {}, { token: later.token });
    expect(listed.tariffs).toHaveLength(1);
    expect(listed.tariffs[0]?.current?.version).toBe(2);

    // The same name twice is refused.
    const dup = await t.call(
      'tariffs.create',
      { name: 'standard RESIDENTIAL', definition: residential, effectiveFrom: '2027-01-01' },
      { token: later.token },
    );
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses a version that starts before the latest one, changing nothing', async () => {
    const s = await ready();
    const created = await t.ok(
      'tariffs.create',
      { name: 'Commercial', definition: residential, effectiveFrom: '2026-06-01' },
      s.call,
    );
    const before = snapshot(t.core);
    const refused = await t.call(
      'tariffs.addVersion',
      { tariffId: created.id, definition: residential, effectiveFrom: '2026-05-31' },
      s.call,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'Version 1 of Commercial is in force from 2026-06-01: a new version cannot start earlier. Start it on 2026-06-01 or later.',
        details: { issues: [{ field: 'effectiveFrom' }] },
      },
    });
    expect(snapshot(t.core)).toBe(before);
    // The same day is allowed (a correction approved for the same date); it is in the past, so
    // it needs a reason.
    await t.ok(
      'tariffs.addVersion',
      {
        tariffId: created.id,
        definition: residential,
        effectiveFrom: '2026-06-01',
        reason: 'Correction approved for the same date',
      },
      s.call,
    );
  });

  it('refuses an unsound definition, naming the field', async () => {
    const s = await ready();
    const refused = await t.call(
      'tariffs.create',
      {
        name: 'Broken',
        definition: {
          ...residential,
          bands: [
            { uptoKwh: 50, priceMilliMinorPerKwh: 1 },
            { uptoKwh: 40, priceMilliMinorPerKwh: 1 },
            { uptoKwh: null, priceMilliMinorPerKwh: 1 },
          ],
        },
        effectiveFrom: '2026-01-01',
      },
      s.call,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: "Definition.bands.1.uptoKwh must be above the previous band's limit (50 kWh)",
      },
    });
    const vat = await t.call(
      'tariffs.create',
      {
        name: 'Broken',
        definition: { ...residential, vatBasisPoints: 10_001 },
        effectiveFrom: '2026-01-01',
      },
      s.call,
    );
    expect(vat).toMatchObject({
      ok: false,
      error: {
        message: 'Definition.vatBasisPoints must be 0 to 10000 basis points',
        details: { issues: [{ field: 'definition.vatBasisPoints' }] },
      },
    });
  });

  it('puts meters on a tariff and refuses other devices by serial', async () => {
    const s = await ready();
    const tariff = await t.ok(
      'tariffs.create',
      { name: 'Standard residential', definition: residential, effectiveFrom: '2026-01-01' },
      s.call,
    );
    const meter = await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: '47001234567' },
      s.call,
    );
    const shs = await t.ok('devices.create', { modelId: s.shs.id, serial: 'SHS-0042' }, s.call);

    const before = snapshot(t.core);
    const refused = await t.call(
      'tariffs.assign',
      { deviceIds: [meter.id, shs.id], tariffId: tariff.id },
      s.call,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Solar home system SN SHS-0042 is not a meter: only meters have a tariff.',
      },
    });
    expect(snapshot(t.core)).toBe(before);

    // A clerk may assign.
    await t.ok(
      'users.create',
      {
        username: 'chidi',
        displayName: 'Chidi Clerk',
        role: 'clerk',
        password: 'clerk pass 12',
        passwordConfirm: 'clerk pass 12',
      },
      s.call,
    );
    const clerk = await t.ok('auth.login', { username: 'chidi', password: 'clerk pass 12' });
    const assigned = await t.ok(
      'tariffs.assign',
      { deviceIds: [meter.id, meter.id], tariffId: tariff.id },
      { token: clerk.token },
    );
    expect(assigned.assigned).toBe(1);
    expect(assigned.tariff.meters).toBe(1);
    const again = await t.ok(
      'tariffs.assign',
      { deviceIds: [meter.id], tariffId: tariff.id },
      s.call,
    );
    expect(again.assigned).toBe(0);
    const row = t.core.deps.raw
      .prepare('SELECT tariff_id FROM devices WHERE id = ?')
      .get(meter.id) as { tariff_id: string };
    expect(row.tariff_id).toBe(tariff.id);
    // The meter's page names its tariff; a meter without one says so with null.
    expect((await t.ok('devices.get', { id: meter.id }, s.call)).device.tariff).toEqual({
      id: tariff.id,
      name: 'Standard residential',
    });
    expect((await t.ok('devices.get', { id: shs.id }, s.call)).device.tariff).toBeNull();
    const listed = await t.ok('tariffs.list', {}, s.call);
    expect(listed.tariffs[0]?.meters).toBe(1);
  });

  it('never lets a version change or disappear in SQLite', async () => {
    const s = await ready();
    await t.ok(
      'tariffs.create',
      { name: 'Standard residential', definition: residential, effectiveFrom: '2026-01-01' },
      s.call,
    );
    const raw = t.core.deps.raw;
    expect(() =>
      raw.prepare("UPDATE tariff_versions SET effective_from = '2020-01-01'").run(),
    ).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM tariff_versions').run()).toThrow(/append-only/);
  });

  it('lets only admins and managers create tariffs', async () => {
    const s = await ready();
    const before = snapshot(t.core);
    const refused = await t.call(
      'tariffs.create',
      { name: 'Cheap', definition: residential, effectiveFrom: '2026-01-01' },
      { token: s.cashierToken },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot(t.core)).toBe(before);
    // Anyone signed in may look.
    await t.ok('tariffs.list', {}, { token: s.cashierToken });
  });
});
