// CSV import at office scale (issue 16): 100,000 customers through the whole import path (decode,
// parse, map, validate, duplicate checks, journal, insert with account numbers, search index,
// audit), its memory, beside a raw INSERT of the same rows measured in the same run.
import { performance } from 'node:perf_hooks';
import { openTestCore, setUpOffice } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { customersCsv } from './registry.bench';

const CUSTOMERS = 100_000;
const MiB = 2 ** 20;

export async function benchImport(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  const villages = ['Kogi North|BKG', 'Kogi North|TML', 'Gada|TML'];
  const csv = customersCsv(villages, CUSTOMERS);
  const content = Buffer.from(csv).toString('base64');
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const result = await t.core.dispatch(
    'imports.run',
    { kind: 'customers', fileName: 'customers-100k.csv', contentBase64: content },
    { door: 'http', token: admin },
  );
  const importS = (performance.now() - start) / 1000;
  clearInterval(sampler);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.error).slice(0, 500)}`);

  // Baseline: the same rows straight into a scratch copy of the table, one transaction.
  raw.exec('CREATE TABLE bench_customers AS SELECT * FROM customers WHERE 0');
  const insert = raw.prepare(
    'INSERT INTO bench_customers (id, office_id, account_number, kind, first_name, last_name, phone, national_id, village_id, status, created_at, updated_hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const rows = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const startRaw = performance.now();
  raw.transaction(() => {
    rows.forEach((r, i) =>
      insert.run(
        `raw-${i}`,
        'office',
        `R${i}`,
        'individual',
        r[0],
        r[1],
        r[2],
        r[3],
        s.village.id,
        'active',
        '2026-01-01T00:00:00Z',
        'h',
      ),
    );
  })();
  const rawS = (performance.now() - startRaw) / 1000;
  process.stdout.write(
    `\nCSV import of ${CUSTOMERS.toLocaleString('en')} customers\n` +
      `  import                  ${importS.toFixed(2)} s  (target < 5 s; before issue 16 14-20 s)\n` +
      `  raw INSERT, same rows   ${rawS.toFixed(2)} s  (baseline; ratio ${(importS / rawS).toFixed(1)}x)\n` +
      `  memory (RSS)            ${(rssBefore / MiB).toFixed(0)} MiB before, peak ${(peak / MiB).toFixed(0)} MiB ` +
      `(+${((peak - rssBefore) / MiB).toFixed(0)} MiB; the CSV itself is ${(csv.length / MiB).toFixed(1)} MiB)\n`,
  );
  t.close();
}
