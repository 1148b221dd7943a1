// The monthly report at scale (issue 14): 100,000 customers and 2,000,000 payments over 24 months,
// 20,000 meters read monthly for 24 months (10,000 postpaid, billed for 12 months: 120,000 final
// invoices), 20,000 appliance contracts with their instalments and payments, and two generation
// meters (smaller with BENCH_REPORT_CUSTOMERS / _PAYMENTS / _METERS / _CONTRACTS), written
// directly by test/helpers/scale-seed.ts. Times reports.monthly and reports.monthlyFiles (the pack:
// PDF + XLSX + CSVs, target under 10 s) for the whole company through the dispatcher, cold (first
// after opening) and warm, beside raw SQLite aggregates of the same totals in the same run; peak
// memory printed.
import { openTestCore, setUpOffice } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { seedScale } from '../helpers/scale-seed';
import { measure, printTable } from './harness';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100_000);
const PAYMENTS = Number(process.env.BENCH_REPORT_PAYMENTS ?? 2_000_000);
const METERS = Number(process.env.BENCH_REPORT_METERS ?? 20_000);
const CONTRACTS = Number(process.env.BENCH_REPORT_CONTRACTS ?? 20_000);

export async function benchReports(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const n = seedScale(t, s, {
    customers: CUSTOMERS,
    payments: PAYMENTS,
    meters: METERS,
    readings: true,
    generation: true,
    contracts: CONTRACTS,
  });
  process.stdout.write(
    `\nreports: ${n.customers} customers, ${n.payments} payments, ${n.meters} meters read for 24 months, ${n.invoices} final invoices, ${n.contracts} contracts seeded in ${n.seconds.toFixed(1)} s\n`,
  );
  const cli = { door: 'cli' as const };
  const monthly = async () => {
    const r = await t.core.dispatch('reports.monthly', { period: '2026-10' }, cli);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };
  const files = async () => {
    const r = await t.core.dispatch('reports.monthlyFiles', { period: '2026-10' }, cli);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };
  // Cold: the first report and the first pack on a freshly opened database (empty page cache, no
  // statement prepared yet), as a manager meets them at the start of a day.
  const cold = async (fn: () => Promise<void>) => {
    t.reopen();
    return measure(fn, 1, 0);
  };
  const monthlyCold = await cold(monthly);
  const filesCold = await cold(files);
  const raw = t.core.deps.raw;
  // The same totals straight from SQLite: revenue by method and by allocation kind, energy,
  // active customers, new customers, for the local month of October 2026 (Lagos, UTC+1).
  const start = '2026-09-30T23:00:00.000Z';
  const end = '2026-10-31T23:00:00.000Z';
  const byMethod = raw.prepare(
    'SELECT method, sum(amount_minor) FROM payments WHERE received_at >= ? AND received_at < ? GROUP BY method',
  );
  const byKind = raw.prepare(
    'SELECT pa.kind, sum(pa.amount_minor), sum(pa.wh) FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id WHERE p.received_at >= ? AND p.received_at < ? GROUP BY pa.kind',
  );
  const active = raw.prepare(
    'SELECT count(*) FROM (SELECT customer_id FROM payments WHERE received_at >= ? AND received_at < ? GROUP BY customer_id HAVING sum(amount_minor) > 0)',
  );
  const created = raw.prepare(
    'SELECT count(*) FROM customers WHERE created_at >= ? AND created_at < ?',
  );
  const generated = raw.prepare(
    "SELECT sum(max(0, wh - prev)) FROM (SELECT r.read_at, r.wh, lag(r.wh) OVER (PARTITION BY r.device_id ORDER BY r.read_at) AS prev FROM meter_readings r JOIN devices d ON d.id = r.device_id WHERE d.billing_mode = 'generation' AND r.read_at < ?) WHERE read_at >= ?",
  );
  const cashiers = raw.prepare(
    'SELECT cashier_name, count(*), sum(amount_minor) FROM payments WHERE received_at >= ? AND received_at < ? GROUP BY cashier_name',
  );
  const rawTotals = () => {
    byMethod.all(start, end);
    byKind.all(start, end);
    active.get(start, end);
    created.get(start, end);
    generated.get(end, start);
    cashiers.all(start, end);
  };
  const baseline = { name: 'raw SQLite totals', figures: await measure(rawTotals, 5, 1) };
  printTable('monthly report, whole company, one month of 24', [
    { name: 'reports.monthly, cold (first after opening)', figures: monthlyCold, baseline },
    {
      name: 'reports.monthlyFiles, cold (first after opening)',
      figures: filesCold,
      baseline,
      target: '< 10 s',
    },
    { name: 'reports.monthly', figures: await measure(monthly, 5, 1), baseline },
    {
      name: 'reports.monthlyFiles (PDF + XLSX + CSV)',
      figures: await measure(files, 3, 1),
      baseline,
      target: '< 10 s',
    },
  ]);
  process.stdout.write(
    `peak memory (max RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
  );
  t.close();
}
