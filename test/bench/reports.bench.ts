// The monthly report at scale (issue 14): 100,000 customers and 2,000,000 payments over 24 months,
// with 24 months of monthly readings for 10,000 meters and two generation meters (smaller with
// BENCH_REPORT_CUSTOMERS / BENCH_REPORT_PAYMENTS / BENCH_REPORT_METERS), written directly. Times
// reports.monthly and reports.monthlyFiles (the pack: PDF + XLSX + CSVs, target under 10 s) for
// the whole company through the dispatcher, beside raw SQLite aggregates of the same totals in the
// same run; peak memory printed.
import { performance } from 'node:perf_hooks';
import { openTestCore, setUpOffice } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { measure, printTable } from './harness';

const CUSTOMERS = Number(process.env.BENCH_REPORT_CUSTOMERS ?? 100_000);
const PAYMENTS = Number(process.env.BENCH_REPORT_PAYMENTS ?? 2_000_000);
const METERS = Number(process.env.BENCH_REPORT_METERS ?? 10_000);
const KINDS = ['energy', 'days', 'invoice', 'credit'] as const;
const METHODS = ['cash', 'mobile_money', 'bank', 'other'] as const;
/** 24 months ending with October 2026, the month reported. */
const SPAN_MS = Date.parse('2026-10-31T22:00:00Z') - Date.parse('2024-11-01T00:00:00Z');

export async function benchReports(): Promise<void> {
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
  const addPayment = raw.prepare(
    "INSERT INTO payments (id, office_id, receipt_number, submission_key, customer_id, device_id, amount_minor, method, received_at, cashier_name) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, 'bench')",
  );
  const addAllocation = raw.prepare(
    'INSERT INTO payment_allocations (id, payment_id, kind, amount_minor, wh) VALUES (?, ?, ?, ?, ?)',
  );
  const seedStart = performance.now();
  raw.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const created = new Date(Date.parse('2024-11-01T00:00:00Z') + (i / CUSTOMERS) * SPAN_MS);
      addCustomer.run(
        `bench-c-${i}`,
        officeId,
        `B${i}`,
        `Customer${i}`,
        villages[i % 3],
        created.toISOString(),
      );
    }
  })();
  const chunk = 200_000;
  for (let from = 0; from < PAYMENTS; from += chunk) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(PAYMENTS, from + chunk); i++) {
        const id = `bench-p-${i}`;
        const amount = 1000 + (i % 5000);
        const at = new Date(Date.parse('2024-11-01T00:00:00Z') + (i / PAYMENTS) * SPAN_MS);
        addPayment.run(
          id,
          officeId,
          `B-R-${i}`,
          `bench-k-${i}`,
          `bench-c-${(i * 7919) % CUSTOMERS}`,
          amount,
          METHODS[i % 4],
          at.toISOString(),
        );
        const kind = KINDS[i % 4] as (typeof KINDS)[number];
        addAllocation.run(`bench-a-${i}`, id, kind, amount, kind === 'energy' ? amount * 5 : null);
      }
    })();
  }
  // Meters of the first customers (prepaid and postpaid), read once a month for 24 months, and a
  // generation meter on each of two mini-grids, read daily.
  const addDevice = raw.prepare(
    "INSERT INTO devices (id, office_id, kind, manufacturer_id, model_id, serial, customer_id, village_id, status, billing_mode, installed_at, created_at, updated_hlc) VALUES (?, ?, 'meter', ?, ?, ?, ?, ?, 'installed', ?, '2024-11-01', '2024-11-01T00:00:00.000Z', 'h')",
  );
  const addReading = raw.prepare(
    "INSERT INTO meter_readings (id, office_id, device_id, read_at, wh, source, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'manual', ?, 'bench')",
  );
  const monthStarts = Array.from({ length: 25 }, (_, m) =>
    new Date(Date.UTC(2024, 10 + m, 1, 0, 0, 0)).toISOString(),
  );
  raw.transaction(() => {
    for (let i = 0; i < METERS; i++) {
      const id = `bench-m-${i}`;
      addDevice.run(
        id,
        officeId,
        s.chint.id,
        s.meter.id,
        `BM-${i}`,
        `bench-c-${i % CUSTOMERS}`,
        villages[i % 3],
        i % 2 === 0 ? 'prepaid' : 'postpaid',
      );
      monthStarts.forEach((at, m) =>
        addReading.run(`bench-r-${i}-${m}`, officeId, id, at, m * (40_000 + (i % 50) * 1000), at),
      );
    }
    for (const [k, village] of [s.village.id, s.village2.id].entries()) {
      const id = `bench-gen-${k}`;
      addDevice.run(id, officeId, s.chint.id, s.meter.id, `GEN-${k}`, null, village, 'generation');
      for (let d = 0; d < 730; d++) {
        const at = new Date(Date.parse('2024-11-01T00:00:00Z') + d * 86_400_000).toISOString();
        addReading.run(`bench-g-${k}-${d}`, officeId, id, at, d * 500_000, at);
      }
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  process.stdout.write(
    `\nreports: ${CUSTOMERS} customers, ${PAYMENTS} payments, ${METERS} meters read for 24 months seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
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
    { name: 'reports.monthly', figures: await measure(monthly, 5, 1), baseline },
    {
      name: 'reports.monthlyFiles (PDF + XLSX + CSV)',
      figures: await measure(files, 3, 1),
      baseline,
    },
  ]);
  process.stdout.write(
    `peak memory (max RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
  );
  t.close();
}
