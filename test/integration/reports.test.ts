// The monthly report on a real temporary database: a reconciliation property over several seeds
// (random customers, devices, counter payments and reversals through the real commands, then every
// total equals the same total taken with SQL straight from the ledgers, and every breakdown adds
// up to its total), scopes, bad input that changes nothing, and targets.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonthlyReport, TariffDefinitionInput } from '../../src/contract';
import type { ProgressEvent } from '../../src/core/events';
import { createPrng, type Prng } from '../../src/domain/prng';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const HOUR_MS = 3_600_000;
const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

/** NGN 100.00/kWh flat; NGN 1.00 access charge a day; NGN 5.00 minimum purchase. */
const flat: TariffDefinitionInput = {
  bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 10_000_000 }],
  levies: [],
  accessCharge: { amountMinor: 100, period: 'daily' },
  minimumPurchaseMinor: 500,
  vatBasisPoints: 0,
};

/** Lagos is UTC+1 all year: the local months as UTC instants. */
const MONTHS = {
  '2026-10': ['2026-09-30T23:00:00.000Z', '2026-10-31T23:00:00.000Z'],
  '2026-11': ['2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'],
  '2026-12': ['2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
} as const;
type Month = keyof typeof MONTHS;

let t: TestCore | undefined;
afterEach(() => t?.close());

interface World {
  t: TestCore;
  admin: () => string;
  cashier: () => string;
  seed: Awaited<ReturnType<typeof seedRegistry>>;
  /** Sessions end after 12 idle hours; the random walk signs in again as it goes. */
  relogin(): Promise<void>;
}

async function world(): Promise<World> {
  const core = openTestCore();
  t = core;
  const office = await setUpOffice(core);
  let admin = office.admin;
  let cashier = office.cashierToken;
  const seed = await seedRegistry(core, admin);
  return {
    t: core,
    seed,
    admin: () => admin,
    cashier: () => cashier,
    async relogin() {
      admin = (await core.ok('auth.login', { username: 'ada', password: 'correct horse battery' }))
        .token;
      cashier = (await core.ok('auth.login', { username: 'bola', password: 'cashier pass 1' }))
        .token;
    },
  };
}

async function randomWalk(w: World, rng: Prng) {
  const { t, seed } = w;
  const calin = await t.ok('manufacturers.create', { name: 'Calin' }, { token: w.admin() });
  const sts = await t.ok(
    'models.create',
    { manufacturerId: calin.id, name: 'LK120', kind: 'meter', tokenScheme: 'sts' },
    { token: w.admin() },
  );
  const tariff = await t.ok(
    'tariffs.create',
    { name: 'Prepaid flat', definition: flat, effectiveFrom: '2026-01-01' },
    { token: w.admin() },
  );
  const villages = [seed.village.id, seed.village2.id, seed.other.id];
  const devices: string[] = [];
  // Postpaid meters in Bakin Kogi, billed for October (final invoices), paid during the walk.
  await t.ok(
    'billing.saveSettings',
    {
      miniGridId: seed.grid.id,
      closeDay: null,
      windowDays: 3,
      dueDays: 14,
      estimateLookbackDays: 90,
      provider: 'none',
      providerPage: null,
      linkTemplate: null,
    },
    { token: w.admin() },
  );
  let devicesOwner = '';
  for (const n of [1, 2, 3]) {
    const customer = await t.ok(
      'customers.create',
      { firstName: `P${n}`, lastName: 'Postpaid', villageId: seed.village.id },
      { token: w.admin() },
    );
    devicesOwner = customer.id;
    const meter = await t.ok(
      'devices.create',
      {
        modelId: seed.meter.id,
        serial: `PP-${n}`,
        villageId: seed.village.id,
        customerId: customer.id,
        billingMode: 'postpaid',
        status: 'installed',
        installedAt: '2026-09-01',
      },
      { token: w.admin() },
    );
    await t.ok(
      'tariffs.assign',
      { deviceIds: [meter.id], tariffId: tariff.id },
      { token: w.admin() },
    );
    const start = rng.int(100, 900);
    for (const [kwh, readAt] of [
      [start, '2026-09-30T23:00:00.000Z'],
      [start + rng.int(0, 120), '2026-10-31T20:00:00.000Z'],
    ] as const)
      await t.ok('readings.addManual', { deviceId: meter.id, kwh, readAt }, { token: w.admin() });
    devices.push(meter.id);
  }
  const billed = await t.ok(
    'billing.run',
    { miniGridIds: [seed.grid.id], period: '2026-10' },
    { token: w.admin() },
  );
  await t.ok('billing.finalise', { runId: billed.runs[0]?.id ?? '' }, { token: w.admin() });
  // A generation meter on Bakin Kogi's plant (no customer: one with a customer is refused),
  // read at the October boundary, in November (a reset among them), and during the walk.
  const refused = await t.call(
    'devices.create',
    {
      modelId: seed.meter.id,
      serial: 'GEN-X',
      villageId: seed.village.id,
      customerId: devicesOwner,
      billingMode: 'generation',
      status: 'installed',
    },
    { token: w.admin() },
  );
  expect(!refused.ok && refused.error.details?.issues?.[0]?.field).toBe('billingMode');
  const generator = await t.ok(
    'devices.create',
    {
      modelId: seed.meter.id,
      serial: 'GEN-1',
      villageId: seed.village.id,
      billingMode: 'generation',
      status: 'installed',
      installedAt: '2026-09-01',
    },
    { token: w.admin() },
  );
  let generated = rng.int(1_000, 5_000);
  for (const readAt of [
    '2026-09-20T10:00:00.000Z',
    '2026-10-10T10:00:00.000Z',
    '2026-10-31T22:30:00.000Z',
    '2026-11-05T10:00:00.000Z',
    '2026-11-15T10:00:00.000Z',
  ]) {
    generated =
      readAt.startsWith('2026-11-05') && rng.chance(0.5)
        ? rng.int(0, 20)
        : generated + rng.int(0, 40);
    await t.ok(
      'readings.addManual',
      { deviceId: generator.id, kwh: generated, readAt },
      { token: w.admin() },
    );
  }
  // Appliance contracts: a fridge sold on credit in three monthly instalments, paid during the walk.
  const fridge = await t.ok(
    'appliances.create',
    { name: 'Solar fridge', type: 'fridge', priceMinor: 30_000 },
    { token: w.admin() },
  );
  const contractIds: string[] = [];
  for (const n of [1, 2, 3]) {
    const customer = await t.ok(
      'customers.create',
      { firstName: `K${n}`, lastName: 'Contract', villageId: rng.pick(villages) },
      { token: w.admin() },
    );
    const sale = await t.ok(
      'contracts.sell',
      {
        submissionKey: randomUUID(),
        customerId: customer.id,
        applianceId: fridge.id,
        downPaymentMinor: rng.pick([0, 3_000]),
        method: 'cash',
        plan: {
          kind: 'instalments',
          instalmentCount: 3,
          frequency: rng.pick(['weekly', 'monthly'] as const),
          firstDueDate: rng.pick(['2026-11-23', '2026-11-28', '2026-12-02']),
        },
      },
      { token: w.admin() },
    );
    contractIds.push(sale.contract.id);
  }
  const paid: string[] = [];
  let lastDay = '2026-11-22';
  let serial = 0;
  for (let step = 0; step < 45; step += 1) {
    // Halfway, jump to just before local midnight of 1 December (23:00 UTC in Lagos) and sell
    // there, so sales fall on both sides of the month boundary in UTC and in local time.
    const boundary = Date.parse('2026-11-30T22:15:00.000Z');
    const atBoundary = step === 22 && t.clock.nowMs() < boundary;
    if (atBoundary) t.clock.advance(boundary - t.clock.nowMs());
    else t.clock.advance(rng.int(0, 2) * HOUR_MS + rng.int(0, 59) * 60_000);
    await w.relogin();
    // A new local day: the manager closes the cashier's day before, counting the drawer.
    const today = new Date(t.clock.nowMs() + HOUR_MS).toISOString().slice(0, 10);
    if (today !== lastDay) {
      await t.ok(
        'dayEnd.close',
        {
          day: lastDay,
          cashier: 'bola',
          ...(rng.chance(0.7) ? { countedCashMinor: rng.int(0, 20_000) } : {}),
        },
        { token: w.admin() },
      );
      lastDay = today;
    }
    if (rng.chance(0.15)) {
      const r = await t.call(
        'contracts.pay',
        {
          submissionKey: randomUUID(),
          contractId: rng.pick(contractIds),
          amountMinor: rng.int(1, 80) * 100,
          method: 'cash',
        },
        { token: w.cashier() },
      );
      if (r.ok) paid.push(r.value.payment.id);
    }
    if (step === 40)
      await t.ok(
        'readings.addManual',
        { deviceId: generator.id, kwh: generated + rng.int(0, 30), readAt: t.clock.nowIso() },
        { token: w.admin() },
      );
    const roll = atBoundary ? 0.5 : rng.next();
    if (roll < 0.15 || devices.length === 0) {
      const customer = await t.ok(
        'customers.create',
        { firstName: `C${step}`, lastName: 'Test', villageId: rng.pick(villages) },
        { token: w.admin() },
      );
      serial += 1;
      if (rng.chance(0.5)) {
        const device = await t.ok(
          'devices.create',
          {
            modelId: seed.shs.id,
            serial: `SHS-${serial}`,
            villageId: rng.pick(villages),
            customerId: customer.id,
            openpaygo: { key: KEY, startingCode: 100000 + serial, count: 0 },
          },
          { token: w.admin() },
        );
        await t.ok(
          'devices.setPaygPlan',
          { deviceId: device.id, dailyPriceMinor: rng.pick([50, 75, 120]) },
          { token: w.admin() },
        );
        devices.push(device.id);
      } else {
        const device = await t.ok(
          'devices.create',
          {
            modelId: sts.id,
            serial: `4700${serial}`,
            villageId: rng.pick(villages),
            customerId: customer.id,
            billingMode: 'prepaid',
            status: 'installed',
            installedAt: '2026-11-20',
          },
          { token: w.admin() },
        );
        await t.ok(
          'tariffs.assign',
          { deviceIds: [device.id], tariffId: tariff.id },
          { token: w.admin() },
        );
        devices.push(device.id);
      }
    } else if (roll < 0.9) {
      const method = rng.pick(['cash', 'cash', 'mobile_money', 'bank', 'other'] as const);
      const r = await t.call(
        'payments.record',
        {
          submissionKey: randomUUID(),
          deviceId: rng.pick(devices),
          amountMinor: rng.int(1, 40) * 50 + rng.int(0, 49),
          method,
          ...(method === 'mobile_money' || method === 'bank' ? { reference: `REF${step}` } : {}),
        },
        { token: w.cashier() },
      );
      if (r.ok) paid.push(r.value.payment.id);
    } else if (paid.length > 0) {
      const id = paid.splice(rng.int(0, paid.length - 1), 1)[0] as string;
      await t.ok(
        'payments.reverse',
        { paymentId: id, reason: 'Wrong meter' },
        { token: w.admin() },
      );
    }
  }
  return { paymentsTaken: paid.length };
}

type Params = Record<string, string | null>;
function one<T>(t: TestCore, query: string, params: Params): T {
  return t.core.deps.raw.prepare(query).get(params) as T;
}
function many<T>(t: TestCore, query: string, params: Params): T[] {
  return t.core.deps.raw.prepare(query).all(params) as T[];
}

const sum = (xs: { amountMinor: number }[]) => xs.reduce((s, x) => s + x.amountMinor, 0);

/** Every total of the report, against SQL on the ledgers; every breakdown against its total. */
function reconcile(t: TestCore, r: MonthlyReport, month: Month, gridId?: string) {
  const [start, end] = MONTHS[month];
  // Named parameters: @start, @end, @grid (null for the whole company).
  const scope =
    'and (@grid is null or c.village_id in (select id from villages where mini_grid_id = @grid))';
  const p = { start, end, grid: gridId ?? null };
  const inMonth = `from payments p join customers c on c.id = p.customer_id
    where p.received_at >= @start and p.received_at < @end ${scope}`;
  const total =
    one<{ s: number | null }>(t, `select sum(p.amount_minor) as s ${inMonth}`, p).s ?? 0;
  expect(r.revenue.totalMinor).toBe(total);
  const byMethod = new Map(
    many<{ m: string; s: number }>(
      t,
      `select p.method as m, sum(p.amount_minor) as s ${inMonth} group by p.method`,
      p,
    ).map((x) => [x.m, x.s]),
  );
  for (const m of r.revenue.byMethod) expect(m.amountMinor).toBe(byMethod.get(m.method) ?? 0);
  const kinds = new Map(
    many<{ k: string; s: number; wh: number | null }>(
      t,
      `select pa.kind as k, sum(pa.amount_minor) as s, sum(pa.wh) as wh
       from payment_allocations pa join payments p on p.id = pa.payment_id
       join customers c on c.id = p.customer_id
       where p.received_at >= @start and p.received_at < @end ${scope} group by pa.kind`,
      p,
    ).map((x) => [x.k, x]),
  );
  const kind = (k: string) => kinds.get(k)?.s ?? 0;
  expect(Object.fromEntries(r.revenue.byType.map((x) => [x.type, x.amountMinor]))).toEqual({
    energy: kind('energy'),
    access_charges: kind('access_debt'),
    instalments: kind('instalment') + kind('days') + kind('down_payment') + kind('contract'),
    invoices: kind('invoice'),
    credit: kind('credit') + kind('account_credit'),
  });
  expect(r.energy.prepaidSoldWh).toBe(kinds.get('energy')?.wh ?? 0);
  const byGrid = new Map(
    many<{ g: string; s: number }>(
      t,
      `select v.mini_grid_id as g, sum(p.amount_minor) as s ${inMonth.replace(
        'join customers c on c.id = p.customer_id',
        'join customers c on c.id = p.customer_id join villages v on v.id = c.village_id',
      )} group by v.mini_grid_id`,
      p,
    ).map((x) => [x.g, x.s]),
  );
  for (const g of r.revenue.byMiniGrid) expect(g.amountMinor).toBe(byGrid.get(g.miniGridId) ?? 0);
  // Postpaid: final invoices of the billing period, their charges and energy.
  const inv = one<{ charges: number | null; wh: number | null; n: number }>(
    t,
    `select sum(i.charges_minor) as charges, sum(json_extract(i.body, '$.billedWh')) as wh,
            count(*) as n
     from invoices i join customers c on c.id = i.customer_id
     where i.status = 'final' and i.period = @month ${scope}`,
    { ...p, month },
  );
  expect(r.collections.billedMinor).toBe(inv.charges ?? 0);
  expect(r.energy.postpaidBilledWh).toBe(inv.wh ?? 0);
  expect(r.collections.collectedMinor).toBe(kind('invoice'));
  // Breakdowns add up to their totals exactly.
  for (const breakdown of [
    r.revenue.rows,
    r.revenue.byType,
    r.revenue.byMethod,
    r.revenue.byVillage,
    r.revenue.byMiniGrid,
    r.revenue.byCluster,
  ])
    expect(sum(breakdown)).toBe(total);
  expect(r.energy.byMiniGrid.reduce((s, g) => s + g.prepaidWh + g.postpaidWh, 0)).toBe(
    r.energy.totalWh,
  );
  // Tokens: OpenPAYGO tokens by type, plus one STS purchase per vendor token request.
  const devScope =
    'and (@grid is null or coalesce(d.village_id, c.village_id) in (select id from villages where mini_grid_id = @grid))';
  const tokenRows = many<{ k: string; n: number }>(
    t,
    `select t.type as k, count(*) as n from tokens t join devices d on d.id = t.device_id
     left join customers c on c.id = d.customer_id
     where t.issued_at >= @start and t.issued_at < @end ${devScope} group by t.type
     union all
     select 'STS', count(*) from sts_requests s join devices d on d.id = s.device_id
     left join customers c on c.id = d.customer_id
     where s.created_at >= @start and s.created_at < @end ${devScope}`,
    p,
  ).filter((x) => x.n > 0);
  expect(r.tokens.byKind).toEqual(
    tokenRows.map((x) => ({ kind: x.k, count: x.n })).sort((a, b) => a.kind.localeCompare(b.kind)),
  );
  expect(r.tokens.total).toBe(tokenRows.reduce((s, x) => s + x.n, 0));
  // Customers: new in the month, and active (paid more than they got back).
  const created = one<{ n: number }>(
    t,
    `select count(*) as n from customers c where c.created_at >= @start and c.created_at < @end ${scope}`,
    p,
  ).n;
  expect(r.customers.new).toBe(created);
  const active = one<{ n: number }>(
    t,
    `select count(*) as n from (select p.customer_id, sum(p.amount_minor) as s ${inMonth}
     group by p.customer_id having s > 0)`,
    p,
  ).n;
  expect(r.customers.active).toBe(active);
  expect(r.customers.active + r.customers.inactive).toBeGreaterThanOrEqual(r.customers.atEnd);
  expect(r.perCustomer.arpuMinor).toBe(active === 0 ? null : Math.round(total / active));
}

/** Local dates of the months: [first day, first day of the next). */
const DATES = {
  '2026-10': ['2026-10-01', '2026-11-01'],
  '2026-11': ['2026-11-01', '2026-12-01'],
  '2026-12': ['2026-12-01', '2027-01-01'],
} as const;

/** The pack's further sections, against SQL on the ledgers; breakdowns against their totals. */
function reconcileSections(t: TestCore, r: MonthlyReport, month: Month, gridId?: string) {
  const [start, end] = MONTHS[month];
  const [from, to] = DATES[month];
  const villageScope =
    '(@grid is null or c.village_id in (select id from villages where mini_grid_id = @grid))';
  const p = { start, end, from, to, grid: gridId ?? null };
  // Debt: per customer, charges (and debit notes) of final invoices by the end less what paid
  // them by then (postpaid parts of payments, credit notes), never below zero.
  const debt =
    one<{ s: number | null }>(
      t,
      `select sum(max(0, charged - paid)) as s from (
         select c.id,
           (select coalesce(sum(i.charges_minor), 0) from invoices i where i.customer_id = c.id
              and i.status = 'final' and coalesce(i.finalised_at, i.created_at) < @end)
           + (select coalesce(sum(n.amount_minor), 0) from invoice_notes n join invoices i on i.id = n.invoice_id
              where i.customer_id = c.id and n.kind = 'debit' and n.created_at < @end) as charged,
           (select coalesce(sum(pa.amount_minor), 0) from payment_allocations pa
              join payments p on p.id = pa.payment_id
              where p.customer_id = c.id and pa.kind in ('invoice', 'account_credit') and p.received_at < @end)
           + (select coalesce(sum(n.amount_minor), 0) from invoice_notes n join invoices i on i.id = n.invoice_id
              where i.customer_id = c.id and n.kind = 'credit' and n.created_at < @end) as paid
         from customers c where ${villageScope})`,
      p,
    ).s ?? 0;
  expect(r.debt.totalMinor).toBe(debt);
  expect(sum(r.debt.buckets)).toBe(debt);
  expect(sum(r.debt.byVillage)).toBe(debt);
  expect(r.debt.disconnectionListSize).toBeLessThanOrEqual(r.debt.customersOwing);
  // Day-ends: what the cashiers took is the month's revenue; the days closed in the month.
  expect(r.dayEnds.totals.netMinor).toBe(r.revenue.totalMinor);
  expect(r.dayEnds.rows.reduce((s, x) => s + x.netMinor, 0)).toBe(r.revenue.totalMinor);
  const closed = one<{ n: number; net: number | null }>(
    t,
    'select count(*) as n, sum(net_minor) as net from day_closes where day >= @from and day < @to',
    p,
  );
  expect(r.dayEnds.totals.daysClosed).toBe(closed.n);
  expect(r.dayEnds.totals.closedNetMinor).toBe(closed.net ?? 0);
  // Consumption: connected customers and the energy sold and billed to them.
  const connected = `select c.id from customers c where c.created_at < @end
    and (c.deleted_at is null or c.deleted_at >= @end) and ${villageScope}
    and exists (select 1 from devices d where d.customer_id = c.id and d.kind = 'meter'
      and d.billing_mode in ('prepaid', 'postpaid') and d.created_at < @end and d.deleted_at is null)`;
  expect(r.consumption.connections).toBe(
    one<{ n: number }>(t, `select count(*) as n from (${connected})`, p).n,
  );
  const energyToConnected =
    (one<{ s: number | null }>(
      t,
      `select sum(pa.wh) as s from payment_allocations pa join payments p on p.id = pa.payment_id
       where pa.kind = 'energy' and p.received_at >= @start and p.received_at < @end
         and p.customer_id in (${connected})`,
      p,
    ).s ?? 0) +
    (one<{ s: number | null }>(
      t,
      `select sum(json_extract(i.body, '$.billedWh')) as s from invoices i
       where i.status = 'final' and i.period = @month and i.customer_id in (${connected})`,
      { ...p, month },
    ).s ?? 0);
  expect(r.consumption.totalWh).toBe(energyToConnected);
  const listed = [...r.consumption.top, ...r.consumption.bottom];
  expect(new Set(listed.map((c) => c.customerId)).size).toBe(listed.length);
  // Generation: rises between consecutive trusted readings, from the last one before the month.
  const generated =
    one<{ s: number | null }>(
      t,
      `with g as (
         select r.device_id, r.read_at, r.wh,
                lag(r.wh) over (partition by r.device_id order by r.read_at) as prev
         from meter_readings r join devices d on d.id = r.device_id
         left join reading_reviews rv on rv.reading_id = r.id
         where d.billing_mode = 'generation'
           and (@grid is null or d.village_id in (select id from villages where mini_grid_id = @grid))
           and (r.flag is null or rv.decision = 'accepted')
           and (rv.decision is null or rv.decision = 'accepted'))
       select sum(max(0, wh - prev)) as s from g
       where read_at >= @start and read_at < @end and prev is not null`,
      p,
    ).s ?? 0;
  const hasGenerator = gridId === undefined || r.generation.rows.length > 0;
  if (hasGenerator) expect(r.generation.totals.generatedWh).toBe(generated);
  expect(r.generation.rows.reduce((s, g) => s + g.generatedWh, 0)).toBe(
    r.generation.totals.generatedWh,
  );
  for (const g of r.generation.rows) {
    const sold = r.energy.byMiniGrid.find((x) => x.miniGridId === g.miniGridId);
    expect(g.soldWh).toBe((sold?.prepaidWh ?? 0) + (sold?.postpaidWh ?? 0));
    expect(g.lossWh).toBe(g.generatedWh - g.soldWh);
  }
  // Appliance portfolio: outstanding of the contracts still in it at the end, what was
  // collected on them in the month (no deposits), and the instalments due in the month.
  const inScopeContracts = `from contracts k join customers c on c.id = k.customer_id
    where k.sale_date < @to and ${villageScope}`;
  const gross =
    one<{ s: number | null }>(
      t,
      `select sum(max(0, k.price_minor - k.opening_paid_minor - coalesce((
           select sum(pa.amount_minor) from payment_allocations pa join payments p on p.id = pa.payment_id
           where pa.ref_id = k.id and pa.kind in ('down_payment', 'contract') and p.received_at < @end), 0))) as s
       ${inScopeContracts} and k.plan = 'instalments'
         and (k.status in ('active', 'paid_off') or coalesce(k.status_at, '') >= @end)`,
      p,
    ).s ?? 0;
  expect(r.portfolio.grossReceivablesMinor).toBe(gross);
  expect(sum(r.portfolio.buckets)).toBe(gross);
  const collectedOnContracts =
    one<{ s: number | null }>(
      t,
      `select sum(pa.amount_minor) as s from payment_allocations pa
       join payments p on p.id = pa.payment_id join customers c on c.id = p.customer_id
       where pa.kind = 'contract' and p.received_at >= @start and p.received_at < @end
         and ${villageScope}`,
      p,
    ).s ?? 0;
  expect(r.portfolio.collection.collectedMinor).toBe(collectedOnContracts);
  const dueOnContracts =
    one<{ s: number | null }>(
      t,
      `select sum(i.amount_minor) as s from contract_instalments i
       join contracts k on k.id = i.contract_id join customers c on c.id = k.customer_id
       where i.deleted_at is null and i.due_date >= @from and i.due_date < @to
         and k.sale_date < @to and ${villageScope}`,
      p,
    ).s ?? 0;
  expect(r.portfolio.collection.dueMinor).toBe(dueOnContracts);
  for (const par of r.portfolio.par)
    expect(par.atRiskMinor).toBeLessThanOrEqual(r.portfolio.grossReceivablesMinor);
}

describe('reports.monthly reconciles with the ledgers', () => {
  for (const seedNumber of [1, 2, 3, 4]) {
    it(`seed ${seedNumber}: every total equals SQL on the ledgers, every breakdown its total`, async () => {
      const w = await world();
      await randomWalk(w, createPrng(seedNumber));
      await w.relogin();
      const months = ['2026-10', '2026-11', '2026-12'] as const;
      let payments = 0;
      let billed = 0;
      let collected = 0;
      let debt = 0;
      let generatedWh = 0;
      let receivables = 0;
      let daysClosed = 0;
      for (const month of months) {
        const company = await w.t.ok('reports.monthly', { period: month }, { token: w.admin() });
        reconcile(w.t, company, month);
        reconcileSections(w.t, company, month);
        payments += company.revenue.rows.length;
        billed += company.collections.billedMinor;
        collected += company.collections.collectedMinor;
        debt += company.debt.totalMinor;
        generatedWh += company.generation.totals.generatedWh;
        receivables += company.portfolio.grossReceivablesMinor;
        daysClosed += company.dayEnds.totals.daysClosed;
        let perGrid = 0;
        for (const [grid, code] of [
          [w.seed.grid, 'BKG'],
          [w.seed.grid2, 'tml'],
        ] as const) {
          const r = await w.t.ok(
            'reports.monthly',
            { period: month, scope: code },
            { token: w.admin() },
          );
          expect(r.scope).toMatchObject({ kind: 'mini_grid', id: grid.id });
          reconcile(w.t, r, month, grid.id);
          reconcileSections(w.t, r, month, grid.id);
          perGrid += r.revenue.totalMinor;
        }
        expect(perGrid).toBe(company.revenue.totalMinor);
        const cluster = await w.t.ok(
          'reports.monthly',
          { period: month, scope: 'niger state' },
          { token: w.admin() },
        );
        expect(cluster.revenue.totalMinor).toBe(company.revenue.totalMinor);
      }
      // Reproducible: the same month asked again gives the same report, from the same data.
      const again = await w.t.ok('reports.monthly', { period: '2026-11' }, { token: w.admin() });
      expect(await w.t.ok('reports.monthly', { period: '2026-11' }, { token: w.admin() })).toEqual(
        again,
      );
      const lastAudit = one<{ seq: number }>(w.t, 'select max(seq) as seq from audit_log', {});
      expect(again.dataAsOf.auditSeq).toBe(lastAudit.seq);
      // The walk really produced money, invoices and invoice payments to reconcile.
      expect(payments).toBeGreaterThan(0);
      expect(billed).toBeGreaterThan(0);
      expect(collected).toBeGreaterThan(0);
      expect([debt, generatedWh, receivables, daysClosed].every((x) => x > 0)).toBe(true);
    });
  }
});

describe('reports.monthly input', () => {
  it('refuses a month that has not started and an unknown scope, naming the field', async () => {
    const w = await world();
    const before = snapshot(w.t.core);
    const future = await w.t.call('reports.monthly', { period: '2026-12' }, { token: w.admin() });
    expect(future.ok).toBe(false);
    if (!future.ok) {
      expect(future.error.code).toBe('VALIDATION');
      expect(future.error.message).toBe('2026-12 has not started yet (this month is 2026-11).');
      expect(future.error.details?.issues?.[0]?.field).toBe('period');
    }
    const unknown = await w.t.call(
      'reports.monthly',
      { period: '2026-11', scope: 'XYZ' },
      { token: w.admin() },
    );
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('VALIDATION');
      expect(unknown.error.details?.issues?.[0]?.field).toBe('scope');
      expect(unknown.error.message).toContain('"XYZ"');
    }
    const badMonth = await w.t.call('reports.monthly', { period: '2026-13' }, { token: w.admin() });
    expect(!badMonth.ok && badMonth.error.details?.issues?.[0]?.field).toBe('period');
    expect(snapshot(w.t.core)).toBe(before);
  });

  it('answers an empty month with "nothing in this period", not an error', async () => {
    const w = await world();
    const r = await w.t.ok('reports.monthly', { period: '2026-03' }, { token: w.admin() });
    expect(r.empty).toBe(true);
    expect(r.message).toBe(
      'Nothing in this period: no payment, invoice, token or new customer in 2026-03.',
    );
    expect(r.revenue.totalMinor).toBe(0);
    expect(r.collections.efficiency).toBeNull();
  });

  it('is for managers and admins only', async () => {
    const w = await world();
    const r = await w.t.call('reports.monthly', { period: '2026-11' }, { token: w.cashier() });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
});

describe('the pack in turns', () => {
  it('reports progress, answers other commands between its parts, and stops when cancelled', async () => {
    const w = await world();
    const log: string[] = [];
    w.t.core.deps.events.subscribe((e: ProgressEvent) =>
      log.push(`${e.operationId} ${e.phase} ${e.done}/${e.total}`),
    );
    let generating = true;
    const pack = w.t
      .ok(
        'reports.monthlyFiles',
        { period: '2026-11', operationId: 'pack-1' },
        { token: w.admin() },
      )
      .then((r) => {
        generating = false;
        log.push('pack answered');
        return r;
      });
    while (generating) {
      await w.t.ok('auth.me', {}, { token: w.cashier() });
      log.push('query');
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await pack).files.map((f) => f.name.split('.').pop())).toContain('pdf');
    const progress = log.filter((l) => l.startsWith('pack-1'));
    expect(progress).toEqual(Array.from({ length: 10 }, (_, i) => `pack-1 report ${i + 1}/10`));
    // The cashier's questions were answered while the pack was being made, not only after.
    expect(log.indexOf('query')).toBeLessThan(log.indexOf('pack-1 report 10/10'));

    let cancelled = false;
    w.t.core.deps.events.subscribe((e: ProgressEvent) => {
      if (e.operationId === 'pack-2' && e.done >= 3 && !cancelled) {
        cancelled = true;
        void w.t.ok('operations.cancel', { operationId: 'pack-2' }, { token: w.admin() });
      }
    });
    const stopped = await w.t.call(
      'reports.monthlyFiles',
      { period: '2026-11', operationId: 'pack-2' },
      { token: w.admin() },
    );
    expect(stopped).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'The report was cancelled.',
        details: { cancelled: true },
      },
    });
  });
});

describe('targets', () => {
  async function sale(w: World) {
    const customer = await w.t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: w.seed.village.id },
      { token: w.admin() },
    );
    const device = await w.t.ok(
      'devices.create',
      {
        modelId: w.seed.shs.id,
        serial: 'SHS-T1',
        villageId: w.seed.village.id,
        customerId: customer.id,
        openpaygo: { key: KEY, startingCode: 516959010, count: 0 },
      },
      { token: w.admin() },
    );
    await w.t.ok(
      'devices.setPaygPlan',
      { deviceId: device.id, dailyPriceMinor: 100 },
      { token: w.admin() },
    );
    // NGN 10.50: 10 days and 0.50 of credit, all revenue of Bakin Kogi (BKG).
    await w.t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: device.id, amountMinor: 1050, method: 'cash' },
      { token: w.cashier() },
    );
  }

  it('are set, listed, changed, and measured in the report of the month', async () => {
    const w = await world();
    await sale(w);
    const set = await w.t.ok(
      'targets.set',
      {
        scope: 'mini_grid',
        scopeId: w.seed.grid.id,
        metric: 'revenue',
        value: 10_000,
        fromDate: '2026-11-01',
        byDate: '2026-12-31',
      },
      { token: w.admin() },
    );
    expect(set).toMatchObject({ scopeName: 'BKG', value: 10_000, createdBy: 'ada' });
    const customersTarget = await w.t.ok(
      'targets.set',
      {
        scope: 'cluster',
        scopeId: w.seed.cluster.id,
        metric: 'new_customers',
        value: 4,
        byDate: '2026-11-30',
      },
      { token: w.admin() },
    );
    expect(customersTarget.fromDate).toBe('2026-11-22');
    const list = await w.t.ok('targets.list', {}, { token: w.admin() });
    expect(list.rows.map((r) => r.metric)).toEqual(['revenue', 'new_customers']);

    const grid = await w.t.ok(
      'reports.monthly',
      { period: '2026-11', scope: 'BKG' },
      { token: w.admin() },
    );
    // 10.50 of 100.00: progress 0.105, counted to the month's last day.
    expect(grid.targets).toEqual([
      expect.objectContaining({
        id: set.id,
        countedTo: '2026-11-30',
        actual: 1050,
        progress: 0.105,
      }),
    ]);
    const company = await w.t.ok('reports.monthly', { period: '2026-11' }, { token: w.admin() });
    // One new customer (Amina) of four: 0.25.
    expect(company.targets.map((x) => [x.metric, x.actual, x.progress])).toEqual([
      ['new_customers', 1, 0.25],
      ['revenue', 1050, 0.105],
    ]);
    const other = await w.t.ok(
      'reports.monthly',
      { period: '2026-11', scope: 'TML' },
      { token: w.admin() },
    );
    expect(other.targets).toEqual([]);

    await w.t.ok(
      'targets.set',
      {
        id: set.id,
        scope: 'mini_grid',
        scopeId: set.scopeId,
        metric: 'revenue',
        value: 2100,
        fromDate: set.fromDate,
        byDate: set.byDate,
        notes: 'Raised',
      },
      { token: w.admin() },
    );
    const after = await w.t.ok(
      'reports.monthly',
      { period: '2026-11', scope: 'BKG' },
      { token: w.admin() },
    );
    expect(after.targets[0]).toMatchObject({
      value: 2100,
      actual: 1050,
      progress: 0.5,
      notes: 'Raised',
    });
  });

  it('refuses a negative value, a past date, an unknown place, and cashiers, changing nothing', async () => {
    const w = await world();
    const before = snapshot(w.t.core);
    const base = {
      scope: 'mini_grid' as const,
      scopeId: w.seed.grid.id,
      metric: 'revenue' as const,
      value: 5000,
      byDate: '2026-12-31',
    };
    const cases = [
      [{ ...base, value: -5 }, 'value', 'must not be negative'],
      [{ ...base, byDate: '2026-11-21' }, 'byDate', 'must be today or later'],
      [{ ...base, fromDate: '2027-01-05' }, 'fromDate', 'must be on or before the target date'],
      [{ ...base, scopeId: w.seed.cluster.id }, 'scopeId', 'does not exist'],
    ] as const;
    for (const [input, field, message] of cases) {
      const r = await w.t.call('targets.set', input, { token: w.admin() });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.details?.issues?.[0]).toEqual({ field, message });
      }
    }
    const cashier = await w.t.call('targets.set', base, { token: w.cashier() });
    expect(!cashier.ok && cashier.error.code).toBe('FORBIDDEN');
    expect(snapshot(w.t.core)).toBe(before);
  });
});
