// The demo company on a real core: after the wizard (demo ticked) the company works everywhere at
// once. Its past was made by the real services, so the ledgers must agree with themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/domain/demo/activity';
import { localDate } from '../../src/domain/time';
import { openTestCore, SETUP, type TestCore } from '../helpers/core';

const ZONE = SETUP.office.timeZone;

function rows<T>(t: TestCore, sql: string, ...params: unknown[]): T[] {
  return t.core.deps.raw.prepare(sql).all(...params) as T[];
}

describe('the demo company', () => {
  let t: TestCore;
  let admin: string;

  beforeAll(async () => {
    t = openTestCore();
    const setup = await t.ok('setup.initialise', { ...SETUP, loadDemo: true });
    admin = setup.session.token;
  }, 120_000);
  afterAll(() => t.close());

  const today = () => localDate(t.clock.nowMs(), ZONE);
  const lastMonth = () => {
    const [y, m] = today().split('-').map(Number) as [number, number];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };

  it('has a past of a few hundred payments of every kind, by two cashiers (and the clerk)', () => {
    const byKind = rows<{ kind: string; n: number }>(
      t,
      `select a.kind, count(distinct p.id) n from payments p
       join payment_allocations a on a.payment_id = p.id group by a.kind`,
    );
    const kinds = Object.fromEntries(byKind.map((r) => [r.kind, r.n]));
    expect(kinds.days).toBeGreaterThan(50);
    expect(kinds.energy).toBeGreaterThan(50);
    expect(kinds.invoice).toBeGreaterThan(30);
    const total = rows<{ n: number }>(t, 'select count(*) n from payments')[0]?.n ?? 0;
    expect(total).toBeGreaterThan(200);
    expect(total).toBeLessThan(800);
    const cashiers = rows<{ name: string }>(t, 'select distinct cashier_name name from payments');
    // The clerk takes the down payments of the appliance contracts they sell; the manager's
    // reversals (a cancelled contract's refund, a charged-back payoff) are the manager's own.
    expect(cashiers.map((c) => c.name).sort()).toEqual([
      'cashier1',
      'cashier2',
      'clerk',
      'manager',
    ]);
    // STS purchases: most vendor tokens recorded, some still pending.
    const sts = rows<{ recorded: number; pending: number }>(
      t,
      `select sum(case when s.request_id is null then 0 else 1 end) recorded,
              sum(case when s.request_id is null then 1 else 0 end) pending
       from sts_requests r left join sts_tokens s on s.request_id = r.id`,
    )[0];
    expect(sts?.recorded).toBeGreaterThan(0);
    expect(sts?.pending).toBeGreaterThan(0);
  });

  it('has appliance contracts in every state, alive in the lists and PAR', async () => {
    const states = rows<{ status: string; n: number }>(
      t,
      'select status, count(*) n from contracts group by status',
    );
    expect(Object.fromEntries(states.map((r) => [r.status, r.n]))).toMatchObject({
      active: expect.any(Number),
      paid_off: expect.any(Number),
      written_off: 1,
      repossessed: 1,
      cancelled: 1,
    });
    // Paid off with its unlock token: a solar home system from stock.
    const unlocked = rows<{ number: string }>(
      t,
      `select c.number from contracts c join tokens k on k.device_id = c.device_id
       where c.status = 'paid_off' and k.type = 'DISABLE_PAYG'`,
    );
    expect(unlocked).toHaveLength(1);
    // Reopened by the reversal of the payment that paid it off: active again, owing, late.
    const reopened = rows<{ id: string; status: string }>(
      t,
      `select c.id, c.status from contracts c join contract_events e on e.contract_id = c.id
       where e.event = 'reopened'`,
    );
    expect(reopened.map((r) => r.status)).toEqual(['active']);
    const cancelled = rows<{ refunds: number }>(
      t,
      `select sum(p.amount_minor) refunds from contracts c
       join payment_allocations a on a.ref_id = c.id join payments p on p.id = a.payment_id
       where c.status = 'cancelled'`,
    );
    // Every payment on the cancelled contract was refunded: they net to nothing.
    expect(cancelled[0]?.refunds).toBe(0);
    const late = await t.ok('contracts.overdue', {}, { token: admin });
    const days = late.rows.map((r) => r.daysLate);
    expect(days.some((d) => d > 7 && d <= 30)).toBe(true);
    expect(days.some((d) => d > 30 && d <= 90)).toBe(true);
    expect(days.some((d) => d > 90)).toBe(true);
    expect(late.rows.map((r) => r.contractId)).toContain(reopened[0]?.id);
    const figures = await t.ok('contracts.portfolio', {}, { token: admin });
    expect(figures.par.every((p) => p.shareBp > 0 && p.shareBp < 10_000)).toBe(true);
    expect(figures.collection.dueMinor).toBeGreaterThan(0);
    // Sold through two field agents and at the office.
    expect(figures.byAgent.map((g) => g.name).sort()).toEqual([
      'Chiamaka Eze',
      'Ibrahim Danjuma',
      null,
    ]);
  });

  it('splits every payment exactly: its allocations add up to its amount', () => {
    const off = rows<{ receipt: string; amount: number; allocated: number | null }>(
      t,
      `select p.receipt_number receipt, p.amount_minor amount,
              (select sum(a.amount_minor) from payment_allocations a where a.payment_id = p.id) allocated
       from payments p`,
    ).filter((r) => r.allocated !== r.amount);
    expect(off).toEqual([]);
  });

  it('gave every token its own count, in order, on each device', () => {
    const gaps = rows<{ device_id: string }>(
      t,
      `select t.device_id from tokens t join openpaygo_devices o on o.device_id = t.device_id
       group by t.device_id having max(t.count) <> max(o.count)`,
    );
    expect(gaps).toEqual([]);
  });

  it('closed every past day of every cashier who took money, and left today open', () => {
    const worked = rows<{ cashier: string; at: string }>(
      t,
      'select cashier_name cashier, received_at at from payments',
    );
    const days = new Set(worked.map((w) => `${w.cashier}|${localDate(Date.parse(w.at), ZONE)}`));
    const closed = new Set(
      rows<{ cashier: string; day: string }>(
        t,
        'select cashier_name cashier, day from day_closes',
      ).map((c) => `${c.cashier}|${c.day}`),
    );
    expect(days.size).toBeGreaterThan(20);
    for (const d of days) expect(closed.has(d), d).toBe(d.endsWith(today()) ? false : true);
  });

  it('has finalised runs with part-paid invoices, and a draft run for last month', async () => {
    const { runs } = await t.ok('billing.runs', {}, { token: admin });
    const final = runs.filter((r) => r.status === 'final');
    expect(final.length).toBeGreaterThanOrEqual(4);
    expect(final.every((r) => r.invoices > 0 && r.problems.length === 0)).toBe(true);
    const draft = runs.filter((r) => r.status === 'draft');
    expect(draft.map((r) => r.period)).toEqual([lastMonth()]);
    expect(draft[0]?.problems).toEqual([]);
    const billed = rows<{ id: string }>(
      t,
      "select distinct customer_id id from invoices where status = 'final'",
    );
    const finalInvoices = [];
    for (const c of billed) {
      const list = await t.ok('invoices.list', { customerId: c.id }, { token: admin });
      finalInvoices.push(...list.invoices);
    }
    const paid = finalInvoices.filter((i) => i.openMinor === 0);
    const partly = finalInvoices.filter(
      (i) => (i.openMinor ?? 0) > 0 && (i.openMinor ?? 0) < i.chargesMinor,
    );
    const unpaid = finalInvoices.filter((i) => i.openMinor === i.chargesMinor);
    expect(paid.length).toBeGreaterThan(0);
    expect(partly.length).toBeGreaterThan(0);
    expect(unpaid.length).toBeGreaterThan(0);
    // The payment provider of the billing settings gave every final invoice its link.
    expect(finalInvoices.every((i) => i.paymentLink?.startsWith('https://paystack.com/pay/'))).toBe(
      true,
    );
  });

  it('bills last month of the mini-grid not yet billed with no problem, spare meters included', async () => {
    const { runs } = await t.ok('billing.runs', {}, { token: admin });
    const tree = await t.ok('sites.tree', {}, { token: admin });
    const grids = tree.clusters.flatMap((c) => c.miniGrids.map((g) => g.id));
    const billed = new Set(runs.filter((r) => r.period === lastMonth()).map((r) => r.miniGridId));
    const open = grids.filter((g) => !billed.has(g));
    expect(open).toHaveLength(1);
    // The demo keeps postpaid spares in the stores: they are no billing problem.
    const spares = rows<{ n: number }>(
      t,
      `select count(*) n from devices d join villages v on v.id = d.village_id
       where d.billing_mode = 'postpaid' and d.status = 'in_stock' and d.customer_id is null`,
    )[0];
    expect(spares?.n).toBeGreaterThan(0);
    const made = await t.ok(
      'billing.run',
      { miniGridIds: open, period: lastMonth() },
      { token: admin },
    );
    const run = made.runs[0];
    expect(run?.problems).toEqual([]);
    expect(run?.invoices).toBeGreaterThan(0);
  });

  it('sells days to every solar home system and e-bike with a customer', async () => {
    const lockable = rows<{ id: string; daily: number }>(
      t,
      `select d.id, p.daily_price_minor daily from devices d join payg_plans p on p.device_id = d.id
       where d.kind in ('shs', 'ebike') and d.customer_id is not null
         -- Kits sold on a contract are paid through it (the paid-off and reopened demo ones buy
         -- no more days: their unlock was issued).
         and not exists (select 1 from contracts c where c.device_id = d.id)`,
    );
    const all = rows<{ n: number }>(
      t,
      "select count(*) n from devices where kind in ('shs', 'ebike')",
    )[0];
    const withPlan = rows<{ n: number }>(t, 'select count(*) n from payg_plans')[0];
    expect(withPlan?.n).toBe(all?.n);
    expect(lockable.length).toBeGreaterThan(30);
    for (const d of lockable) {
      const preview = await t.ok(
        'payments.preview',
        { deviceId: d.id, amountMinor: d.daily * 7 },
        { token: admin },
      );
      expect(preview.days).toBeGreaterThanOrEqual(7);
      expect(preview.tokenCount).toBe(1);
    }
  });

  it('sells energy to every prepaid meter with a customer, and every meter has a tariff', async () => {
    const noTariff = rows<{ n: number }>(
      t,
      "select count(*) n from devices where kind = 'meter' and tariff_id is null",
    )[0];
    expect(noTariff?.n).toBe(0);
    const meters = rows<{ id: string }>(
      t,
      `select id from devices
       where kind = 'meter' and billing_mode = 'prepaid' and customer_id is not null`,
    );
    expect(meters.length).toBeGreaterThan(100);
    for (const m of meters) {
      const preview = await t.ok(
        'payments.preview',
        { deviceId: m.id, amountMinor: 1_000_000 },
        { token: admin },
      );
      expect(preview.wh).toBeGreaterThan(0);
    }
  });

  it('leaves flagged readings for the clerk, and its audit chain holds', async () => {
    const flagged = rows<{ flag: string }>(
      t,
      `select r.flag from meter_readings r left join reading_reviews v on v.reading_id = r.id
       where r.flag is not null and v.reading_id is null`,
    );
    expect(flagged.map((f) => f.flag).sort()).toEqual(['jump', 'reset']);
    const verified = await t.ok('audit.verify', {}, { token: admin });
    expect(verified.ok).toBe(true);
  });

  it('signs the demo staff in with the published passwords', async () => {
    for (const u of DEMO_USERS) {
      const session = await t.ok('auth.login', { username: u.username, password: u.password });
      expect(session.user.role).toBe(u.role);
    }
  });
});

describe('the demo company, loaded twice at the same instant', () => {
  it('has the same past: the same receipts, amounts, cashiers and times', async () => {
    const sales = async () => {
      const t = openTestCore();
      try {
        await t.ok('setup.initialise', { ...SETUP, loadDemo: true });
        return rows<unknown>(
          t,
          `select p.receipt_number, p.amount_minor, p.cashier_name, p.received_at, d.serial
           from payments p join devices d on d.id = p.device_id order by p.receipt_number`,
        );
      } finally {
        t.close();
      }
    };
    const first = await sales();
    expect(first.length).toBeGreaterThan(200);
    expect(await sales()).toEqual(first);
  }, 180_000);
});
