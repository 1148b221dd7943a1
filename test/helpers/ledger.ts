// Seeding at benchmark scale, shared by the counter and contract benchmarks (test/bench): a set-up
// office with its registry, then customers and past payments written directly with raw statements
// (the figure of interest is one more command on a database of that size), and the raw
// transaction a timed sale is compared with: the same payment, allocation, token and count rows.
import { encodeToken } from '../../src/domain/openpaygo/token';
import { openTestCore, setUpOffice, type TestCore } from './core';
import { seedRegistry } from './registry';

export const BENCH_KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
export const BENCH_STARTING_CODE = 516959010;

export interface BenchOffice {
  t: TestCore;
  admin: string;
  s: Awaited<ReturnType<typeof seedRegistry>>;
  raw: TestCore['core']['deps']['raw'];
  officeId: string;
}

/** A real core on a temporary database, set up, with the registry of seedRegistry. */
export async function openBenchOffice(): Promise<BenchOffice> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t);
  const s = await seedRegistry(t, admin);
  const raw = t.core.deps.raw;
  const officeId = raw
    .prepare("SELECT value FROM local_meta WHERE key = 'this_office_id'")
    .pluck()
    .get() as string;
  return { t, admin, s, raw, officeId };
}

/** Raw writers of ledger rows, for seeding (no service, no checks: only the rows). */
export function ledgerWriter(office: BenchOffice) {
  const { raw, officeId } = office;
  const customer = raw.prepare(
    "INSERT INTO customers (id, office_id, account_number, kind, first_name, last_name, village_id, status, created_at, updated_hlc) VALUES (?, ?, ?, 'individual', ?, 'Okafor', ?, 'active', '2025-01-01T00:00:00Z', 'h')",
  );
  const payment = raw.prepare(
    "INSERT INTO payments (id, office_id, receipt_number, submission_key, customer_id, device_id, amount_minor, method, received_at, cashier_name) VALUES (?, ?, ?, ?, ?, NULL, ?, 'cash', ?, 'bench')",
  );
  const allocation = raw.prepare(
    'INSERT INTO payment_allocations (id, payment_id, kind, amount_minor, ref_id) VALUES (?, ?, ?, ?, ?)',
  );
  const confirmAll = raw.prepare(
    "INSERT INTO token_confirmations (token_id, confirmed_at, confirmed_by) SELECT id, '2026-01-01T00:00:00Z', 'bench' FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM token_confirmations c WHERE c.token_id = t.id)",
  );
  return {
    /** Customers `bench-c-0`... in `villageId`, in one transaction; returns their ids. */
    addCustomers(count: number, villageId: string): string[] {
      const ids: string[] = [];
      raw.transaction(() => {
        for (let i = 0; i < count; i++) {
          const id = `bench-c-${i}`;
          ids.push(id);
          customer.run(id, officeId, `B${i}`, `Customer${i}`, villageId);
        }
      })();
      return ids;
    },
    /** One payment of one allocation (call inside a transaction when seeding many). */
    addPayment(
      id: string,
      customerId: string,
      amountMinor: number,
      receivedAt: string,
      part: { kind: string; refId: string | null },
    ): void {
      payment.run(id, officeId, `R-${id}`, `k-${id}`, customerId, amountMinor, receivedAt);
      allocation.run(`${id}-a`, id, part.kind, amountMinor, part.refId);
    },
    /** A cashier confirms the entered tokens (the outstanding-token limit), between timed sales. */
    confirmAllTokens(): void {
      confirmAll.run();
    },
  };
}

/**
 * The baseline of a timed sale: a raw transaction writing the same rows as the command (payment,
 * its allocation, an ADD_TIME token of `value` encoded for real, the device's new count).
 */
export function rawSaleTransaction(
  office: BenchOffice,
  options: {
    deviceId: string;
    customerId: string;
    amountMinor: number;
    value: number;
    receivedAt: string;
    part: { kind: string; refId: string | null };
  },
): () => void {
  const { raw, officeId } = office;
  const writer = ledgerWriter(office);
  const token = raw.prepare(
    "INSERT INTO tokens (id, office_id, device_id, payment_id, count, type, value_raw, token, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, 'ADD_TIME', ?, ?, '2026-01-01T00:00:00Z', 'bench')",
  );
  const count = raw.prepare('UPDATE openpaygo_devices SET count = ? WHERE device_id = ?');
  let countValue = 0;
  let n = 0;
  return raw.transaction(() => {
    n += 1;
    const id = `raw-p-${n}`;
    writer.addPayment(
      id,
      options.customerId,
      options.amountMinor,
      options.receivedAt,
      options.part,
    );
    const encoded = encodeToken({
      keyHex: BENCH_KEY,
      startingCode: BENCH_STARTING_CODE,
      count: countValue,
      type: 'ADD_TIME',
      value: options.value,
    });
    countValue = encoded.count;
    token.run(
      `raw-t-${n}`,
      officeId,
      options.deviceId,
      id,
      encoded.count,
      options.value,
      encoded.token,
    );
    count.run(encoded.count, options.deviceId);
  });
}
