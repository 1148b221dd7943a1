// A company at benchmark scale, written straight into SQLite (the dispatcher would take hours):
// customers spread over 24 months, payments over the same months by four methods and three
// cashiers, meters (prepaid and postpaid in turn) read once a month, every postpaid meter billed
// for the 12 months before November 2026 with final invoices that payments name, appliance
// contracts on weekly instalments with their payments, and optionally two generation meters read
// daily. Shared by the dashboard and report benchmarks so both measure the same company.
import { performance } from 'node:perf_hooks';
import type { TestCore } from './core';
import type { seedRegistry } from './registry';

type Registry = Awaited<ReturnType<typeof seedRegistry>>;

export interface ScaleOptions {
  customers: number;
  payments: number;
  /** Meters of the first customers, prepaid (even) and postpaid (odd); postpaid ones are billed. */
  meters: number;
  /** Monthly readings of every meter for 24 months (the report's consumption figures). */
  readings: boolean;
  /** Two generation meters read daily (the report's losses). */
  generation: boolean;
  /** Appliance contracts on weekly instalments, each with its down payment and a few payments. */
  contracts: number;
}

export const KINDS = ['energy', 'days', 'invoice', 'credit'] as const;
export const METHODS = ['cash', 'mobile_money', 'bank', 'other'] as const;
export const CASHIERS = ['amina', 'bello', 'chidi'] as const;
const FIRST = Date.parse('2024-11-01T00:00:00Z');
/** 24 months ending with October 2026. */
const SPAN_MS = Date.parse('2026-10-31T22:00:00Z') - FIRST;
/** The 12 billed months before November 2026. */
export const BILLED_PERIODS = Array.from({ length: 12 }, (_, k) => {
  const m = 10 + k; // 2025-11 .. 2026-10
  return `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
});
const INSTALMENTS_EACH = 26;
const INSTALMENT = 2_000;
const DOWN = 5_000;

function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ScaleCounts {
  customers: number;
  payments: number;
  meters: number;
  invoices: number;
  contracts: number;
  seconds: number;
}

/**
 * Rows written here carry a clock stamp older than any real one: the core's hybrid clock starts
 * from the newest stamp in the database when it opens, and the benchmarks reopen it.
 */
export function seedScale(t: TestCore, s: Registry, o: ScaleOptions): ScaleCounts {
  const raw = t.core.deps.raw;
  const officeId = raw
    .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
    .pluck()
    .get() as string;
  const villages = [s.village.id, s.village2.id, s.other.id];
  const created = (i: number) => new Date(FIRST + (i / o.customers) * SPAN_MS).toISOString();
  const postpaid = (customer: number) => customer < o.meters && customer % 2 === 1;
  const start = performance.now();

  const addCustomer = raw.prepare(
    "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES (?, ?, ?, 'individual', ?, 'Okafor', ?, 'active', ?, '000000000000000-0000-bench')",
  );
  const addDevice = raw.prepare(
    "INSERT INTO devices (id, office_id, kind, manufacturer_id, model_id, serial, customer_id, village_id, status, billing_mode, installed_at, created_at, updated_hlc) VALUES (?, ?, 'meter', ?, ?, ?, ?, ?, 'installed', ?, ?, ?, '000000000000000-0000-bench')",
  );
  const addReading = raw.prepare(
    "INSERT INTO meter_readings (id, office_id, device_id, read_at, wh, source, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'manual', ?, 'bench')",
  );
  const monthStarts = Array.from({ length: 25 }, (_, m) =>
    new Date(Date.UTC(2024, 10 + m, 1, 0, 0, 0)).toISOString(),
  );
  raw.transaction(() => {
    for (let i = 0; i < o.customers; i++)
      addCustomer.run(
        `bench-c-${i}`,
        officeId,
        `B${i}`,
        `Customer${i}`,
        villages[i % 3],
        created(i),
      );
    for (let i = 0; i < o.meters; i++) {
      const id = `bench-m-${i}`;
      const at = created(i);
      addDevice.run(
        id,
        officeId,
        s.chint.id,
        s.meter.id,
        `BM-${i}`,
        `bench-c-${i}`,
        villages[i % 3],
        postpaid(i) ? 'postpaid' : 'prepaid',
        at.slice(0, 10),
        at,
      );
      if (o.readings)
        monthStarts.forEach((read, m) =>
          addReading.run(
            `bench-r-${i}-${m}`,
            officeId,
            id,
            read,
            m * (40_000 + (i % 50) * 1000),
            read,
          ),
        );
    }
    if (o.generation)
      for (const [k, village] of [s.village.id, s.village2.id].entries()) {
        const id = `bench-gen-${k}`;
        addDevice.run(
          id,
          officeId,
          s.chint.id,
          s.meter.id,
          `GEN-${k}`,
          null,
          village,
          'generation',
          '2024-11-01',
          '2024-11-01T00:00:00.000Z',
        );
        for (let d = 0; d < 730; d++) {
          const at = new Date(FIRST + d * 86_400_000).toISOString();
          addReading.run(`bench-g-${k}-${d}`, officeId, id, at, d * 500_000, at);
        }
      }
  })();

  // Every postpaid meter billed for 12 months (one final run a month, for the bench only).
  const addRun = raw.prepare(
    "INSERT INTO billing_runs (id, office_id, mini_grid_id, period, status, problems, created_at, created_by, generated_at, finalised_at, finalised_by) VALUES (?, ?, ?, ?, 'final', '[]', ?, 'bench', ?, ?, 'bench')",
  );
  const addInvoice = raw.prepare(
    "INSERT INTO invoices (id, office_id, run_id, number, status, customer_id, device_id, period, period_start, period_end, sort_key, body, next_state, charges_minor, total_due_minor, due_date, created_at, finalised_at) VALUES (?, ?, ?, ?, 'final', ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
  );
  let invoices = 0;
  raw.transaction(() => {
    for (const period of BILLED_PERIODS) {
      const end = `${nextMonth(period)}-01`;
      addRun.run(`bench-run-${period}`, officeId, s.grid.id, period, end, end, end);
      for (let i = 1; i < o.meters; i += 2) {
        const charges = 5_000 + (i % 3_000);
        invoices += 1;
        addInvoice.run(
          `bench-i-${period}-${i}`,
          officeId,
          `bench-run-${period}`,
          `INV-${invoices}`,
          `bench-c-${i}`,
          `bench-m-${i}`,
          period,
          `${period}-01`,
          end,
          `k${i}`,
          JSON.stringify({ billedWh: 20_000 + (i % 7) * 1_000 }),
          charges,
          charges,
          `${end.slice(0, 8)}15`,
          `${end}T08:00:00.000Z`,
          `${end}T08:00:00.000Z`,
        );
      }
    }
  })();

  const addPayment = raw.prepare(
    'INSERT INTO payments (id, office_id, receipt_number, submission_key, customer_id, device_id, amount_minor, method, received_at, cashier_name) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)',
  );
  const addAllocation = raw.prepare(
    'INSERT INTO payment_allocations (id, payment_id, kind, amount_minor, wh, ref_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const chunk = 200_000;
  for (let from = 0; from < o.payments; from += chunk) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(o.payments, from + chunk); i++) {
        const id = `bench-p-${i}`;
        const amount = 1000 + (i % 5000);
        const customer = (i * 7919) % o.customers;
        const at = new Date(FIRST + (i / o.payments) * SPAN_MS).toISOString();
        addPayment.run(
          id,
          officeId,
          `B-R-${i}`,
          `bench-k-${i}`,
          `bench-c-${customer}`,
          amount,
          METHODS[i % 4],
          at,
          CASHIERS[i % 3],
        );
        const kind = KINDS[i % 4] as (typeof KINDS)[number];
        // A postpaid customer's invoice payment names one of their invoices, as the counter does.
        const ref =
          kind === 'invoice' && postpaid(customer)
            ? `bench-i-${BILLED_PERIODS[i % BILLED_PERIODS.length] ?? ''}-${customer}`
            : null;
        addAllocation.run(
          `bench-a-${i}`,
          id,
          kind,
          amount,
          kind === 'energy' ? amount * 5 : null,
          ref,
        );
      }
    })();
  }

  // Appliance contracts sold through 2026 on 26 weekly instalments; customers pay 30-100 % of an
  // instalment each time, so on the report's month some are current and many late.
  const addContract = raw.prepare(
    `INSERT INTO contracts (id, office_id, number, submission_key, customer_id, item, price_minor,
       down_payment_minor, plan, frequency, grace_days, sale_date, opening_paid_minor, status,
       sold_by, created_at, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'instalments', 'weekly', 3, ?, 0, 'active', 'bench', ?, '000000000000000-0000-bench')`,
  );
  const addInstalment = raw.prepare(
    `INSERT INTO contract_instalments (id, office_id, contract_id, seq, due_date, amount_minor,
       period_days, cum_through_minor, created_at, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, 7, ?, ?, '000000000000000-0000-bench')`,
  );
  const items = ['Home 200 kit', 'E-bike', 'Fridge', 'TV 32"', 'Mill'];
  raw.transaction(() => {
    let payment = 0;
    for (let i = 0; i < o.contracts; i++) {
      const id = `bench-k-${i}`;
      const customer = `bench-c-${(i * 31) % o.customers}`;
      const saleDate = addDays('2026-01-01', i % 300);
      const soldAt = `${saleDate}T09:00:00.000Z`;
      addContract.run(
        id,
        officeId,
        `B-C-${i}`,
        `bench-s-${i}`,
        customer,
        items[i % items.length],
        DOWN + INSTALMENTS_EACH * INSTALMENT,
        DOWN,
        saleDate,
        soldAt,
      );
      for (let k = 1; k <= INSTALMENTS_EACH; k++)
        addInstalment.run(
          `${id}-i${k}`,
          officeId,
          id,
          k,
          addDays(saleDate, 7 * k),
          INSTALMENT,
          k * INSTALMENT,
          soldAt,
        );
      const each = Math.floor((INSTALMENT * (30 + (i % 71))) / 100);
      // Paid weekly from the sale, through October 2026 at most.
      for (let k = 0; k < INSTALMENTS_EACH; k++) {
        const day = addDays(saleDate, 7 * k);
        if (day > '2026-10-31') break;
        payment += 1;
        const pid = `bench-kp-${payment}`;
        const amount = k === 0 ? DOWN : each;
        addPayment.run(
          pid,
          officeId,
          `B-K-${payment}`,
          `bench-ks-${payment}`,
          customer,
          amount,
          METHODS[payment % 4],
          `${day}T09:00:00.000Z`,
          CASHIERS[payment % 3],
        );
        addAllocation.run(
          `bench-ka-${payment}`,
          pid,
          k === 0 ? 'down_payment' : 'contract',
          amount,
          null,
          id,
        );
      }
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  return {
    customers: o.customers,
    payments: o.payments,
    meters: o.meters,
    invoices,
    contracts: o.contracts,
    seconds: (performance.now() - start) / 1000,
  };
}
