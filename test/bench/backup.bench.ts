// Backups at office scale (issue 12): a verified backup (and, apart, the full verification of a file) of a database with 100,000 customers
// and 2,000,000 payments, beside a plain copy of the same file and `sqlite3 .backup`, measured in
// the same run; and the peak memory of a backup at that size and at a tenth of it, to show it does
// not grow with the database (everything streams).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openTestCore, setUpOffice, tempDir } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const CHILD = resolve(__dirname, 'backup-child.ts');

export async function buildDatabase(dataDir: string, customers: number, payments: number) {
  const t = openTestCore(dataDir);
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  const officeId = raw
    .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
    .pluck()
    .get() as string;
  const addCustomer = raw.prepare(
    "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES (?, ?, ?, 'individual', ?, 'Okafor', ?, 'active', '2025-01-01T00:00:00Z', 'h')",
  );
  const addPayment = raw.prepare(
    "INSERT INTO payments (id, office_id, receipt_number, submission_key, customer_id, device_id, amount_minor, method, received_at, cashier_name) VALUES (?, ?, ?, ?, ?, NULL, ?, 'cash', ?, 'bench')",
  );
  const addAllocation = raw.prepare(
    "INSERT INTO payment_allocations (id, payment_id, kind, amount_minor) VALUES (?, ?, 'credit', ?)",
  );
  raw.transaction(() => {
    for (let i = 0; i < customers; i++) {
      addCustomer.run(`bench-c-${i}`, officeId, `B${i}`, `Customer${i}`, s.village.id);
    }
  })();
  const chunk = 200_000;
  for (let from = 0; from < payments; from += chunk) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(payments, from + chunk); i++) {
        const id = `bench-p-${i}`;
        const amount = 1000 + (i % 5000);
        addPayment.run(
          id,
          officeId,
          `B-R-${i}`,
          `bench-k-${i}`,
          `bench-c-${i % customers}`,
          amount,
          '2025-06-01T00:00:00Z',
        );
        addAllocation.run(`bench-a-${i}`, id, amount);
      }
    })();
  }
  raw.pragma('wal_checkpoint(TRUNCATE)');
  t.close();
  return join(dataDir, 'griddesk.sqlite');
}

function child(dataDir: string, folder: string, db: string, way: 'live' | 'snapshot') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dataDir, folder, db, way], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`backup child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as {
    snapshotS: number;
    checkS: number;
    writeS: number;
    readBackS: number;
    backupS: number;
    fullVerifyS: number;
    method: string;
    file: string;
    bytes: number;
    backupRssMiB: number;
    maxRssMiB: number;
  };
}

const seconds = (fn: () => void) => {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
};

export async function benchBackup(): Promise<void> {
  const work = tempDir('griddesk-bench-backup-');
  try {
    const sizes = [
      { name: 'tenth', customers: 10_000, payments: 200_000 },
      { name: 'full', customers: 100_000, payments: 2_000_000 },
    ];
    const lines: string[] = [];
    for (const size of sizes) {
      const dataDir = join(work.path, size.name);
      const start = performance.now();
      const db = await buildDatabase(dataDir, size.customers, size.payments);
      const built = (performance.now() - start) / 1000;
      const mib = statSync(db).size / 2 ** 20;
      const out = join(work.path, `${size.name}-out`);
      mkdirSync(out);
      const copy = seconds(() => copyFileSync(db, join(out, 'copy.sqlite')));
      const cli = seconds(() =>
        execFileSync('sqlite3', [db, `.backup '${join(out, 'cli.sqlite')}'`]),
      );
      const ours = child(dataDir, out, db, 'live');
      rmSync(join(out, ours.file), { force: true });
      const snap = child(dataDir, out, db, 'snapshot');
      lines.push(
        `${size.customers.toLocaleString('en')} customers / ${size.payments.toLocaleString('en')} payments: database ${mib.toFixed(0)} MiB (built in ${built.toFixed(1)} s)`,
        `  plain file copy           ${copy.toFixed(2)} s`,
        `  sqlite3 .backup           ${cli.toFixed(2)} s`,
      );
      for (const [label, r] of [
        ['WAL empty: the live file is read', ours],
        ['WAL pinned by a reader: snapshot', snap],
      ] as const) {
        lines.push(
          `  GridDesk backup, verified ${r.backupS.toFixed(2)} s  (${(r.backupS / copy).toFixed(1)}x the copy, ${(r.backupS / cli).toFixed(1)}x sqlite3 .backup; file ${(r.bytes / 2 ** 20).toFixed(0)} MiB) - ${label} (${r.method})`,
          `    consistent state        ${r.snapshotS.toFixed(2)} s  (checkpoint and read transactions, or the backup API's copy)`,
          `    counts, age header      ${r.checkS.toFixed(2)} s  (waits for scrypt if the state was fixed sooner)`,
          `    tar + seal + write      ${r.writeS.toFixed(2)} s  (quick_check on its worker meanwhile)`,
          `    read back + compare     ${r.readBackS.toFixed(2)} s`,
          `    peak RSS                ${r.backupRssMiB.toFixed(0)} MiB`,
        );
      }
      lines.push(
        `  verify a file on its own  ${ours.fullVerifyS.toFixed(2)} s  (decrypt, unpack, integrity_check, counts; peak RSS ${ours.maxRssMiB.toFixed(0)} MiB)`,
      );
      rmSync(out, { recursive: true, force: true });
    }
    process.stdout.write(`\nBackups (age scrypt 2^18, streamed)\n${lines.join('\n')}\n`);
  } finally {
    work.remove();
  }
}
