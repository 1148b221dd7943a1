// Sync: export and import of N changes (half new customers, half edits of them), captured by the
// triggers, beside a raw SQLite insert of the same rows in the same run; then the import of a
// bundle whose changes are all already held (a no-op). `SYNC_BENCH_CHANGES` sets N (default
// 100,000). Prints seconds and bundle size.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openTestCore, setUpOffice, tempDir } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { exportTo, importInto, inTransaction } from '../helpers/sync';
import { joinCompany, makeJoinFile, makeSyncKey } from '../../src/core/sync/engine';

const N = Number(process.env.SYNC_BENCH_CHANGES ?? 100_000);

const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(2);

export async function benchSync(): Promise<void> {
  const lag = openTestCore();
  const { admin } = await setUpOffice(lag);
  const seed = await seedRegistry(lag, admin);
  const template = await lag.ok(
    'customers.create',
    { firstName: 'Bench', lastName: 'Okafor', villageId: seed.village.id },
    { token: admin },
  );
  const { key } = inTransaction(lag.core, () => makeSyncKey(lag.core.deps));
  const joinFile = inTransaction(lag.core, () =>
    makeJoinFile(lag.core.deps, { code: 'ABJ', name: 'Abuja', timeZone: 'Africa/Lagos' }),
  );
  const abj = openTestCore();
  inTransaction(abj.core, () => joinCompany(abj.core.deps, joinFile.file, key));

  const raw = lag.core.deps.raw;
  const row = raw.prepare('SELECT * FROM customers WHERE id = ?').get(template.id) as Record<
    string,
    unknown
  >;
  const cols = Object.keys(row);
  const insertSql = `INSERT INTO customers (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols
    .map((c) => `@${c}`)
    .join(', ')})`;
  const rows = Array.from({ length: N / 2 }, (_, i) => ({
    ...row,
    id: randomUUID(),
    account_number: `LAG${String(900000 + i)}`,
    first_name: `Bench${i}`,
  }));

  // Baseline: the same rows into a plain copy of the table, no triggers, no indexes.
  const dir = tempDir('griddesk-sync-bench-');
  const plain = new Database(join(dir.path, 'plain.sqlite'));
  plain.exec(`CREATE TABLE customers (${cols.map((c) => `"${c}"`).join(', ')})`);
  let start = performance.now();
  const plainInsert = plain.prepare(insertSql);
  plain.transaction(() => {
    for (const r of rows) plainInsert.run(r);
    for (const r of rows) plainInsert.run({ ...r, id: randomUUID() });
  })();
  const rawSeconds = seconds(start);

  // The same rows into the office's own table with capture off: its indexes and search
  // triggers without the change log, so the capture's own cost is the difference.
  const insert = raw.prepare(insertSql);
  const edit = raw.prepare('UPDATE customers SET phone = ? WHERE id = ?');
  const offRows = rows.map((r, i) => ({
    ...r,
    id: randomUUID(),
    account_number: `LAG${String(800000 + i)}`,
  }));
  start = performance.now();
  inTransaction(lag.core, () =>
    lag.core.deps.syncCapture.whileApplying(() => {
      for (const r of offRows) insert.run(r);
      for (const r of offRows) edit.run('+2348031234567', r.id);
    }),
  );
  const offSeconds = seconds(start);

  start = performance.now();
  inTransaction(lag.core, () => {
    for (const r of rows) insert.run(r);
    for (const r of rows) edit.run('+2348031234567', r.id);
  });
  const captureSeconds = seconds(start);

  start = performance.now();
  const file = exportTo(lag, 'ABJ');
  const exportSeconds = seconds(start);
  start = performance.now();
  const outcome = importInto(abj, file);
  const importSeconds = seconds(start);
  // Sent again before ABJ acknowledged: every change is already held there.
  const again = exportTo(lag, 'ABJ');
  start = performance.now();
  const noop = importInto(abj, again);
  const noopSeconds = seconds(start);

  process.stdout.write(
    `\nsync: ${N} changes (${N / 2} new customers, ${N / 2} edits)\n` +
      `  raw SQLite insert of ${N} rows          ${rawSeconds} s\n` +
      `  into customers, capture off            ${offSeconds} s\n` +
      `  the same written with capture          ${captureSeconds} s (capture's own cost ${(Number(captureSeconds) - Number(offSeconds)).toFixed(2)} s)\n` +
      `  export                                 ${exportSeconds} s, ${(file.length / 2 ** 20).toFixed(1)} MiB\n` +
      `  import (${outcome.applied} applied)          ${importSeconds} s\n` +
      `  import of changes already held (${noop.skipped} skipped)  ${noopSeconds} s\n`,
  );
  plain.close();
  lag.close();
  abj.close();
  dir.remove();
}
