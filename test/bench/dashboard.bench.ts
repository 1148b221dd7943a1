// The managers' dashboard at scale (issue 14, target: under 300 ms): 100,000 customers and
// 2,000,000 payments over 24 months (smaller with BENCH_REPORT_CUSTOMERS / BENCH_REPORT_PAYMENTS),
// and 10,000 postpaid customers with 12 months of final invoices each, written directly. Times
// reports.dashboard through the dispatcher for the company and for one mini-grid, on the last
// month of the history, beside raw SQLite aggregates of the same totals in the same run.
import { performance } from 'node:perf_hooks';
import { openTestCore, setUpOffice } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { measure, printTable } from './harness';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100_000);
const PAYMENTS = Number(process.env.BENCH_REPORT_PAYMENTS ?? 2_000_000);
const POSTPAID = Math.min(10_000, CUSTOMERS);
const KINDS = ['energy', 'days', 'invoice', 'credit'] as const;
const METHODS = ['cash', 'mobile_money', 'bank', 'other'] as const;
const CASHIERS = ['amina', 'bello', 'chidi'] as const;
const FIRST = Date.parse('2024-11-01T00:00:00Z');
/** 24 months ending with October 2026, the month shown. */
const SPAN_MS = Date.parse('2026-10-31T22:00:00Z') - FIRST;
/** The 12 billed months before November 2026. */
const PERIODS = Array.from({ length: 12 }, (_, k) => {
  const m = 10 + k; // 2025-11 .. 2026-10
  return `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
});

function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export async function benchDashboard(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  const officeId = raw
    .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
    .pluck()
    .get() as string;
  const villages = [s.village.id, s.village2.id, s.other.id];
  const addCustomer = raw.prepare(
    "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES (?, ?, ?, 'individual', ?, 'Okafor', ?, 'active', ?, 'h')",
  );
  const addDevice = raw.prepare(
    "INSERT INTO devices (id, office_id, kind, manufacturer_id, model_id, serial, customer_id, village_id, status, billing_mode, installed_at, created_at, updated_hlc) VALUES (?, ?, 'meter', ?, ?, ?, ?, ?, 'installed', 'postpaid', ?, ?, 'h')",
  );
  const addRun = raw.prepare(
    "INSERT INTO billing_runs (id, office_id, mini_grid_id, period, status, problems, created_at, created_by, generated_at, finalised_at, finalised_by) VALUES (?, ?, ?, ?, 'final', '[]', ?, 'bench', ?, ?, 'bench')",
  );
  const addInvoice = raw.prepare(
    "INSERT INTO invoices (id, office_id, run_id, number, status, customer_id, device_id, period, period_start, period_end, sort_key, body, next_state, charges_minor, total_due_minor, due_date, created_at, finalised_at) VALUES (?, ?, ?, ?, 'final', ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
  );
  const addPayment = raw.prepare(
    'INSERT INTO payments (id, office_id, receipt_number, submission_key, customer_id, device_id, amount_minor, method, received_at, cashier_name) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)',
  );
  const addAllocation = raw.prepare(
    'INSERT INTO payment_allocations (id, payment_id, kind, amount_minor, wh, ref_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const seedStart = performance.now();
  raw.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const created = new Date(FIRST + (i / CUSTOMERS) * SPAN_MS).toISOString();
      addCustomer.run(`bench-c-${i}`, officeId, `B${i}`, `Customer${i}`, villages[i % 3], created);
      if (i < POSTPAID)
        addDevice.run(
          `bench-d-${i}`,
          officeId,
          s.chint.id,
          s.meter.id,
          `BM${i}`,
          `bench-c-${i}`,
          villages[i % 3],
          created.slice(0, 10),
          created,
        );
    }
    // Every postpaid customer billed for 12 months (one run per month, for the bench only).
    let n = 0;
    for (const period of PERIODS) {
      const end = `${nextMonth(period)}-01`;
      addRun.run(`bench-r-${period}`, officeId, s.grid.id, period, end, end, end);
      for (let i = 0; i < POSTPAID; i++) {
        const charges = 5_000 + (i % 3_000);
        n += 1;
        addInvoice.run(
          `bench-i-${n}`,
          officeId,
          `bench-r-${period}`,
          `INV-${n}`,
          `bench-c-${i}`,
          `bench-d-${i}`,
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
  const chunk = 200_000;
  for (let from = 0; from < PAYMENTS; from += chunk) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(PAYMENTS, from + chunk); i++) {
        const id = `bench-p-${i}`;
        const amount = 1000 + (i % 5000);
        const at = new Date(FIRST + (i / PAYMENTS) * SPAN_MS);
        addPayment.run(
          id,
          officeId,
          `B-R-${i}`,
          `bench-k-${i}`,
          `bench-c-${(i * 7919) % CUSTOMERS}`,
          amount,
          METHODS[i % 4],
          at.toISOString(),
          CASHIERS[i % 3],
        );
        const kind = KINDS[i % 4] as (typeof KINDS)[number];
        const customer = (i * 7919) % CUSTOMERS;
        // A postpaid customer's invoice payment names one of their invoices, as the counter does.
        const ref =
          kind === 'invoice' && customer < POSTPAID
            ? `bench-i-${(i % PERIODS.length) * POSTPAID + customer + 1}`
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
  raw.pragma('wal_checkpoint(TRUNCATE)');
  process.stdout.write(
    `\ndashboard: ${CUSTOMERS} customers, ${PAYMENTS} payments, ${POSTPAID * PERIODS.length} invoices seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );

  const cli = { door: 'cli' as const };
  const dashboard = (input: { period: string; scope?: string }) => async () => {
    const r = await t.core.dispatch('reports.dashboard', input, cli);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };
  // The same totals straight from SQLite, for the company and the local month of October 2026
  // (Lagos, UTC+1) with its last day as "the day": the day by method and cashier, the month's
  // parts by day and kind, the month's final invoices, the open debt by age (oldest invoices
  // settled first, as a running total), customers and connections added.
  const day = ['2026-10-30T23:00:00.000Z', '2026-10-31T23:00:00.000Z'];
  const month = ['2026-09-30T23:00:00.000Z', '2026-10-31T23:00:00.000Z'];
  const today = raw.prepare(
    'SELECT method, cashier_name, sum(amount_minor), count(*) FROM payments WHERE received_at >= ? AND received_at < ? GROUP BY 1, 2',
  );
  const byDayKind = raw.prepare(
    "SELECT date(p.received_at, '+1 hour'), pa.kind, sum(pa.amount_minor), sum(pa.wh) FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id WHERE p.received_at >= ? AND p.received_at < ? GROUP BY 1, 2",
  );
  const billed = raw.prepare(
    "SELECT sum(charges_minor), sum(json_extract(body, '$.billedWh')), count(*) FROM invoices WHERE status = 'final' AND period = ?",
  );
  const debt = raw.prepare(
    `WITH inv AS MATERIALIZED (
       SELECT i.customer_id, i.due_date, i.charges_minor AS amount,
         coalesce((SELECT sum(pa.amount_minor) FROM payment_allocations pa
           WHERE pa.ref_id = i.id AND pa.kind = 'invoice'), 0) AS paid,
         sum(i.charges_minor) OVER (PARTITION BY i.customer_id ORDER BY i.period_end, i.number)
           AS running
       FROM invoices i WHERE i.status = 'final'),
     pool AS MATERIALIZED (SELECT customer_id, sum(paid) AS paid FROM inv GROUP BY customer_id)
     SELECT CASE WHEN due_date >= @today THEN 'not_due'
                 WHEN julianday(@today) - julianday(due_date) <= 30 THEN 'd1_30'
                 WHEN julianday(@today) - julianday(due_date) <= 60 THEN 'd31_60'
                 WHEN julianday(@today) - julianday(due_date) <= 90 THEN 'd61_90'
                 ELSE 'd90_plus' END, sum(max(0, min(inv.amount, inv.running - pool.paid)))
     FROM inv JOIN pool USING (customer_id) GROUP BY 1`,
  );
  const added = raw.prepare(
    "SELECT (SELECT count(*) FROM customers WHERE created_at >= ? AND created_at < ?), (SELECT count(*) FROM devices WHERE installed_at BETWEEN '2026-10-01' AND '2026-10-31')",
  );
  const rawTotals = () => {
    today.all(day[0], day[1]);
    byDayKind.all(month[0], month[1]);
    billed.get('2026-10');
    debt.all({ today: '2026-11-22' });
    added.get(month[0], month[1]);
  };
  const baseline = { name: 'raw SQLite totals', figures: await measure(rawTotals, 5, 1) };
  printTable('dashboard, October 2026 (one month of 24), target under 300 ms', [
    {
      name: 'reports.dashboard, whole company',
      figures: await measure(dashboard({ period: '2026-10' }), 5, 1),
      baseline,
    },
    {
      name: 'reports.dashboard, one mini-grid',
      figures: await measure(dashboard({ period: '2026-10', scope: 'BKG' }), 5, 1),
      baseline,
    },
  ]);
  process.stdout.write(
    `peak memory (max RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
  );
  t.close();
}
