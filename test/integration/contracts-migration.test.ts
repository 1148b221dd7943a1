// The migration that turns devices' PAYG plans into contracts (resources/migrations/0021, see
// docs/appliances.md), run on a database made before it, with plans, payments, a reversal and an
// unlock token: what customers paid is carried over, the ledgers are untouched, and the counter
// then sells through the contracts.
import { randomUUID } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openTestCore, setUpOffice, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const CONTRACTS_MIGRATION = '0021_contracts';
const TODAYS_CODE_NEEDS = `CREATE TABLE signin_counters (
  user_id text PRIMARY KEY NOT NULL REFERENCES users(id),
  failed_attempts integer DEFAULT 0 NOT NULL,
  locked_until text,
  last_login_at text
);
ALTER TABLE audit_log ADD chain_id text DEFAULT '' NOT NULL;
ALTER TABLE audit_log ADD chain_seq integer DEFAULT 0 NOT NULL;`;
const UNDO_TODAYS_CODE_NEEDS = `DROP TABLE signin_counters;
ALTER TABLE audit_log DROP COLUMN chain_seq;
ALTER TABLE audit_log DROP COLUMN chain_id;
DELETE FROM local_meta WHERE key = 'audit_chain';`;

/** A copy of the resources with the migrations up to (not including) the contracts one. */
function resourcesBeforeContracts(): { migrations: string; remove(): void } {
  const dir = tempDir('griddesk-old-schema-');
  cpSync(resolve(MIGRATIONS, '..'), dir.path, { recursive: true });
  const migrations = join(dir.path, 'migrations');
  const journalFile = join(migrations, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag === CONTRACTS_MIGRATION);
  expect(at).toBeGreaterThan(0);
  for (const e of journal.entries.slice(at)) {
    rmSync(join(migrations, `${e.tag}.sql`));
    rmSync(join(migrations, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`));
  }
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return { migrations, remove: () => dir.remove() };
}

let t: TestCore | undefined;
const cleanups: (() => void)[] = [];
afterEach(() => {
  t?.close();
  t = undefined;
  for (const c of cleanups.splice(0)) c();
});

describe('PAYG plans become contracts', () => {
  it('carries what was paid, keeps the ledgers, and the counter then sells through the contract', async () => {
    const old = resourcesBeforeContracts();
    cleanups.push(() => old.remove());
    const data = tempDir();
    cleanups.push(() => data.remove());
    const first = openTestCore(data.path, old.migrations);
    t = first;
    // Today's code needs a few things that came after contracts: the sign-in counters table (0027)
    // and the audit log's chain columns (0031). This older database gets them for the old phase
    // and loses them before the upgrade, whose migrations make them again from what they find.
    first.core.deps.raw.exec(TODAYS_CODE_NEEDS);
    const { admin } = await setUpOffice(t);
    const seed = await seedRegistry(t, admin);
    const customer = await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
      { token: admin },
    );
    const device = async (serial: string, assigned: boolean) =>
      (
        await first.ok(
          'devices.create',
          {
            modelId: seed.shs.id,
            serial,
            villageId: seed.village.id,
            ...(assigned ? { customerId: customer.id } : {}),
            openpaygo: { key: KEY, startingCode: 516959010, count: 0 },
          },
          { token: admin },
        )
      ).id;
    const a = await device('SHS-A', true);
    const b = await device('SHS-B', true);
    const c = await device('SHS-C', false);
    const d = await device('SHS-D', true);

    // The old schema's rows, written as the old counter wrote them (its code now reads
    // contracts, which this schema does not have yet).
    const raw = t.core.deps.raw;
    const { id: office, hlc } = raw.prepare('SELECT id, updated_hlc AS hlc FROM offices').get() as {
      id: string;
      hlc: string;
    };
    const plan = raw.prepare(
      `INSERT INTO payg_plans (device_id, daily_price_minor, total_price_minor, created_at, updated_hlc)
       VALUES (?, ?, ?, '2026-06-01T08:00:00.000Z', ?)`,
    );
    plan.run(a, 100, 10_000, hlc);
    plan.run(b, 200, 1_000, hlc);
    plan.run(c, 100, null, hlc);
    plan.run(d, 50, null, hlc);
    let receipt = 0;
    const pay = (
      deviceId: string,
      amount: number,
      parts: [string, number, number | null][],
      reversalOf: string | null = null,
    ) => {
      const id = randomUUID();
      receipt += 1;
      raw
        .prepare(
          `INSERT INTO payments (id, office_id, receipt_number, submission_key, customer_id,
             device_id, amount_minor, method, received_at, cashier_name, reversal_of)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'cash', '2026-07-01T08:00:00.000Z', 'bola', ?)`,
        )
        .run(
          id,
          office,
          `LAG-R-${String(receipt).padStart(6, '0')}`,
          randomUUID(),
          customer.id,
          deviceId,
          amount,
          reversalOf,
        );
      for (const [kind, amountMinor, days] of parts) {
        raw
          .prepare(
            `INSERT INTO payment_allocations (id, payment_id, kind, amount_minor, days)
             VALUES (?, ?, ?, ?, ?)`,
          )
          .run(randomUUID(), id, kind, amountMinor, days);
      }
      return id;
    };
    pay(a, 3_000, [['days', 3_000, 30]]);
    const reversed = pay(a, 2_050, [
      ['days', 2_000, 20],
      ['credit', 50, null],
    ]);
    pay(
      a,
      -2_050,
      [
        ['days', -2_000, -20],
        ['credit', -50, null],
      ],
      reversed,
    );
    const paidB = pay(b, 1_000, [['days', 1_000, 5]]);
    raw
      .prepare(
        `INSERT INTO tokens (id, office_id, device_id, payment_id, count, type, value_raw, token,
           issued_at, issued_by) VALUES (?, ?, ?, ?, 1, 'DISABLE_PAYG', 998, '123456789',
           '2026-07-01T08:00:00.000Z', 'bola')`,
      )
      .run(randomUUID(), office, b, paidB);
    pay(d, 500, [['days', 500, 10]]);
    raw.prepare("INSERT INTO counters (name, value) VALUES ('receipt', ?)").run(receipt);
    const ledgers = () =>
      JSON.stringify(
        ['payments', 'payment_allocations', 'tokens'].map((table) =>
          raw.prepare(`SELECT * FROM ${table} ORDER BY id`).all(),
        ),
      );
    const before = ledgers();
    raw.exec(UNDO_TODAYS_CODE_NEEDS);
    t.close();

    // Upgrade: the contracts migration runs at start.
    t = openTestCore(data.path);
    const upgraded = t.core.deps.raw;
    expect(
      JSON.stringify(
        ['payments', 'payment_allocations', 'tokens'].map((table) =>
          upgraded.prepare(`SELECT * FROM ${table} ORDER BY id`).all(),
        ),
      ),
    ).toBe(before);
    const rows = upgraded
      .prepare(
        `SELECT d.serial, c.number, c.plan, c.daily_price_minor AS daily,
           c.unlock_total_minor AS unlock, c.opening_paid_minor AS paid, c.status, c.customer_id
         FROM contracts c JOIN devices d ON d.id = c.device_id ORDER BY d.serial`,
      )
      .all();
    expect(rows).toEqual([
      expect.objectContaining({
        serial: 'SHS-A',
        plan: 'per_day',
        daily: 100,
        unlock: 10_000,
        paid: 3_000,
        status: 'active',
        customer_id: customer.id,
      }),
      expect.objectContaining({
        serial: 'SHS-B',
        daily: 200,
        unlock: 1_000,
        paid: 1_000,
        status: 'paid_off',
      }),
      expect.objectContaining({
        serial: 'SHS-D',
        daily: 50,
        unlock: null,
        paid: 500,
        status: 'active',
      }),
    ]);
    expect(new Set(rows.map((r) => (r as { number: string }).number))).toEqual(
      new Set(['LAG-C-000001', 'LAG-C-000002', 'LAG-C-000003']),
    );

    // The counter now sells A through its contract: 7,000 completes 10,000 and unlocks it.
    const login = await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' });
    const contractA = await t.ok('contracts.list', { deviceId: a }, { token: login.token });
    expect(contractA.rows[0]).toMatchObject({ paidMinor: 3_000, status: 'active' });
    const sale = await t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: a, amountMinor: 7_000, method: 'cash' },
      { token: login.token },
    );
    expect(sale.tokens.map((x) => x.type)).toEqual(['DISABLE_PAYG']);
    expect(sale.allocations).toContainEqual(
      expect.objectContaining({ kind: 'contract', amountMinor: 7_000 }),
    );
    // New contracts continue the number series.
    const fridge = await t.ok(
      'appliances.create',
      { name: 'Fridge', type: 'fridge', priceMinor: 50_000 },
      { token: login.token },
    );
    const next = await t.ok(
      'contracts.sell',
      {
        submissionKey: randomUUID(),
        customerId: customer.id,
        applianceId: fridge.id,
        downPaymentMinor: 0,
        plan: { kind: 'per_day', dailyPriceMinor: 500 },
      },
      { token: login.token },
    );
    expect(next.contract.number).toBe('LAG-C-000004');
  });
});
