// The unique keys two offices could both claim (docs/sync.md "Unique keys"), through the real
// export and import: the office-scoped ones arrive at both offices without a conflict, and the
// single-writer ones can only be written by the office that owns the thing.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TariffDefinitionInput } from '../../src/contract';
import type { TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { company, exportTo, importInto } from '../helpers/sync';

let open: TestCore[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

const flat: TariffDefinitionInput = {
  bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 10_000_000 }],
  levies: [],
  accessCharge: { amountMinor: 100, period: 'daily' },
  minimumPurchaseMinor: 500,
  vatBasisPoints: 0,
};

async function login(t: TestCore, username = 'ada', password = 'correct horse battery') {
  return (await t.ok('auth.login', { username, password })).token;
}

async function twoOffices() {
  const { offices } = await company(['ABJ']);
  open = offices;
  const [lag, abj] = offices as [TestCore, TestCore];
  return { lag, abj, tokenA: await login(lag), tokenB: await login(abj) };
}

function exchange(lag: TestCore, abj: TestCore) {
  const atAbj = importInto(abj, exportTo(lag, 'ABJ'));
  const atLag = importInto(lag, exportTo(abj, 'LAG'));
  return [atAbj, atLag];
}

function conflicts(t: TestCore): unknown[] {
  return t.core.deps.raw.prepare('SELECT kind, tbl FROM sync_conflicts').all();
}

describe('unique keys between offices', () => {
  it('usernames, mini-grid codes and mapping names made at both offices while apart all arrive', async () => {
    const { lag, abj, tokenA, tokenB } = await twoOffices();
    const reg = await seedRegistry(lag, tokenA);
    exchange(lag, abj);
    const made: Record<string, { user: string; grid: string }> = {};
    for (const [t, token, code] of [
      [lag, tokenA, 'LAG'],
      [abj, tokenB, 'ABJ'],
    ] as const) {
      const user = await t.ok(
        'users.create',
        {
          username: 'kofi',
          displayName: `Kofi of ${code}`,
          role: 'clerk',
          password: `kofi pass ${code}`,
          passwordConfirm: `kofi pass ${code}`,
        },
        { token },
      );
      const grid = await t.ok(
        'sites.createMiniGrid',
        { clusterId: reg.cluster.id, name: `New grid ${code}`, code: 'NEW' },
        { token },
      );
      await t.ok(
        'imports.saveMapping',
        { kind: 'customers', name: 'Bank export', mapping: { firstName: `first ${code}` } },
        { token },
      );
      made[code] = { user: user.id, grid: grid.id };
    }
    exchange(lag, abj);
    expect(conflicts(lag)).toEqual([]);
    expect(conflicts(abj)).toEqual([]);
    for (const [t, token, code] of [
      [lag, tokenA, 'LAG'],
      [abj, tokenB, 'ABJ'],
    ] as const) {
      const raw = t.core.deps.raw;
      // Both offices' rows are here...
      expect(raw.prepare("SELECT count(*) FROM users WHERE username = 'kofi'").pluck().get()).toBe(
        2,
      );
      expect(raw.prepare("SELECT count(*) FROM mini_grids WHERE code = 'NEW'").pluck().get()).toBe(
        2,
      );
      // ...and the office's own account signs in here, the office sees its own mapping.
      const kofi = await t.ok('auth.login', { username: 'kofi', password: `kofi pass ${code}` });
      expect(kofi.user.id).toBe(made[code]?.user);
      const mappings = await t.ok('imports.mappings', { kind: 'customers' }, { token });
      expect(mappings.mappings.map((m) => m.mapping)).toEqual([{ firstName: `first ${code}` }]);
      const report = await t.ok('reports.monthly', { scope: 'new', period: '2026-10' }, { token });
      expect(report.scope.id).toBe(made[code]?.grid);
    }
  });

  it("only the owning office adds a tariff's versions, bills its grids, accrues and reverses", async () => {
    const { lag, abj, tokenA, tokenB } = await twoOffices();
    const reg = await seedRegistry(lag, tokenA);
    const tariff = await lag.ok(
      'tariffs.create',
      { name: 'Prepaid flat', definition: flat, effectiveFrom: '2026-01-01' },
      { token: tokenA },
    );
    const calin = await lag.ok('manufacturers.create', { name: 'Calin' }, { token: tokenA });
    const model = await lag.ok(
      'models.create',
      { manufacturerId: calin.id, name: 'LK120', kind: 'meter', tokenScheme: 'sts' },
      { token: tokenA },
    );
    const customer = await lag.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Danjuma', villageId: reg.village.id },
      { token: tokenA },
    );
    const meter = await lag.ok(
      'devices.create',
      {
        modelId: model.id,
        serial: '47000123456',
        villageId: reg.village.id,
        customerId: customer.id,
        billingMode: 'prepaid',
        status: 'installed',
        installedAt: '2026-11-18',
      },
      { token: tokenA },
    );
    await lag.ok(
      'tariffs.assign',
      { deviceIds: [meter.id], tariffId: tariff.id },
      { token: tokenA },
    );
    const sale = await lag.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: meter.id, amountMinor: 10_000, method: 'cash' },
      { token: tokenA },
    );
    exchange(lag, abj);

    const refused = async (command: string, input: unknown) => {
      const before = abj.core.deps.raw.prepare('SELECT count(*) FROM sync_changes').pluck().get();
      const r = await abj.call(command as 'tariffs.addVersion', input as never, { token: tokenB });
      expect(abj.core.deps.raw.prepare('SELECT count(*) FROM sync_changes').pluck().get()).toBe(
        before,
      );
      return r.ok ? 'done' : `${r.error.code}: ${r.error.message}`;
    };
    expect(
      await refused('tariffs.addVersion', {
        tariffId: tariff.id,
        definition: flat,
        effectiveFrom: '2027-01-01',
      }),
    ).toBe('CONFLICT: Prepaid flat belongs to Lagos office (LAG); its prices are changed there.');
    expect(await refused('billing.run', { miniGridIds: [reg.grid.id], period: '2026-10' })).toBe(
      `CONFLICT: ${reg.grid.name} belongs to Lagos office (LAG); its customers are billed there.`,
    );
    expect(
      await refused('payments.reverse', { paymentId: sale.payment.id, reason: 'test' }),
    ).toMatch(/^CONFLICT: .* was taken by another office; reverse it there\.$/);
    // ABJ has no meter of its own to charge; LAG's meter is charged at LAG only.
    expect(await abj.ok('accessCharges.status', {}, { token: tokenB })).toMatchObject({ due: 0 });
    expect(await abj.ok('accessCharges.accrue', {}, { token: tokenB })).toMatchObject({
      meters: 0,
    });
    expect(await lag.ok('accessCharges.accrue', {}, { token: tokenA })).toMatchObject({
      meters: 1,
    });
    exchange(lag, abj);
    expect(conflicts(abj)).toEqual([]);
  });
});
