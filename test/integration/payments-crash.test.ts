// Crash safety of the token ledger (docs/domain.md §8.1 operator rules): a process recording
// payments as fast as it can is killed with SIGKILL at random moments, again and again. After every
// crash the database must hold only whole sales: every committed payment has its tokens, the
// device's count is the last token's count, counts strictly increase, no token string repeats at
// another count, and each payment's allocations add up to its amount.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/domain/openpaygo/token';
import { openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const STARTING_CODE = 516959010;
const BURST = resolve(__dirname, '../helpers/payment-burst.ts');
const ROUNDS = 6;

const data = tempDir('griddesk-crash-');
let deviceId = '';

beforeAll(async () => {
  const t = openTestCore(data.path);
  const { admin } = await setUpOffice(t);
  const seed = await seedRegistry(t, admin);
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: admin },
  );
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-CRASH',
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: STARTING_CODE },
    },
    { token: admin },
  );
  await t.ok(
    'devices.setPaygPlan',
    { deviceId: device.id, dailyPriceMinor: 100 },
    { token: admin },
  );
  deviceId = device.id;
  t.close();
});
afterAll(() => data.remove());

/** Start the burst, let it run for `ms` after it is ready, then kill it without warning. */
function runAndKill(ms: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BURST, data.path, deviceId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done();
      else fail(new Error(`burst exited by itself (${code}): ${err}`));
    });
  });
}

function checkLedger(t: TestCore): number {
  const raw = t.core.deps.raw;
  const tokens = raw
    .prepare(
      'SELECT payment_id, count, type, value_raw, token FROM tokens WHERE device_id = ? ORDER BY count',
    )
    .all(deviceId) as {
    payment_id: string;
    count: number;
    type: string;
    value_raw: number;
    token: string;
  }[];
  const payments = raw
    .prepare('SELECT id, amount_minor FROM payments WHERE device_id = ? AND reversal_of IS NULL')
    .all(deviceId) as { id: string; amount_minor: number }[];
  const deviceCount = raw
    .prepare('SELECT count FROM openpaygo_devices WHERE device_id = ?')
    .pluck()
    .get(deviceId) as number;

  // Every committed payment has its tokens, and every token belongs to a committed payment.
  const withTokens = new Set(tokens.map((x) => x.payment_id));
  for (const p of payments) expect(withTokens.has(p.id), `payment ${p.id} has no token`).toBe(true);
  expect(withTokens.size).toBe(payments.length);
  // Counts strictly increase and the device's count is the last one issued.
  tokens.forEach((x, i) => {
    if (i > 0) expect(x.count).toBeGreaterThan(tokens[i - 1]?.count ?? 0);
  });
  expect(deviceCount).toBe(tokens.at(-1)?.count ?? 0);
  // No token string at two different counts, and each decodes to its own count and value.
  const seen = new Map<string, number>();
  for (const x of tokens) {
    expect(seen.get(x.token) ?? x.count).toBe(x.count);
    seen.set(x.token, x.count);
  }
  for (const x of tokens.slice(-20)) {
    const decoded = decodeToken({
      keyHex: KEY,
      startingCode: STARTING_CODE,
      lastCount: x.count - 2,
      token: x.token,
    });
    expect(decoded).toMatchObject({ count: x.count, value: x.value_raw });
  }
  // The ledger balances: allocations of each payment add up to its amount.
  const unbalanced = raw
    .prepare(
      `SELECT p.id FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id
        WHERE p.device_id = ? GROUP BY p.id HAVING coalesce(sum(a.amount_minor), 0) <> p.amount_minor`,
    )
    .all(deviceId);
  expect(unbalanced).toEqual([]);
  return payments.length;
}

describe('crash safety of payments and tokens', () => {
  it('keeps the ledger whole across repeated SIGKILLs during a burst of payments', async () => {
    let before = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await runAndKill(150 + Math.floor(Math.random() * 450));
      const t = openTestCore(data.path);
      try {
        const after = checkLedger(t);
        expect(after).toBeGreaterThanOrEqual(before);
        before = after;
      } finally {
        t.close();
      }
    }
    // The bursts really recorded payments between the kills.
    expect(before).toBeGreaterThan(ROUNDS);
  }, 120_000);
});
