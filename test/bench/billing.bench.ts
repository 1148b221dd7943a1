// Postpaid billing at scale (issue 6): a billing run of 10,000 postpaid meters with 24 months of
// readings, drafted through the dispatcher, beside a raw SQLite aggregate of the same readings
// (each meter's rise over the month) in the same run; and invoice PDFs for the whole run, time per
// invoice.
import { performance } from 'node:perf_hooks';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const METERS = Number(process.env.BENCH_BILLING_METERS ?? 10_000);
const MONTHS = 24;

function monthEnd(i: number): string {
  // Readings at the last evening of each month from 2024-11 to 2026-10 (UTC 20:00, Lagos 21:00).
  const d = new Date(Date.UTC(2024, 10 + i + 1, 0, 20, 0, 0));
  return d.toISOString();
}

/** 10,000 (or `meters`) postpaid meters on one tariff with 24 months of readings, written directly. */
export async function seedPostpaidMeters(
  t: TestCore,
  admin: string,
  s: Awaited<ReturnType<typeof seedRegistry>>,
  meters = METERS,
): Promise<void> {
  const raw = t.core.deps.raw;
  const officeId = raw
    .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
    .pluck()
    .get() as string;
  const tariff = await t.ok(
    'tariffs.create',
    {
      name: 'Bench postpaid',
      effectiveFrom: '2024-01-01',
      definition: {
        bands: [
          { uptoKwh: 50, priceMilliMinorPerKwh: 10_000_000 },
          { uptoKwh: null, priceMilliMinorPerKwh: 15_000_000 },
        ],
        levies: [{ name: 'Levy', perKwhMilliMinor: 50_000 }],
        accessCharge: { amountMinor: 30_000, period: 'monthly' },
        minimumPurchaseMinor: 0,
        vatBasisPoints: 750,
      },
    },
    { token: admin },
  );
  // A real clock stamp of this office: the core reads the newest one back when it opens.
  const stamp = raw.prepare('SELECT updated_hlc FROM users LIMIT 1').pluck().get() as string;
  const addCustomer = raw.prepare(
    "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES (?, ?, ?, 'individual', ?, 'Okafor', ?, 'active', '2024-01-01T00:00:00Z', ?)",
  );
  const addMeter = raw.prepare(
    "INSERT INTO devices (id, office_id, kind, manufacturer_id, model_id, serial, customer_id, village_id, status, billing_mode, installed_at, created_at, updated_hlc, tariff_id) SELECT ?, ?, 'meter', manufacturer_id, id, ?, ?, ?, 'installed', 'postpaid', '2024-10-15', '2024-10-15T00:00:00Z', ?, ? FROM device_models WHERE id = ?",
  );
  const addReading = raw.prepare(
    "INSERT INTO meter_readings (id, office_id, device_id, read_at, wh, source, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'modbus', '2024-10-31T00:00:00Z', 'bench')",
  );
  raw.transaction(() => {
    for (let m = 0; m < meters; m++) {
      addCustomer.run(`bc-${m}`, officeId, `BB${m}`, `Customer${m}`, s.village.id, stamp);
      addMeter.run(
        `bm-${m}`,
        officeId,
        `BM-${m}`,
        `bc-${m}`,
        s.village.id,
        stamp,
        tariff.id,
        s.meter.id,
      );
      let wh = 1_000_000 + m;
      addReading.run(`br-${m}-start`, officeId, `bm-${m}`, '2024-10-31T20:00:00.000Z', wh);
      for (let i = 0; i < MONTHS; i++) {
        wh += 30_000 + ((m * 7 + i * 13) % 60_000);
        addReading.run(`br-${m}-${i}`, officeId, `bm-${m}`, monthEnd(i), wh);
      }
    }
  })();
  raw.prepare('ANALYZE').run();
}

export async function benchBilling(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  const setupStart = performance.now();
  await seedPostpaidMeters(t, admin, s);
  process.stdout.write(
    `\nPostpaid billing at ${METERS.toLocaleString('en')} meters x ${MONTHS} months of readings (set up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s)\n`,
  );

  // Baseline: each meter's rise over October 2026 straight from SQLite.
  const aggregate = raw.prepare(
    `SELECT device_id, max(wh) - min(wh) AS used FROM meter_readings
     WHERE read_at >= '2026-09-28T00:00:00Z' AND read_at <= '2026-11-03T00:00:00Z' GROUP BY device_id`,
  );
  const rawStart = performance.now();
  const rows = aggregate.all();
  const rawMs = performance.now() - rawStart;

  // CPU time beside wall time: on a machine shared with other work, CPU moves less than wall time.
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const draftCpu = cpu();
  const draftStart = performance.now();
  const run = await t.ok(
    'billing.run',
    { miniGridIds: [s.grid.id], period: '2026-10' },
    { door: 'cli' },
  );
  const draftMs = performance.now() - draftStart;
  const draftCpuMs = cpu() - draftCpu;
  const drafted = run.runs[0];
  const finaliseCpu = cpu();
  const finaliseStart = performance.now();
  await t.ok('billing.finalise', { runId: drafted?.id ?? '' }, { door: 'cli' });
  const finaliseMs = performance.now() - finaliseStart;
  const finaliseCpuMs = cpu() - finaliseCpu;
  // The streamed file first (issue 16): resident memory sampled while it runs (it gives turns, so
  // a timer gets in), its rise over the start being what the job itself holds.
  const mib = (bytes: number) => bytes / 2 ** 20;
  const fileRssStart = process.memoryUsage().rss;
  let fileRssPeak = fileRssStart;
  const sampler = setInterval(() => {
    fileRssPeak = Math.max(fileRssPeak, process.memoryUsage().rss);
  }, 5);
  const fileCpu = cpu();
  const fileStart = performance.now();
  const file = await t.ok('invoices.runPdfFile', { runId: drafted?.id ?? '' }, { door: 'cli' });
  const fileMs = performance.now() - fileStart;
  const fileCpuMs = cpu() - fileCpu;
  clearInterval(sampler);
  fileRssPeak = Math.max(fileRssPeak, process.memoryUsage().rss);
  // The old one buffer in memory, for the figure before: it gives no turns, so its peak is the
  // process's highest resident size (resourceUsage, KiB), if above everything before it.
  const pdfRssStart = process.memoryUsage().rss;
  const pdfCpu = cpu();
  const pdfStart = performance.now();
  const pdf = await t.ok('invoices.pdf', { runId: drafted?.id ?? '' }, { door: 'cli' });
  const pdfMs = performance.now() - pdfStart;
  const pdfCpuMs = cpu() - pdfCpu;
  const pdfRssPeak = process.resourceUsage().maxRSS * 1024;
  const cpuNote = (ms: number) => `  (CPU ${ms.toFixed(0)} ms)`;

  const line = (name: string, ms: number, extra = '') =>
    process.stdout.write(`${name.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms${extra}\n`);
  line(`raw SQLite aggregate of the month (${rows.length} meters)`, rawMs);
  line(
    `billing.run draft (${drafted?.invoices ?? 0} invoices, ${drafted?.problems.length ?? 0} problems)`,
    draftMs,
    `  ratio ${(draftMs / Math.max(rawMs, 0.001)).toFixed(0)}x raw; target < 1000 ms${cpuNote(draftCpuMs)}`,
  );
  line(
    'billing.finalise (regenerates, numbers, links)',
    finaliseMs,
    `  target < 2000 ms${cpuNote(finaliseCpuMs)}`,
  );
  line(
    `invoices.runPdfFile, streamed (${mib(file.bytes).toFixed(1)} MB file)`,
    fileMs,
    `  ${(fileMs / Math.max(1, file.invoiceCount)).toFixed(2)} ms per invoice; target < 10000 ms${cpuNote(fileCpuMs)}; RSS ${mib(fileRssStart).toFixed(0)} -> peak ${mib(fileRssPeak).toFixed(0)} MiB (+${mib(fileRssPeak - fileRssStart).toFixed(0)})`,
  );
  line(
    `before: invoices.pdf in one buffer (${((pdf.pdfBase64.length * 0.75) / 2 ** 20).toFixed(1)} MB)`,
    pdfMs,
    `  ${(pdfMs / Math.max(1, drafted?.invoices ?? 1)).toFixed(2)} ms per invoice${cpuNote(pdfCpuMs)}; RSS ${mib(pdfRssStart).toFixed(0)} -> process peak ${mib(pdfRssPeak).toFixed(0)} MiB`,
  );
  t.close();
}
