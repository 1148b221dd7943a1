// Prepaid meter sales at the counter, on a real temporary database: access charges accrued per day
// (idempotent, caught up after days offline), paid first; energy from the residual at the tariff's
// prepaid price; leftovers kept as credit and spent by the next purchase; STS token custody
// (pending request, typed or CSV-imported 20-digit token, never reused, printed on the receipt).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TariffDefinitionInput } from '../../src/contract';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const DAY_MS = 24 * 60 * 60 * 1000;

/** NGN 100.00/kWh flat, no levies or VAT; NGN 1.00 access charge a day; NGN 5.00 minimum. */
const flat: TariffDefinitionInput = {
  bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 10_000_000 }],
  levies: [],
  accessCharge: { amountMinor: 100, period: 'daily' },
  minimumPurchaseMinor: 500,
  vatBasisPoints: 0,
};

let t: TestCore;
let admin: string;
let cashier: string;
let meterId: string;
let customerId: string;
let stsModelId: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
let tariffId: string;

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  seed = await seedRegistry(t, admin);
  const calin = await t.ok('manufacturers.create', { name: 'Calin' }, { token: admin });
  stsModelId = (
    await t.ok(
      'models.create',
      { manufacturerId: calin.id, name: 'LK120', kind: 'meter', tokenScheme: 'sts' },
      { token: admin },
    )
  ).id;
  customerId = (
    await t.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Danjuma', villageId: seed.village.id },
      { token: admin },
    )
  ).id;
  tariffId = (
    await t.ok(
      'tariffs.create',
      { name: 'Prepaid flat', definition: flat, effectiveFrom: '2026-01-01' },
      { token: admin },
    )
  ).id;
  meterId = await meter('47000123456', stsModelId);
});
afterEach(() => t.close());

/** A prepaid meter installed on 2026-11-18 (the test clock says 2026-11-22), on the flat tariff. */
async function meter(
  serial: string,
  modelId: string,
  billingMode: 'prepaid' | 'postpaid' = 'prepaid',
) {
  const id = (
    await t.ok(
      'devices.create',
      {
        modelId,
        serial,
        villageId: seed.village.id,
        customerId,
        billingMode,
        status: 'installed',
        installedAt: '2026-11-18',
      },
      { token: admin },
    )
  ).id;
  await t.ok('tariffs.assign', { deviceIds: [id], tariffId }, { token: admin });
  return id;
}

function sell(deviceId: string, amountMinor: number, token = cashier) {
  return t.call(
    'payments.record',
    { submissionKey: randomUUID(), deviceId, amountMinor, method: 'cash' },
    { token },
  );
}

async function sellOk(deviceId: string, amountMinor: number) {
  const r = await sell(deviceId, amountMinor);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('access charges', () => {
  it('accrue once per day from installation, idempotently, and catch up after days offline', async () => {
    expect(await t.ok('accessCharges.status', {}, { token: cashier })).toEqual({
      today: '2026-11-22',
      due: 1,
    });
    const first = await t.ok('accessCharges.accrue', {}, { token: admin });
    // 18, 19, 20, 21 and 22 November: five days at NGN 1.00.
    expect(first).toEqual({ through: '2026-11-22', meters: 1, amountMinor: 500, skipped: [] });
    const again = await t.ok('accessCharges.accrue', {}, { token: admin });
    expect(again).toEqual({ through: '2026-11-22', meters: 0, amountMinor: 0, skipped: [] });
    expect(await t.ok('accessCharges.debt', { deviceId: meterId }, { token: cashier })).toEqual({
      accruedMinor: 500,
      paidMinor: 0,
      owedMinor: 500,
      accruedThrough: '2026-11-22',
    });

    // Three days closed, then the app starts again: the missed days are charged once.
    // (Sessions have timed out by then: the local operator's door stands in for a signed-in user.)
    t.clock.advance(3 * DAY_MS);
    const cli = { door: 'cli' } as const;
    expect((await t.ok('accessCharges.status', {}, cli)).due).toBe(1);
    expect(await t.ok('accessCharges.accrue', {}, cli)).toMatchObject({
      meters: 1,
      amountMinor: 300,
    });
    expect((await t.ok('accessCharges.debt', { deviceId: meterId }, cli)).owedMinor).toBe(800);
  });

  it('runs at start through the housekeeping door, and only when something is due', async () => {
    const { runHousekeeping } = await import('../../src/core/housekeeping');
    await runHousekeeping(t.core);
    await runHousekeeping(t.core);
    const audit = await t.ok('audit.list', {}, { token: admin });
    const accruals = audit.entries.filter((r) => r.command === 'accessCharges.accrue');
    expect(accruals).toHaveLength(1);
    expect(accruals[0]).toMatchObject({ actor: 'system', door: 'system' });
  });

  it('refuses money too large to count, and one bad tariff never stops the others', async () => {
    const huge = {
      ...flat,
      accessCharge: { amountMinor: 10_000_000_000_000, period: 'daily' as const },
    };
    const refused = await t.call(
      'tariffs.create',
      { name: 'Too dear', definition: huge, effectiveFrom: '2026-01-01' },
      { token: admin },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          issues: [
            {
              field: 'definition.accessCharge.amountMinor',
              message: 'must be at most 1000000000000 minor units',
            },
          ],
        },
      },
    });

    // A tariff stored before money was bounded: its charge cannot be added up exactly.
    const old = await t.ok(
      'tariffs.create',
      { name: 'Old import', definition: flat, effectiveFrom: '2026-01-01' },
      { token: admin },
    );
    const raw = t.core.deps.raw;
    raw.exec('DROP TRIGGER tariff_versions_no_update');
    raw
      .prepare(
        "UPDATE tariff_versions SET definition = json_set(definition, '$.accessCharge.amountMinor', ?) WHERE tariff_id = ?",
      )
      .run(Number.MAX_SAFE_INTEGER, old.id);
    const badMeter = await meter('47000999999', stsModelId);
    await t.ok('tariffs.assign', { deviceIds: [badMeter], tariffId: old.id }, { token: admin });

    const run = await t.ok('accessCharges.accrue', {}, { token: admin });
    expect(run).toMatchObject({ meters: 1, amountMinor: 500 });
    expect(run.skipped).toEqual([
      {
        deviceId: badMeter,
        serial: '47000999999',
        reason: expect.stringMatching(/more than GridDesk can count/),
      },
    ]);
    expect(
      (await t.ok('accessCharges.debt', { deviceId: meterId }, { token: admin })).owedMinor,
    ).toBe(500);
    expect(
      (await t.ok('accessCharges.debt', { deviceId: badMeter }, { token: admin })).owedMinor,
    ).toBe(0);
    const [entry] = (
      await t.ok('audit.list', { command: 'accessCharges.accrue' }, { token: admin })
    ).entries;
    expect(entry?.summary).toMatch(/not accrued: 47000999999/);
    expect(t.log.lines.some((l) => l.level === 'warn' && /not accrued/.test(l.message))).toBe(true);
    // Still due: a corrected tariff catches it up.
    expect((await t.ok('accessCharges.status', {}, { token: admin })).due).toBe(1);
  });

  it('leaves postpaid meters and cashiers alone', async () => {
    await meter('POST-1', seed.meter.id, 'postpaid');
    expect((await t.ok('accessCharges.accrue', {}, { token: admin })).meters).toBe(1);
    const refused = await t.call('accessCharges.accrue', {}, { token: cashier });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('prepaid meter sales', () => {
  it('pay the access debt first, buy energy from the residual and keep the rest as credit', async () => {
    await t.ok('accessCharges.accrue', {}, { token: admin });
    const preview = await t.ok(
      'payments.preview',
      { deviceId: meterId, amountMinor: 2_055 },
      { token: cashier },
    );
    // NGN 20.55: 5.00 debt, then 15.55 buys 0.1 kWh steps at 100.00/kWh: 0.1555 kWh -> 0.1 kWh for
    // 10.00; 5.55 stays as credit. Energy from the gross amount would have been 0.2 kWh.
    expect(preview).toMatchObject({
      sale: 'energy',
      tokenScheme: 'sts',
      wh: 100,
      accessDebtMinor: 500,
      unitPriceMilliMinorPerKwh: 10_000_000,
      creditUsedMinor: 0,
    });
    expect(preview.allocations.map((a) => [a.kind, a.amountMinor, a.wh])).toEqual([
      ['access_debt', 500, null],
      ['energy', 1_000, 100],
      ['credit', 555, null],
    ]);
    const sale = await sellOk(meterId, 2_055);
    expect(sale.vendorToken).toMatchObject({ status: 'pending', wh: 100, amountMinor: 1_000 });
    expect(sale.tokens).toEqual([]);
    expect(
      (await t.ok('accessCharges.debt', { deviceId: meterId }, { token: admin })).owedMinor,
    ).toBe(0);

    // The next purchase spends the credit: 5.55 + 5.00 = 10.55 buys 0.1 kWh, 0.55 stays.
    const next = await sellOk(meterId, 500);
    expect(next.allocations.map((a) => [a.kind, a.amountMinor])).toEqual([
      ['credit', -555],
      ['energy', 1_000],
      ['credit', 55],
    ]);
    const sum = next.allocations.reduce((s, a) => s + a.amountMinor, 0);
    expect(sum).toBe(500);
  });

  it('refuses clearly and writes nothing: below the minimum, no tariff', async () => {
    const before = snapshot(t.core);
    const small = await sell(meterId, 300);
    expect(small).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'amountMinor' }] } },
    });
    if (!small.ok) expect(small.error.message).toContain('minimum purchase of 5.00 NGN');
    expect(snapshot(t.core)).toBe(before);

    // A postpaid meter's payment is no energy sale: it settles invoices (none yet: all credit).
    const postpaid = await meter('POST-2', seed.meter.id, 'postpaid');
    const onAccount = await t.ok(
      'payments.preview',
      { deviceId: postpaid, amountMinor: 5_000 },
      { token: cashier },
    );
    expect(onAccount).toMatchObject({ sale: 'invoices', wh: 0 });
    expect(onAccount.allocations.map((a) => a.kind)).toEqual(['account_credit']);
    const bare = (
      await t.ok(
        'devices.create',
        {
          modelId: stsModelId,
          serial: 'NO-TARIFF',
          customerId,
          villageId: seed.village.id,
          billingMode: 'prepaid',
        },
        { token: admin },
      )
    ).id;
    expect(await sell(bare, 5_000)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('has no tariff') },
    });
  });

  it('a debt-only payment buys nothing and needs no minimum', async () => {
    await t.ok('accessCharges.accrue', {}, { token: admin });
    const sale = await sellOk(meterId, 300);
    expect(sale.allocations.map((a) => a.kind)).toEqual(['access_debt']);
    expect(sale.vendorToken).toBeNull();
  });
});

describe('STS token custody', () => {
  it('records a typed token once, checks its form, and prints it on the reprint', async () => {
    const sale = await sellOk(meterId, 10_000);
    const requestId = sale.vendorToken?.requestId ?? '';
    const pendingPdf = await t.ok(
      'receipts.pdf',
      { paymentId: sale.payment.id },
      { token: cashier },
    );
    expect(pdfText(pendingPdf.pdfBase64)).toContain('pending from the vendor');

    for (const [token, message] of [
      ['1234', 'must have 20 digits, not 4'],
      ['1234567890123456789x', 'only digits'],
      ['99999999999999999999', 'too large'],
    ] as const) {
      const bad = await t.call('sts.recordToken', { requestId, token }, { token: cashier });
      expect(bad).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { issues: [{ field: 'token' }] } },
      });
      if (!bad.ok) expect(bad.error.message).toContain(message);
    }
    const typed = await t.ok(
      'sts.recordToken',
      { requestId, token: '1234 5678 9012 3456 7890' },
      { token: cashier },
    );
    expect(typed.vendorToken).toMatchObject({
      status: 'recorded',
      token: '12345678901234567890',
      grouped: '1234 5678 9012 3456 7890',
    });
    const other = await t.call(
      'sts.recordToken',
      { requestId, token: '11111111111111111111' },
      { token: cashier },
    );
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The same token cannot serve a second purchase.
    const second = await sellOk(meterId, 10_000);
    const reused = await t.call(
      'sts.recordToken',
      { requestId: second.vendorToken?.requestId ?? '', token: '12345678901234567890' },
      { token: cashier },
    );
    expect(reused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const reprint = await t.ok(
      'receipts.pdf',
      { paymentId: sale.payment.id, reprint: true },
      { token: cashier },
    );
    // GRIDDESK_SHOTS=dir keeps the receipt for looking at it (pdftoppm).
    if (process.env.GRIDDESK_SHOTS) {
      writeFileSync(
        join(process.env.GRIDDESK_SHOTS, 'sts-receipt.pdf'),
        Buffer.from(reprint.pdfBase64, 'base64'),
      );
    }
    const text = pdfText(reprint.pdfBase64);
    expect(text).toContain('1234 5678 9012 3456 7890');
    expect(text).toContain('REPRINT');
    expect((await t.ok('sts.list', {}, { token: cashier })).rows.map((r) => r.requestId)).toEqual([
      second.vendorToken?.requestId,
    ]);
  });

  it("imports the vendor's batch by receipt or by meter and kWh, all or nothing, idempotently", async () => {
    const a = await sellOk(meterId, 10_000); // 1 kWh
    const b = await sellOk(meterId, 20_000); // 2 kWh
    const c = await sellOk(meterId, 10_000); // 1 kWh
    const bad = [
      'Meter Number,Units,Token',
      '47000123456,2.0,22222222222222222222',
      `47000123456,9.0,33333333333333333333`,
      '47000123456,1,1234',
    ].join('\n');
    const checked = await t.ok('sts.importTokens', { csv: bad }, { token: cashier });
    expect(checked.recorded).toBe(0);
    expect(checked.problems).toEqual([
      {
        line: 3,
        column: 'Meter Number',
        message: 'No pending STS purchase for meter 47000123456 of 9 kWh',
      },
      { line: 4, column: 'Token', message: 'The token must have 20 digits, not 4' },
    ]);
    // All or nothing: line 2 was fine, yet nothing was recorded.
    expect((await t.ok('sts.list', { status: 'recorded' }, { token: cashier })).total).toBe(0);

    const good = ['Receipt,Token', `${a.payment.receiptNumber},1111-2222-3333-4444-5555`, ''].join(
      '\n',
    );
    const byReceipt = await t.ok('sts.importTokens', { csv: good }, { token: cashier });
    expect(byReceipt).toMatchObject({ recorded: 1, alreadyRecorded: 0, problems: [] });
    const byMeter = [
      'Meter Number;Units;Token',
      '47000123456;1.0;44444444444444444444',
      '47000123456;2.0;22222222222222222222',
    ].join('\n');
    const second = await t.ok('sts.importTokens', { csv: byMeter }, { token: cashier });
    expect(second).toMatchObject({ recorded: 2, problems: [] });
    const again = await t.ok('sts.importTokens', { csv: byMeter }, { token: cashier });
    expect(again).toMatchObject({ recorded: 0, alreadyRecorded: 2, problems: [] });
    const got = async (paymentId: string) =>
      (await t.ok('payments.get', { id: paymentId }, { token: cashier })).vendorToken?.token;
    expect(await got(a.payment.id)).toBe('11112222333344445555');
    expect(await got(b.payment.id)).toBe('22222222222222222222');
    expect(await got(c.payment.id)).toBe('44444444444444444444');
  });
});

function pdfText(base64: string): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], {
    input: Buffer.from(base64, 'base64'),
  }).toString('utf8');
}

describe('counter settings', () => {
  it('can leave the access debt for later and set a lower ceiling, applied by the core', async () => {
    await t.ok('accessCharges.accrue', {}, { token: admin });
    const saved = await t.ok(
      'settings.update',
      { counter: { payAccessDebtFirst: false, maxPaymentMinor: 50_000 } },
      { token: admin },
    );
    expect(saved.counter).toEqual({
      payInstalmentsFirst: true,
      payAccessDebtFirst: false,
      maxPaymentMinor: 50_000,
    });
    const preview = await t.ok(
      'payments.preview',
      { deviceId: meterId, amountMinor: 1_000 },
      { token: cashier },
    );
    expect(preview.allocations.map((a) => a.kind)).toEqual(['energy']);
    expect(preview.accessDebtMinor).toBe(500);
    const big = await sell(meterId, 60_000);
    expect(big).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'amountMinor' }] } },
    });
    if (!big.ok) expect(big.error.message).toContain('500.00 NGN');
  });
});
