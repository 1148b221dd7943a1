// The counter while long jobs run (issue 9): payments.record latency while a 100,000-row customer
// import and a billing run of 10,000 postpaid meters are in progress, beside its latency with
// nothing else running, measured in the same run on the same database.
//
// Sales are issued on a fixed schedule (one every INTERVAL_MS), and each one's latency counts from
// when it was due, not from when the event loop got round to sending it: a cashier who presses
// Enter while the core is busy waits for the whole stall, and a closed loop (send, wait, send)
// would hide exactly that.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openTestCore, setUpOffice } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { seedPostpaidMeters } from './billing.bench';
import { customersCsv } from './registry.bench';

const IMPORT_ROWS = 100_000;
const BILLING_METERS = Number(process.env.BENCH_BILLING_METERS ?? 10_000);
const INTERVAL_MS = 50;
const IDLE_SALES = 200;
const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

/** Issue `sale` every INTERVAL_MS until `stop(issued)`; latencies in ms from each sale's due time. */
async function openLoop(
  sale: () => Promise<void>,
  stop: (issued: number) => boolean,
): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let issued = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (start + issued * INTERVAL_MS <= now && !stop(issued)) {
        const due = start + issued * INTERVAL_MS;
        issued += 1;
        pending.push(sale().then(() => void latencies.push(performance.now() - due)));
      }
      if (stop(issued)) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function benchContention(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const setupStart = performance.now();
  await seedPostpaidMeters(t, admin, s, BILLING_METERS);
  const csv = customersCsv(['Kogi North|BKG', 'Kogi North|TML', 'Gada|TML'], IMPORT_ROWS);
  process.stdout.write(
    `\nThe counter during an import of ${IMPORT_ROWS.toLocaleString('en')} customers and a billing run of ` +
      `${BILLING_METERS.toLocaleString('en')} meters (set up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s; ` +
      `one sale due every ${INTERVAL_MS} ms)\n`,
  );

  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
    { token: admin },
  );
  // Sales rotate over several devices: after a stall many sales arrive together, and one device
  // would soon reach its limit of tokens not yet confirmed entered.
  const deviceIds: string[] = [];
  for (let d = 0; d < 40; d++) {
    const device = await t.ok(
      'devices.create',
      {
        modelId: s.shs.id,
        serial: `SHS-CONTENTION-${d}`,
        customerId: customer.id,
        openpaygo: { key: KEY, startingCode: 516959010 },
      },
      { token: admin },
    );
    await t.ok(
      'devices.setPaygPlan',
      { deviceId: device.id, dailyPriceMinor: 100 },
      { token: admin },
    );
    deviceIds.push(device.id);
  }
  const confirmAll = t.core.deps.raw.prepare(
    "INSERT INTO token_confirmations (token_id, confirmed_at, confirmed_by) SELECT id, '2026-01-01T00:00:00Z', 'bench' FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM token_confirmations c WHERE c.token_id = t.id)",
  );
  let sales = 0;
  const sale = async () => {
    // Tokens are confirmed as a cashier would, so the outstanding-token limit never refuses one.
    if (++sales % 20 === 0) confirmAll.run();
    const result = await t.core.dispatch(
      'payments.record',
      {
        submissionKey: randomUUID(),
        deviceId: deviceIds[sales % deviceIds.length],
        amountMinor: 1000,
        method: 'cash',
      },
      { door: 'http', token: admin },
    );
    if (!result.ok) throw new Error(`sale refused: ${JSON.stringify(result.error)}`);
  };
  for (let i = 0; i < 50; i++) await sale();

  const idle = await openLoop(sale, (issued) => issued >= IDLE_SALES);

  // The file as the screen sends it; encoding it is the sender's work, not the core's.
  const contentBase64 = Buffer.from(csv).toString('base64');
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const jobsStart = performance.now();
  let importMs = 0;
  let billingMs = 0;
  let finished = 0;
  const importJob = t.core
    .dispatch(
      'imports.run',
      {
        kind: 'customers',
        fileName: 'customers-100k.csv',
        contentBase64,
        operationId: 'bench-import',
      },
      { door: 'http', token: admin },
    )
    .then((r) => {
      importMs = performance.now() - jobsStart;
      finished += 1;
      if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.error).slice(0, 300)}`);
    });
  let runId = '';
  const billingJob = t.core
    .dispatch(
      'billing.run',
      { miniGridIds: [s.grid.id], period: '2026-10', operationId: 'bench-billing' },
      { door: 'http', token: admin },
    )
    .then((r) => {
      billingMs = performance.now() - jobsStart;
      finished += 1;
      if (!r.ok) throw new Error(`billing failed: ${JSON.stringify(r.error).slice(0, 300)}`);
      runId = (r.value as { runs: { id: string }[] }).runs[0]?.id ?? '';
    });
  const busy = await openLoop(sale, () => finished === 2);
  await Promise.all([importJob, billingJob]);
  lag.disable();

  // Then the manager finalises the run (numbering 10,000 invoices) while the counter goes on.
  const finaliseLag = monitorEventLoopDelay({ resolution: 10 });
  finaliseLag.enable();
  const finaliseStart = performance.now();
  let finaliseMs = 0;
  const finaliseJob = t.core
    .dispatch('billing.finalise', { runId }, { door: 'http', token: admin })
    .then((r) => {
      finaliseMs = performance.now() - finaliseStart;
      if (!r.ok) throw new Error(`finalise failed: ${JSON.stringify(r.error).slice(0, 300)}`);
    });
  const duringFinalise = await openLoop(sale, () => finaliseMs > 0);
  await finaliseJob;
  finaliseLag.disable();

  const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  const line = (name: string, sorted: number[]) =>
    process.stdout.write(
      `${name.padEnd(56)} n=${String(sorted.length).padStart(4)}  p50 ${ms(quantile(sorted, 0.5)).padStart(9)}  ` +
        `p99 ${ms(quantile(sorted, 0.99)).padStart(9)}  max ${ms(sorted[sorted.length - 1] ?? 0).padStart(9)}\n`,
    );
  line('payments.record, idle', idle);
  line('payments.record, during the import and the billing run', busy);
  line('payments.record, while the run is finalised', duringFinalise);
  process.stdout.write(
    `import done after ${ms(importMs)}, billing run after ${ms(billingMs)}; ` +
      `longest event-loop stall ${ms(lag.max / 1e6)}; p99 during the jobs is ` +
      `${(quantile(busy, 0.99) / Math.max(quantile(idle, 0.99), 0.01)).toFixed(1)}x the idle p99\n`,
  );
  process.stdout.write(
    `finalise done after ${ms(finaliseMs)}; longest event-loop stall ${ms(finaliseLag.max / 1e6)}\n`,
  );
  t.close();
}
