// The managers' dashboard on a real temporary database: the demo company (months of counter
// history, billing runs with part-paid invoices, appliance contracts, flagged readings) plus a
// morning at the counter; every figure is reconciled with SQL taken straight from the ledgers,
// for the company, a mini-grid and the cluster, this month and a past one. Then roles (each sees
// its sections), and bad input that is refused naming its field.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardReport } from '../../src/contract';
import { DEBT_BUCKETS } from '../../src/domain/reports/debt';
import { openTestCore, SETUP, snapshot, type TestCore } from '../helpers/core';

// The test clock is 2026-11-22T08:00Z, a Sunday: 09:00 in Lagos (UTC+1 all year).
const TODAY = '2026-11-22';
const DAY = ['2026-11-21T23:00:00.000Z', '2026-11-22T23:00:00.000Z'] as const;
const MONTH_START = {
  '2026-11': '2026-10-31T23:00:00.000Z',
  '2026-09': '2026-08-31T23:00:00.000Z',
};
const MONTH_END = { '2026-11': DAY[1], '2026-09': '2026-09-30T23:00:00.000Z' };

let t: TestCore;
let admin: string;
let manager: string;
let cashier: string;
let clerk: string;

function rows<T>(query: string, params: Record<string, unknown> = {}): T[] {
  return t.core.deps.raw.prepare(query).all(params) as T[];
}
function one<T>(query: string, params: Record<string, unknown> = {}): T {
  return t.core.deps.raw.prepare(query).get(params) as T;
}

async function login(username: string, password: string): Promise<string> {
  return (await t.ok('auth.login', { username, password })).token;
}

beforeAll(async () => {
  t = openTestCore();
  admin = (await t.ok('setup.initialise', { ...SETUP, loadDemo: true })).session.token;
  manager = await login('manager', 'demo-manager');
  cashier = await login('cashier1', 'demo-cashier1');
  clerk = await login('clerk', 'demo-clerk');
  // A Sunday morning at the counter: energy, days for a solar home system, a postpaid bill, by
  // two methods, and one payment reversed.
  const pick = (where: string) =>
    one<{ id: string }>(
      `select d.id from devices d where d.customer_id is not null and d.deleted_at is null and ${where}
       order by d.serial limit 1`,
    ).id;
  const prepaid = pick(`d.kind = 'meter' and d.billing_mode = 'prepaid'`);
  const shs = pick(`d.kind = 'shs'`);
  const postpaid = pick(
    `d.kind = 'meter' and d.billing_mode = 'postpaid' and exists (select 1 from invoices i where i.device_id = d.id and i.status = 'final')`,
  );
  const paid: string[] = [];
  for (const [deviceId, amountMinor, method] of [
    [prepaid, 250_000, 'cash'],
    [shs, 270_000, 'mobile_money'],
    [postpaid, 120_000, 'cash'],
    [prepaid, 100_000, 'cash'],
  ] as const) {
    t.clock.advance(7 * 60_000);
    const r = await t.ok(
      'payments.record',
      {
        submissionKey: randomUUID(),
        deviceId,
        amountMinor,
        method,
        ...(method === 'mobile_money' ? { reference: `MM${amountMinor}` } : {}),
      },
      { token: cashier },
    );
    paid.push(r.payment.id);
  }
  await t.ok(
    'payments.reverse',
    { paymentId: paid[3] ?? '', reason: 'Wrong meter' },
    { token: manager },
  );
  const grid = one<{ id: string }>('select id from mini_grids order by code limit 1');
  await t.ok(
    'targets.set',
    {
      scope: 'mini_grid',
      scopeId: grid.id,
      metric: 'revenue',
      value: 50_000_000,
      fromDate: '2026-11-01',
      byDate: '2026-12-31',
    },
    { token: manager },
  );
}, 180_000);
afterAll(() => t.close());

const scopes = () => {
  const grid = one<{ id: string; code: string }>(
    'select id, code from mini_grids order by code limit 1',
  );
  const cluster = one<{ id: string; name: string }>('select id, name from clusters limit 1');
  return [
    { text: undefined, villages: 'select id from villages' },
    { text: grid.code, villages: `select id from villages where mini_grid_id = '${grid.id}'` },
    {
      text: cluster.name,
      villages: `select v.id from villages v join mini_grids g on g.id = v.mini_grid_id where g.cluster_id = '${cluster.id}'`,
    },
  ];
};

/** Every figure of the dashboard against SQL on the ledgers. */
function reconcile(r: DashboardReport, period: '2026-11' | '2026-09', villages: string) {
  const cust = `c.village_id in (${villages})`;
  const devVillage = `coalesce(d.village_id, (select village_id from customers where id = d.customer_id)) in (${villages})`;
  const day =
    period === '2026-11' ? DAY : (['2026-09-29T23:00:00.000Z', MONTH_END['2026-09']] as const);
  const p = { ds: day[0], de: day[1], ms: MONTH_START[period], me: MONTH_END[period] };

  // The counter's day.
  const today = rows<{ method: string; cashier: string; s: number; n: number }>(
    `select p.method, p.cashier_name as cashier, sum(p.amount_minor) as s,
            sum(case when p.reversal_of is null then 1 else 0 end) as n
     from payments p join customers c on c.id = p.customer_id
     where p.received_at >= @ds and p.received_at < @de and ${cust} group by 1, 2`,
    p,
  );
  const counter = r.counter;
  if (!counter) throw new Error('the counter section is missing');
  expect(counter.totalMinor).toBe(today.reduce((s, x) => s + x.s, 0));
  expect(counter.payments).toBe(today.reduce((s, x) => s + x.n, 0));
  for (const m of counter.byMethod)
    expect(m.amountMinor).toBe(
      today.filter((x) => x.method === m.method).reduce((s, x) => s + x.s, 0),
    );
  expect(counter.byCashier.reduce((s, c) => s + c.amountMinor, 0)).toBe(counter.totalMinor);
  for (const c of counter.byCashier)
    expect(c.amountMinor).toBe(
      today.filter((x) => x.cashier === c.cashier).reduce((s, x) => s + x.s, 0),
    );
  const tokens = one<{ n: number }>(
    `select (select count(*) from tokens t join devices d on d.id = t.device_id
              where t.issued_at >= @ds and t.issued_at < @de and ${devVillage})
          + (select count(*) from sts_requests s join devices d on d.id = s.device_id
              where s.created_at >= @ds and s.created_at < @de and ${devVillage}) as n`,
    p,
  ).n;
  expect(counter.tokens).toBe(tokens);
  expect(counter.tokensByKind.reduce((s, k) => s + k.count, 0)).toBe(tokens);

  // The month: money by local day (Lagos is UTC+1), energy, billing, collections.
  const month = r.month;
  if (!month) throw new Error('the month section is missing');
  const byDay = new Map(
    rows<{ d: string; s: number }>(
      `select date(p.received_at, '+1 hour') as d, sum(p.amount_minor) as s
       from payments p join customers c on c.id = p.customer_id
       where p.received_at >= @ms and p.received_at < @de and ${cust} group by 1`,
      p,
    ).map((x) => [x.d, x.s]),
  );
  for (const d of month.byDay) expect(d.amountMinor).toBe(byDay.get(d.date) ?? 0);
  expect(month.byDay.at(-1)?.date).toBe(r.date);
  expect(month.byDay.at(-1)?.amountMinor).toBe(counter.totalMinor);
  expect(month.collectedMinor).toBe([...byDay.values()].reduce((s, x) => s + x, 0));
  const kinds = new Map(
    rows<{ k: string; s: number; wh: number | null }>(
      `select pa.kind as k, sum(pa.amount_minor) as s, sum(pa.wh) as wh
       from payment_allocations pa join payments p on p.id = pa.payment_id
       join customers c on c.id = p.customer_id
       where p.received_at >= @ms and p.received_at < @de and ${cust} group by 1`,
      p,
    ).map((x) => [x.k, x]),
  );
  expect(month.prepaidSoldWh).toBe(kinds.get('energy')?.wh ?? 0);
  expect(month.prepaidSoldMinor).toBe(kinds.get('energy')?.s ?? 0);
  expect(month.collectedOnInvoicesMinor).toBe(kinds.get('invoice')?.s ?? 0);
  const billed = one<{ s: number | null; wh: number | null; n: number }>(
    `select sum(i.charges_minor) as s, sum(json_extract(i.body, '$.billedWh')) as wh, count(*) as n
     from invoices i join customers c on c.id = i.customer_id
     where i.status = 'final' and i.period = @period and ${cust}`,
    { period },
  );
  expect(month.billedMinor).toBe(billed.s ?? 0);
  expect(month.postpaidBilledWh).toBe(billed.wh ?? 0);
  expect(month.invoices).toBe(billed.n);
  expect(month.collectionEfficiency).toBe(
    billed.s ? Math.round(((kinds.get('invoice')?.s ?? 0) / billed.s) * 10_000) / 10_000 : null,
  );

  // Debt: payments and credit notes settle the oldest invoices first (a running total per
  // customer), aged from the due date against today.
  const debt = rows<{ bucket: string; s: number; customers: number }>(
    `with settled as (
       select c.id, coalesce((select sum(pa.amount_minor) from payments p
           join payment_allocations pa on pa.payment_id = p.id
           where p.customer_id = c.id and pa.kind in ('invoice', 'account_credit')), 0)
         + coalesce((select sum(n.amount_minor) from invoice_notes n join invoices i on i.id = n.invoice_id
           where i.customer_id = c.id and i.status = 'final' and n.kind = 'credit'), 0) as paid
       from customers c where ${cust}),
     charged as (
       select i.customer_id, i.due_date, i.charges_minor + coalesce((select sum(n.amount_minor)
           from invoice_notes n where n.invoice_id = i.id and n.kind = 'debit'), 0) as amount,
         sum(i.charges_minor + coalesce((select sum(n.amount_minor) from invoice_notes n
           where n.invoice_id = i.id and n.kind = 'debit'), 0))
           over (partition by i.customer_id order by i.period_end, i.number) as running
       from invoices i join customers c on c.id = i.customer_id
       where i.status = 'final' and ${cust}),
     open as (
       select ch.customer_id, ch.due_date,
         max(0, min(ch.amount, ch.running - s.paid)) as amount
       from charged ch join settled s on s.id = ch.customer_id)
     select case when due_date >= @today then 'not_due'
                 when julianday(@today) - julianday(due_date) <= 30 then 'd1_30'
                 when julianday(@today) - julianday(due_date) <= 60 then 'd31_60'
                 when julianday(@today) - julianday(due_date) <= 90 then 'd61_90'
                 else 'd90_plus' end as bucket,
            sum(amount) as s, count(distinct customer_id) as customers
     from open where amount > 0 group by 1`,
    { today: TODAY },
  );
  const debtSection = r.debt;
  if (!debtSection) throw new Error('the debt section is missing');
  for (const b of debtSection.buckets)
    expect(b.amountMinor).toBe(debt.find((x) => x.bucket === b.bucket)?.s ?? 0);
  expect(debtSection.totalMinor).toBe(debt.reduce((s, x) => s + x.s, 0));
  expect(debtSection.buckets.reduce((s, b) => s + b.amountMinor, 0)).toBe(debtSection.totalMinor);

  // The registry's month and what waits.
  const registry = r.registry;
  if (!registry) throw new Error('the registry section is missing');
  expect(registry.newCustomers).toBe(
    one<{ n: number }>(
      `select count(*) as n from customers c where c.created_at >= @ms and c.created_at < @de and ${cust}`,
      p,
    ).n,
  );
  expect(registry.newConnections).toBe(
    one<{ n: number }>(
      `select count(*) as n from devices d where d.deleted_at is null
         and d.installed_at between @from and @to and ${devVillage}`,
      { from: `${period}-01`, to: r.date },
    ).n,
  );
  expect(registry.flaggedReadings).toBe(
    one<{ n: number }>(
      `select count(*) as n from meter_readings r join devices d on d.id = r.device_id
       left join reading_reviews v on v.reading_id = r.id
       where r.flag is not null and v.reading_id is null and ${devVillage}`,
    ).n,
  );
}

describe('the dashboard reconciles with the ledgers', () => {
  it('this month, for the company, a mini-grid and the cluster', async () => {
    for (const scope of scopes()) {
      const r = await t.ok(
        'reports.dashboard',
        scope.text === undefined ? {} : { scope: scope.text },
        { token: manager },
      );
      expect(r.period).toBe('2026-11');
      expect(r.date).toBe(TODAY);
      reconcile(r, '2026-11', scope.villages);
    }
    const company = await t.ok('reports.dashboard', {}, { token: manager });
    // The morning's sales are there: 2,500 + 2,700 + 1,200 + 1,000 - 1,000 (reversed).
    expect(company.counter?.totalMinor).toBe(250_000 + 270_000 + 120_000);
    expect(company.counter?.payments).toBe(4);
    expect(company.counter?.byCashier).toEqual([
      { cashier: 'cashier1', amountMinor: 740_000, payments: 4 },
      // A reversal counts in the drawer of whoever made it, as on the day-end.
      { cashier: 'manager', amountMinor: -100_000, payments: 0 },
    ]);
    // The debt list's total is the same money, whatever its buckets count from.
    const aging = await t.ok('billing.aging', { groupBy: 'customer' }, { token: manager });
    expect(company.debt?.totalMinor).toBe(aging.totals.totalMinor);
    expect(company.debt?.customers).toBe(aging.rows.length);
    expect(company.debt?.totalMinor).toBeGreaterThan(0);
    // PAR30 is the contracts' own figure; the demo has contracts late by two and five months.
    const portfolio = await t.ok('contracts.portfolio', {}, { token: manager });
    const par30 = portfolio.par.find((x) => x.days === 30);
    expect(company.portfolio).toEqual({
      activeContracts: portfolio.activeContracts,
      outstandingMinor: portfolio.outstandingMinor,
      par30Minor: par30?.atRiskMinor,
      par30Bp: par30?.shareBp,
    });
    expect(company.portfolio?.par30Minor).toBeGreaterThan(0);
    expect(company.registry?.flaggedReadings).toBe(2);
  });

  it('a past month: the counter shows its last day, billing its final invoices', async () => {
    for (const scope of scopes()) {
      const r = await t.ok(
        'reports.dashboard',
        { period: '2026-09', ...(scope.text === undefined ? {} : { scope: scope.text }) },
        { token: manager },
      );
      expect(r.date).toBe('2026-09-30');
      expect(r.month?.byDay).toHaveLength(30);
      reconcile(r, '2026-09', scope.villages);
    }
    const r = await t.ok('reports.dashboard', { period: '2026-09' }, { token: manager });
    expect(r.month?.billedMinor).toBeGreaterThan(0);
    expect(r.month?.collectionEfficiency).not.toBeNull();
  });

  it("shows the target's progress as the monthly report measures it", async () => {
    const grid = one<{ code: string }>('select code from mini_grids order by code limit 1');
    const r = await t.ok('reports.dashboard', { scope: grid.code }, { token: manager });
    const target = r.system?.targets[0];
    expect(target?.metric).toBe('revenue');
    expect(target?.countedTo).toBe(TODAY);
    const month = await t.ok(
      'reports.monthly',
      { period: '2026-11', scope: grid.code },
      { token: manager },
    );
    // The report counts the whole month so far, as the dashboard does through today.
    expect(target?.actual).toBe(month.revenue.totalMinor);
    expect(target?.progress).toBe(
      Math.round((month.revenue.totalMinor / 50_000_000) * 10_000) / 10_000,
    );
    // The targets list measures each the same way, through today.
    const listed = (await t.ok('targets.list', {}, { token: manager })).rows;
    expect(listed.map((x) => [x.id, x.actual, x.progress])).toEqual([
      [target?.id, target?.actual, target?.progress],
    ]);
    // The company's dashboard shows the mini-grid's target too; another grid's does not.
    expect((await t.ok('reports.dashboard', {}, { token: manager })).system?.targets).toHaveLength(
      1,
    );
    const other = one<{ code: string }>('select code from mini_grids order by code desc limit 1');
    expect(
      (await t.ok('reports.dashboard', { scope: other.code }, { token: manager })).system?.targets,
    ).toHaveLength(0);
  });
});

describe('targets not started yet', () => {
  it('have nothing measured: no actual and no progress, on the list and the dashboard', async () => {
    const grid = one<{ id: string; code: string }>(
      'select id, code from mini_grids order by code limit 1',
    );
    const later = await t.ok(
      'targets.set',
      {
        scope: 'mini_grid',
        scopeId: grid.id,
        metric: 'new_customers',
        value: 10,
        fromDate: '2026-11-25',
        byDate: '2026-12-31',
      },
      { token: manager },
    );
    const listed = (await t.ok('targets.list', {}, { token: manager })).rows;
    expect(listed.find((x) => x.id === later.id)).toMatchObject({
      countedTo: TODAY,
      actual: null,
      progress: null,
    });
    // It starts after today: the dashboard of this month does not show it yet.
    const r = await t.ok('reports.dashboard', { scope: grid.code }, { token: manager });
    expect(r.system?.targets.map((x) => x.id)).not.toContain(later.id);
  });
});

describe('each role sees its own part', () => {
  it('a cashier the counter, a clerk the registry, a manager everything', async () => {
    const asCashier = await t.ok('reports.dashboard', {}, { token: cashier });
    expect(asCashier.sections).toEqual(['counter']);
    expect(asCashier.counter?.totalMinor).toBe(640_000);
    expect([
      asCashier.month,
      asCashier.debt,
      asCashier.portfolio,
      asCashier.registry,
      asCashier.system,
    ]).toEqual([null, null, null, null, null]);
    const asClerk = await t.ok('reports.dashboard', {}, { token: clerk });
    expect(asClerk.sections).toEqual(['registry']);
    expect(asClerk.registry?.flaggedReadings).toBe(2);
    expect([
      asClerk.counter,
      asClerk.month,
      asClerk.debt,
      asClerk.portfolio,
      asClerk.system,
    ]).toEqual([null, null, null, null, null]);
    const asAdmin = await t.ok('reports.dashboard', {}, { token: admin });
    expect(asAdmin.sections).toEqual([
      'counter',
      'month',
      'debt',
      'portfolio',
      'registry',
      'system',
    ]);
  });
});

describe('bad input is refused naming its field and changes nothing', () => {
  it('a month not started yet, an unknown place, a malformed month', async () => {
    const before = snapshot(t.core);
    const future = await t.call('reports.dashboard', { period: '2026-12' }, { token: manager });
    expect(future.ok).toBe(false);
    if (!future.ok) {
      expect(future.error.code).toBe('VALIDATION');
      expect(future.error.message).toBe('2026-12 has not started yet (this month is 2026-11).');
      expect(future.error.details?.issues?.[0]?.field).toBe('period');
    }
    const nowhere = await t.call('reports.dashboard', { scope: 'Atlantis' }, { token: manager });
    expect(!nowhere.ok && nowhere.error.details?.issues?.[0]?.field).toBe('scope');
    const malformed = await t.call('reports.dashboard', { period: '2026-13' }, { token: manager });
    expect(!malformed.ok && malformed.error.code).toBe('VALIDATION');
    expect(!malformed.ok && malformed.error.details?.issues?.[0]?.field).toBe('period');
    expect(snapshot(t.core)).toBe(before);
  });
});

describe('one aging rule', () => {
  it('the dashboard, the debt list and the monthly pack put the same money in the same buckets', async () => {
    // 23:30 in Lagos on 30 November: the dashboard's and the debt list's today is the pack's
    // last day, and no money arrives between the pack's close and now.
    const move = Date.parse('2026-11-30T22:30:00.000Z') - t.clock.nowMs();
    t.clock.advance(move);
    try {
      // Eight days later the morning's session has lapsed.
      const token = await login('manager', 'demo-manager');
      const dashboard = await t.ok('reports.dashboard', {}, { token });
      const list = await t.ok('billing.aging', { groupBy: 'village' }, { token });
      const pack = await t.ok('reports.monthly', { period: '2026-11' }, { token });
      expect(dashboard.date).toBe('2026-11-30');
      expect(list.asOf).toBe('2026-11-30');
      expect(pack.debt.asOf).toBe('2026-11-30');
      const fromList = DEBT_BUCKETS.map((bucket) => ({
        bucket,
        amountMinor: list.totals[bucket],
      }));
      expect(dashboard.debt?.buckets).toEqual(fromList);
      expect(pack.debt.buckets).toEqual(fromList);
      expect(pack.debt.totalMinor).toBe(list.totals.totalMinor);
      // The demo's debt spreads over several ages, so the buckets are really compared.
      expect(fromList.filter((b) => b.amountMinor > 0).length).toBeGreaterThan(1);
    } finally {
      t.clock.advance(-move);
    }
  });
});

describe('targets sharing a place and a stretch', () => {
  it('are measured once per place and stretch, each with its own place and metric', async () => {
    const grids = rows<{ id: string; code: string }>(
      'select id, code from mini_grids order by code',
    );
    expect(grids.length).toBeGreaterThan(1);
    const metrics = ['revenue', 'new_customers', 'energy_sold'] as const;
    const set: { id: string; code: string; metric: (typeof metrics)[number] }[] = [];
    for (const grid of grids)
      for (const metric of metrics) {
        const target = await t.ok(
          'targets.set',
          {
            scope: 'mini_grid',
            scopeId: grid.id,
            metric,
            value: 1_000,
            fromDate: '2026-11-01',
            byDate: '2026-12-31',
          },
          { token: manager },
        );
        set.push({ id: target.id, code: grid.code, metric });
      }
    const listed = new Map(
      (await t.ok('targets.list', {}, { token: manager })).rows.map((x) => [x.id, x]),
    );
    for (const grid of grids) {
      // Counted from the first of the month through today: the month's report of that grid.
      const month = await t.ok(
        'reports.monthly',
        { period: '2026-11', scope: grid.code },
        { token: manager },
      );
      const expected = {
        revenue: month.revenue.totalMinor,
        new_customers: month.customers.new,
        energy_sold: month.energy.totalWh,
      };
      for (const s of set.filter((x) => x.code === grid.code))
        expect([s.metric, listed.get(s.id)?.actual]).toEqual([s.metric, expected[s.metric]]);
    }
    // The two grids' figures differ, so a target measured on the wrong place would show.
    const revenues = set.filter((x) => x.metric === 'revenue').map((x) => listed.get(x.id)?.actual);
    expect(new Set(revenues).size).toBe(revenues.length);
  });
});
