// Bulk tariff work on a real temporary database: every meter of a mini-grid or village put on a
// tariff with a preview of how many change (managers, audited), and tariff versions dated in the
// past (a reason, audited; refused once a sale used the days).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TariffDefinitionInput } from '../../src/contract';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let cashier: string;
let clerk: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;

const flat: TariffDefinitionInput = {
  bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 10_000_000 }],
  vatBasisPoints: 0,
};

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
});
afterEach(() => t.close());

async function meter(serial: string, villageId: string, billingMode: 'prepaid' | 'postpaid') {
  return (
    await t.ok(
      'devices.create',
      { modelId: seed.meter.id, serial, villageId, billingMode },
      { token: admin },
    )
  ).id;
}

async function tariff(name: string, effectiveFrom = '2026-01-01') {
  return (await t.ok('tariffs.create', { name, definition: flat, effectiveFrom }, { token: admin }))
    .id;
}

describe('tariffs.assignSite', () => {
  it('previews and puts every meter of a village or mini-grid on a tariff, audited', async () => {
    const old = await tariff('Old');
    const fresh = await tariff('Fresh');
    const a = await meter('M-1', seed.village.id, 'prepaid');
    await meter('M-2', seed.village.id, 'postpaid');
    await meter('M-3', seed.village2.id, 'prepaid');
    await meter('M-4', seed.other.id, 'prepaid');
    await t.ok('tariffs.assign', { deviceIds: [a], tariffId: old }, { token: admin });

    const scope = { villageId: seed.village.id };
    const preview = await t.ok(
      'tariffs.previewSiteAssign',
      { tariffId: fresh, scope },
      { token: admin },
    );
    expect(preview).toEqual({
      place: 'Kogi North (Bakin Kogi)',
      meters: 2,
      changing: 2,
      from: [
        { tariff: null, meters: 1 },
        { tariff: 'Old', meters: 1 },
      ],
    });
    const done = await t.ok('tariffs.assignSite', { tariffId: fresh, scope }, { token: admin });
    expect(done).toMatchObject({ assigned: 2, meters: 2, tariff: { name: 'Fresh', meters: 2 } });

    // The mini-grid Tungan Mallam has two villages; prepaid only; one already on Fresh after this.
    const gridScope = { miniGridId: seed.grid2.id, billingMode: 'prepaid' as const };
    expect(
      (
        await t.ok(
          'tariffs.previewSiteAssign',
          { tariffId: fresh, scope: gridScope },
          { token: admin },
        )
      ).changing,
    ).toBe(2);
    await t.ok('tariffs.assignSite', { tariffId: fresh, scope: gridScope }, { token: admin });
    const again = await t.ok(
      'tariffs.assignSite',
      { tariffId: fresh, scope: gridScope },
      { token: admin },
    );
    expect(again).toMatchObject({ assigned: 0, meters: 2 });

    const summaries = (
      await t.ok('audit.list', { command: 'tariffs.assignSite' }, { token: admin })
    ).entries.map((e) => e.summary);
    expect(summaries).toEqual([
      'Put 0 of the 2 prepaid meters of Tungan Mallam on tariff Fresh (2 were already on it)',
      'Put 2 of the 2 prepaid meters of Tungan Mallam on tariff Fresh',
      'Put 2 of the 2 meters of Kogi North (Bakin Kogi) on tariff Fresh',
    ]);
  });

  it('is for managers and administrators, and needs a mini-grid or a village', async () => {
    const fresh = await tariff('Fresh');
    await meter('M-1', seed.village.id, 'prepaid');
    const before = snapshot(t.core);
    const byClerk = await t.call(
      'tariffs.assignSite',
      { tariffId: fresh, scope: { villageId: seed.village.id } },
      { token: clerk },
    );
    expect(byClerk).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const noPlace = await t.call(
      'tariffs.assignSite',
      { tariffId: fresh, scope: {} },
      { token: admin },
    );
    expect(noPlace).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'scope.miniGridId' }] } },
    });
    const unknown = await t.call(
      'tariffs.assignSite',
      { tariffId: fresh, scope: { villageId: randomUUID() } },
      { token: admin },
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(snapshot(t.core)).toBe(before);
  });
});

describe('tariff versions dated in the past', () => {
  it('need a reason, are audited, and are refused once a sale used the days', async () => {
    // The test clock says 2026-11-22.
    const id = await tariff('Prepaid home');
    const before = snapshot(t.core);
    const noReason = await t.call(
      'tariffs.addVersion',
      { tariffId: id, definition: flat, effectiveFrom: '2026-11-01' },
      { token: admin },
    );
    expect(noReason).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'reason' }] } },
    });
    expect(snapshot(t.core)).toBe(before);

    await t.ok(
      'tariffs.addVersion',
      {
        tariffId: id,
        definition: flat,
        effectiveFrom: '2026-11-01',
        reason: 'Regulator approved it on 30 October',
      },
      { token: admin },
    );
    const audit = (await t.ok('audit.list', { command: 'tariffs.addVersion' }, { token: admin }))
      .entries[0];
    expect(audit?.summary).toBe(
      'Added version 2 of Prepaid home, in force from 2026-11-01, dated in the past (today is 2026-11-22): Regulator approved it on 30 October',
    );

    // A prepaid sale on a meter of this tariff uses today's prices: from then on, no earlier start.
    const customer = await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
      { token: admin },
    );
    const m = await t.ok(
      'devices.create',
      {
        modelId: seed.meter.id,
        serial: 'M-9',
        villageId: seed.village.id,
        billingMode: 'prepaid',
        customerId: customer.id,
      },
      { token: admin },
    );
    await t.ok('tariffs.assign', { deviceIds: [m.id], tariffId: id }, { token: admin });
    await t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: m.id, amountMinor: 50_000, method: 'cash' },
      { token: cashier },
    );
    const used = snapshot(t.core);
    const refused = await t.call(
      'tariffs.addVersion',
      { tariffId: id, definition: flat, effectiveFrom: '2026-11-20', reason: 'Late approval' },
      { token: admin },
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('VALIDATION');
    expect(refused.error.message).toContain('1 energy sale');
    expect(refused.error.message).toContain('Start it today or later');
    expect(snapshot(t.core)).toBe(used);
    // A version from today is no past start, so it needs no reason.
    await t.ok(
      'tariffs.addVersion',
      { tariffId: id, definition: flat, effectiveFrom: '2026-11-22' },
      { token: admin },
    );
  });
});
