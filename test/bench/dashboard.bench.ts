// The managers' dashboard at scale (issue 14, target: under 300 ms): 100,000 customers and
// 2,000,000 payments over 24 months (smaller with BENCH_REPORT_CUSTOMERS / BENCH_REPORT_PAYMENTS),
// and 10,000 postpaid customers with 12 months of final invoices each, written directly by
// test/helpers/scale-seed.ts (the report benchmark's company, without readings). Times
// reports.dashboard through the dispatcher for the company and for one mini-grid, on the last
// month of the history, beside raw SQLite aggregates of the same totals in the same run.
import { openTestCore, setUpOffice } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { seedScale } from '../helpers/scale-seed';
import { measure, printTable } from './harness';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100_000);
const PAYMENTS = Number(process.env.BENCH_REPORT_PAYMENTS ?? 2_000_000);
/** Meters of the first customers; every second one postpaid and billed for 12 months. */
const METERS = Math.min(20_000, CUSTOMERS);

export async function benchDashboard(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  const n = seedScale(t, s, {
    customers: CUSTOMERS,
    payments: PAYMENTS,
    meters: METERS,
    readings: false,
    generation: false,
    contracts: 0,
  });
  process.stdout.write(
    `\ndashboard: ${n.customers} customers, ${n.payments} payments, ${n.invoices} invoices seeded in ${n.seconds.toFixed(1)} s\n`,
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
