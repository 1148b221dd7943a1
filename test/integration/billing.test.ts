// Postpaid billing through the dispatcher on a real temporary database: a draft run lists its
// problems, finalising is refused until they are fixed, invoices are numbered without gaps in
// village order and never change, payments settle invoices oldest first, credit notes restore
// balances exactly, the PDF carries the number, kWh, total and a QR code that decodes to the link.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TariffDefinitionInput } from '../../src/contract';
import type { ProgressEvent } from '../../src/core/events';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

/** NGN 100.00/kWh up to 50 kWh then 150.00; levy 0.50/kWh; VAT 7.5%; access charge 300.00 a month. */
const tariff: TariffDefinitionInput = {
  bands: [
    { uptoKwh: 50, priceMilliMinorPerKwh: 10_000_000 },
    { uptoKwh: null, priceMilliMinorPerKwh: 15_000_000 },
  ],
  levies: [{ name: 'Rural levy', perKwhMilliMinor: 50_000 }],
  accessCharge: { amountMinor: 30_000, period: 'monthly' },
  minimumPurchaseMinor: 0,
  vatBasisPoints: 750,
};

let t: TestCore;
let admin: string;
let cashier: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
let meterA: string;
let meterB: string;
let customerA: string;
let customerB: string;

async function postpaid(serial: string, first: string, villageId: string, tariffId: string) {
  const customer = await t.ok(
    'customers.create',
    { firstName: first, lastName: 'Okafor', villageId },
    { token: admin },
  );
  const id = (
    await t.ok(
      'devices.create',
      {
        modelId: seed.meter.id,
        serial,
        villageId,
        customerId: customer.id,
        billingMode: 'postpaid',
        status: 'installed',
        installedAt: '2026-09-01',
      },
      { token: admin },
    )
  ).id;
  await t.ok('tariffs.assign', { deviceIds: [id], tariffId }, { token: admin });
  return { id, customerId: customer.id };
}

const read = (deviceId: string, kwh: number, readAt: string) =>
  t.ok('readings.addManual', { deviceId, kwh, readAt }, { token: admin });

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  seed = await seedRegistry(t, admin);
  const tariffId = (
    await t.ok(
      'tariffs.create',
      {
        name: 'Residential postpaid',
        definition: tariff,
        effectiveFrom: '2026-01-01',
        approvalRef: 'NERC/2026/12',
      },
      { token: admin },
    )
  ).id;
  // Village "Kogi North" of BKG; a second village "Anguwan" sorts first in print order.
  const anguwan = await t.ok(
    'sites.createVillage',
    { miniGridId: seed.grid.id, name: 'Anguwan' },
    { token: admin },
  );
  const a = await postpaid('PP-A', 'Ada', seed.village.id, tariffId);
  const b = await postpaid('PP-B', 'Bayo', anguwan.id, tariffId);
  meterA = a.id;
  customerA = a.customerId;
  meterB = b.id;
  customerB = b.customerId;
  // 1 October 00:00 in Lagos is 30 September 23:00Z.
  await read(meterA, 1000, '2026-09-30T23:00:00.000Z');
  await read(meterA, 1070, '2026-10-31T20:00:00.000Z');
  await read(meterB, 500, '2026-09-30T23:00:00.000Z');
  await t.ok(
    'billing.saveSettings',
    {
      miniGridId: seed.grid.id,
      closeDay: null,
      windowDays: 3,
      dueDays: 14,
      estimateLookbackDays: 90,
      provider: 'paystack',
      providerPage: 'sunrise-power',
      linkTemplate: null,
    },
    { token: admin },
  );
});
afterEach(() => t.close());

async function draft() {
  const r = await t.ok(
    'billing.run',
    { miniGridIds: [seed.grid.id], period: '2026-10' },
    { token: admin },
  );
  const run = r.runs[0];
  if (!run) throw new Error('no run');
  return run;
}

describe('billing runs', () => {
  it('drafts, lists problems, refuses to finalise, then finalises after the reading is entered', async () => {
    const run = await draft();
    expect(run).toMatchObject({
      status: 'draft',
      invoices: 1,
      problems: [{ kind: 'no-reading', serial: 'PP-B' }],
    });
    const refused = await t.call('billing.finalise', { runId: run.id }, { token: admin });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { problems: [{ serial: 'PP-B' }] } },
    });
    // Meter A: 70 kWh. 50 x 100.00 = 5,000.00; 20 x 150.00 = 3,000.00; levy 70 x 0.50 = 35.00;
    // access charge 300.00; net 8,335.00; VAT 7.5% = 625.125 -> 625.13; total 8,960.13.
    const drafted = await t.ok('billing.getRun', { runId: run.id }, { token: admin });
    expect(drafted.invoices[0]).toMatchObject({
      number: null,
      billedWh: 70_000,
      netMinor: 833_500,
      vatMinor: 62_513,
      chargesMinor: 896_013,
      totalDueMinor: 896_013,
    });

    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const again = await t.ok('billing.regenerate', { runId: run.id }, { token: admin });
    expect(again).toMatchObject({ invoices: 2, problems: [] });
    const final = await t.ok('billing.finalise', { runId: run.id }, { token: admin });
    expect(final).toMatchObject({ status: 'final', invoices: 2 });
    const { invoices } = await t.ok('billing.getRun', { runId: run.id }, { token: admin });
    // Village order: Anguwan (PP-B) before Kogi North (PP-A); numbers without gaps.
    expect(invoices.map((i) => [i.number, i.meterSerial, i.village])).toEqual([
      ['LAG-2026-000001', 'PP-B', 'Anguwan'],
      ['LAG-2026-000002', 'PP-A', 'Kogi North'],
    ]);
    const a = invoices[1];
    expect(a).toMatchObject({
      status: 'final',
      issuedOn: '2026-11-22',
      dueDate: '2026-12-06',
      openMinor: 896_013,
      opening: { wh: 1_000_000, estimated: false },
      closing: { wh: 1_070_000, estimated: false },
      paymentLink:
        'https://paystack.com/pay/sunrise-power?reference=LAG-2026-000002&amount=8960.13',
    });
  });

  it('leaves a spare postpaid meter in the store out, but lists one on site with no customer', async () => {
    const spare = (
      await t.ok(
        'devices.create',
        {
          modelId: seed.meter.id,
          serial: 'PP-SPARE',
          villageId: seed.village.id,
          billingMode: 'postpaid',
        },
        { token: admin },
      )
    ).id;
    const onSite = (
      await t.ok(
        'devices.create',
        {
          modelId: seed.meter.id,
          serial: 'PP-ORPHAN',
          villageId: seed.village.id,
          billingMode: 'postpaid',
          status: 'installed',
          installedAt: '2026-09-01',
        },
        { token: admin },
      )
    ).id;
    const run = await draft();
    const serials = run.problems.map((p) => p.serial);
    expect(serials).not.toContain('PP-SPARE');
    expect(run.problems.find((p) => p.deviceId === onSite)).toMatchObject({
      kind: 'no-customer',
    });
    const { invoices } = await t.ok('billing.getRun', { runId: run.id }, { token: admin });
    expect(invoices.some((i) => i.deviceId === spare)).toBe(false);
  });

  it('gives default settings until saved, refuses bad ones, and reads one invoice', async () => {
    const other = await t.ok(
      'billing.getSettings',
      { miniGridId: seed.grid2.id },
      { token: cashier },
    );
    expect(other).toMatchObject({ closeDay: null, windowDays: 3, dueDays: 14, provider: 'none' });
    const bad = await t.call(
      'billing.saveSettings',
      { ...other, provider: 'custom', linkTemplate: 'http://x/{inv}' },
      { token: admin },
    );
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: {
          issues: expect.arrayContaining([expect.objectContaining({ field: 'linkTemplate' })]),
        },
      },
    });
    const noPage = await t.call(
      'billing.saveSettings',
      { ...other, provider: 'pesapal' },
      { token: admin },
    );
    expect(noPage).toMatchObject({
      ok: false,
      error: { details: { issues: [{ field: 'providerPage' }] } },
    });
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const run = await draft();
    const listed = (await t.ok('billing.getRun', { runId: run.id }, { token: admin })).invoices[0];
    expect(await t.ok('invoices.get', { id: listed?.id ?? '' }, { token: cashier })).toEqual(
      listed,
    );
    expect(
      await t.call(
        'invoices.get',
        { id: '01900000-0000-7000-8000-000000000000' },
        { token: cashier },
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a second run, a period not ended and any change to a final invoice', async () => {
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const run = await draft();
    expect(
      await t.call(
        'billing.run',
        { miniGridIds: [seed.grid.id], period: '2026-10' },
        { token: admin },
      ),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(
      await t.call(
        'billing.run',
        { miniGridIds: [seed.grid.id], period: '2026-11' },
        { token: admin },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'period' }] } },
    });
    await t.ok('billing.finalise', { runId: run.id }, { token: admin });
    const before = snapshot(t.core);
    expect(await t.call('billing.regenerate', { runId: run.id }, { token: admin })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await t.call('billing.finalise', { runId: run.id }, { token: admin })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(
      await t.call(
        'billing.run',
        { miniGridIds: [seed.grid.id], period: '2026-10' },
        { token: cashier },
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot(t.core)).toBe(before);
    expect(() =>
      t.core.deps.raw
        .prepare("UPDATE invoices SET total_due_minor = 1 WHERE status = 'final'")
        .run(),
    ).toThrow(/cannot be changed/);
    expect(() => t.core.deps.raw.prepare('DELETE FROM invoices').run()).toThrow(
      /cannot be deleted/,
    );
  });

  it('regenerates a draft to the same invoices', async () => {
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const run = await draft();
    const first = (await t.ok('billing.getRun', { runId: run.id }, { token: admin })).invoices;
    await t.ok('billing.regenerate', { runId: run.id }, { token: admin });
    const second = (await t.ok('billing.getRun', { runId: run.id }, { token: admin })).invoices;
    const strip = (list: typeof first) => list.map(({ id: _id, ...rest }) => rest);
    expect(strip(second)).toEqual(strip(first));
    // Finalising regenerates once more: the invoices are those of the draft, now numbered.
    await t.ok('billing.finalise', { runId: run.id }, { token: admin });
    const final = (await t.ok('billing.getRun', { runId: run.id }, { token: admin })).invoices;
    const content = (list: typeof first) =>
      list.map((i) => ({
        meter: i.meterSerial,
        lines: i.lines,
        billedWh: i.billedWh,
        charges: i.chargesMinor,
        opening: i.opening,
        closing: i.closing,
      }));
    expect(content(final)).toEqual(content(first));
  });

  it('keeps the drafts that come out the same and replaces only the changed one', async () => {
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const run = await draft();
    const ids = async () =>
      Object.fromEntries(
        (await t.ok('billing.getRun', { runId: run.id }, { token: admin })).invoices.map((i) => [
          i.meterSerial,
          i.id,
        ]),
      );
    const first = await ids();
    await t.ok('billing.regenerate', { runId: run.id }, { token: admin });
    expect(await ids()).toEqual(first);
    // A later reading nearer the end of October changes meter B's invoice only.
    await read(meterB, 545, '2026-10-31T23:30:00.000Z');
    await t.ok('billing.regenerate', { runId: run.id }, { token: admin });
    const third = await ids();
    expect(third['PP-A']).toBe(first['PP-A']);
    expect(third['PP-B']).not.toBe(first['PP-B']);
    const { invoices } = await t.ok('billing.getRun', { runId: run.id }, { token: admin });
    expect(invoices.map((i) => [i.meterSerial, i.closing.wh])).toEqual([
      ['PP-B', 545_000],
      ['PP-A', 1_070_000],
    ]);
  });

  it('keeps the balance exact through any mix of payments, credit notes and debit notes', async () => {
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const run = await draft();
    await t.ok('billing.finalise', { runId: run.id }, { token: admin });
    const invoice = (
      await t.ok('billing.getRun', { runId: run.id }, { token: admin })
    ).invoices.find((i) => i.meterSerial === 'PP-A');
    const charged = invoice?.chargesMinor ?? 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('pay' as const),
              amount: fc.integer({ min: 1, max: 300_000 }),
            }),
            fc.record({
              kind: fc.constant('credit' as const),
              amount: fc.integer({ min: 1, max: 20_000 }),
            }),
            fc.record({
              kind: fc.constant('debit' as const),
              amount: fc.integer({ min: 1, max: 20_000 }),
            }),
          ),
          { maxLength: 6 },
        ),
        async (steps) => {
          const start = (await t.ok('invoices.list', { customerId: customerA }, { token: admin }))
            .balanceMinor;
          let expected = start;
          for (const step of steps) {
            if (step.kind === 'pay') {
              await t.ok(
                'payments.record',
                {
                  submissionKey: randomUUID(),
                  deviceId: meterA,
                  amountMinor: step.amount,
                  method: 'cash',
                },
                { token: admin },
              );
              expected -= step.amount;
            } else {
              const r = await t.call(
                'invoices.note',
                {
                  invoiceId: invoice?.id ?? '',
                  kind: step.kind,
                  amountMinor: step.amount,
                  reason: 'property',
                },
                { token: admin },
              );
              // A credit note above what the invoice still charges is refused and changes nothing.
              if (r.ok) expected += step.kind === 'debit' ? step.amount : -step.amount;
            }
          }
          const after = await t.ok('invoices.list', { customerId: customerA }, { token: admin });
          expect(after.balanceMinor).toBe(expected);
          const open = after.invoices.reduce((sum, i) => sum + (i.openMinor ?? 0), 0);
          expect(open).toBe(Math.max(0, after.balanceMinor));
        },
      ),
      { numRuns: 15 },
    );
    expect(charged).toBeGreaterThan(0);
  });
});

describe('postpaid payments, notes and reports', () => {
  async function finalised() {
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const run = await draft();
    await t.ok('billing.finalise', { runId: run.id }, { token: admin });
    return (await t.ok('billing.getRun', { runId: run.id }, { token: admin })).invoices;
  }

  it('settles open invoices at the counter, keeps the rest as credit, and credit notes restore exactly', async () => {
    const invoices = await finalised();
    const a = invoices.find((i) => i.meterSerial === 'PP-A');
    const preview = await t.ok(
      'payments.preview',
      { deviceId: meterA, amountMinor: 500_000 },
      { token: cashier },
    );
    expect(preview.sale).toBe('invoices');
    expect(preview.allocations).toEqual([
      { kind: 'invoice', amountMinor: 500_000, days: null, wh: null, refId: a?.id },
    ]);
    await t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: meterA, amountMinor: 500_000, method: 'cash' },
      { token: cashier },
    );
    let list = await t.ok('invoices.list', { customerId: customerA }, { token: cashier });
    expect(list.balanceMinor).toBe(396_013);
    expect(list.invoices[0]?.openMinor).toBe(396_013);
    const pay = await t.ok(
      'payments.record',
      {
        submissionKey: randomUUID(),
        deviceId: meterA,
        amountMinor: 400_000,
        method: 'mobile_money',
        reference: 'MM-9',
      },
      { token: cashier },
    );
    expect(pay.allocations.map((x) => [x.kind, x.amountMinor])).toEqual([
      ['invoice', 396_013],
      ['account_credit', 3_987],
    ]);
    const receipt = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: Buffer.from(
        (await t.ok('receipts.pdf', { paymentId: pay.payment.id }, { token: cashier })).pdfBase64,
        'base64',
      ),
    }).toString();
    expect(receipt).toContain('Invoice LAG-2026-000002');
    list = await t.ok('invoices.list', { customerId: customerA }, { token: cashier });
    expect(list).toMatchObject({ balanceMinor: -3_987, invoices: [{ openMinor: 0 }] });

    const statement = await t.ok(
      'accounts.statement',
      { customerId: customerA },
      { token: cashier },
    );
    expect(statement.payments.map((p) => [p.amountMinor, p.invoices])).toEqual([
      [400_000, ['LAG-2026-000002']],
      [500_000, ['LAG-2026-000002']],
    ]);
    // A credit note of 100.00 lowers the balance by exactly that; a debit note of the same
    // amount brings it back.
    await t.ok(
      'invoices.note',
      {
        invoiceId: a?.id ?? '',
        kind: 'credit',
        amountMinor: 10_000,
        reason: 'estimated reading too high',
      },
      { token: admin },
    );
    expect(
      (await t.ok('invoices.list', { customerId: customerA }, { token: cashier })).balanceMinor,
    ).toBe(-13_987);
    const noted = await t.ok(
      'invoices.note',
      { invoiceId: a?.id ?? '', kind: 'debit', amountMinor: 10_000, reason: 'correction reversed' },
      { token: admin },
    );
    expect(noted.notes.map((n) => n.number)).toEqual(['LAG-CN-2026-000001', 'LAG-DN-2026-000001']);
    expect(
      (await t.ok('invoices.list', { customerId: customerA }, { token: cashier })).balanceMinor,
    ).toBe(-3_987);
    expect(
      await t.call(
        'invoices.note',
        { invoiceId: a?.id ?? '', kind: 'credit', amountMinor: 10_000_000, reason: 'too much' },
        { token: admin },
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it("opens the statement's bill so far at the reading the first invoice opens with", async () => {
    // Meter B has no invoice yet. The reading nearest 1 November (Lagos) within the 3-day window
    // is 30 October's; the statement used to open at the month's first reading (5 November) and
    // showed 40 kWh used where the invoice bills 80.
    await read(meterB, 520, '2026-10-30T12:00:00.000Z');
    await read(meterB, 560, '2026-11-05T12:00:00.000Z');
    await read(meterB, 600, '2026-11-20T12:00:00.000Z');
    const statement = await t.ok('accounts.statement', { customerId: customerB }, { token: admin });
    expect(statement.meters[0]).toMatchObject({
      serial: 'PP-B',
      period: '2026-11',
      usedWh: 80_000,
    });

    // Ten days on (sessions have ended): the CLI's local operator runs November's billing.
    t.clock.advance(10 * 86_400_000);
    const cli = { door: 'cli' } as const;
    await t.ok(
      'readings.addManual',
      { deviceId: meterB, kwh: 640, readAt: '2026-11-30T20:00:00.000Z' },
      cli,
    );
    const run = await t.ok('billing.run', { miniGridIds: [seed.grid.id], period: '2026-11' }, cli);
    const runId = run.runs[0]?.id ?? '';
    const { invoices } = await t.ok('billing.getRun', { runId }, cli);
    expect(invoices.find((i) => i.meterSerial === 'PP-B')).toMatchObject({
      opening: { wh: 520_000, estimated: false },
      billedWh: 120_000,
    });
  });

  it('reports aging, the disconnection list and the statement', async () => {
    await finalised();
    // 30 days later the October invoices are 31 days old, and 16 days past their due date
    // (6 December): debt ages from the due date, as the dashboard and the monthly pack age it.
    t.clock.advance(30 * 86_400_000);
    const cli = { door: 'cli' } as const;
    const aging = await t.ok('billing.aging', { groupBy: 'mini-grid' }, cli);
    expect(aging.rows).toEqual([
      expect.objectContaining({ label: 'Bakin Kogi', d1_30: aging.totals.totalMinor, d31_60: 0 }),
    ]);
    const cut = await t.ok(
      'billing.disconnections',
      { minBalanceMinor: 100_000, olderThanDays: 30 },
      cli,
    );
    expect(cut.rows.map((r) => [r.customer.accountNumber, r.daysOld])).toHaveLength(2);
    const none = await t.ok(
      'billing.disconnections',
      { minBalanceMinor: 100_000, olderThanDays: 60 },
      cli,
    );
    expect(none.rows).toEqual([]);
    await t.ok(
      'readings.addManual',
      { deviceId: meterA, kwh: 1100, readAt: '2026-12-15T08:00:00.000Z' },
      cli,
    );
    const statement = await t.ok('accounts.statement', { customerId: customerA }, cli);
    expect(statement.meters[0]).toMatchObject({
      serial: 'PP-A',
      period: '2026-12',
      usedWh: 30_000,
    });
    expect(statement.meters[0]?.projectedWh).toBeGreaterThan(30_000);
    expect(statement.invoices.map((i) => i.number)).toEqual(['LAG-2026-000002']);
    const pdf = await t.ok('accounts.statementPdf', { customerId: customerA }, cli);
    expect(pdfText(pdf.pdfBase64)).toContain('ACCOUNT STATEMENT');
    const report = await t.ok(
      'billing.reportPdf',
      { report: 'disconnections', minBalanceMinor: 100_000, olderThanDays: 30 },
      cli,
    );
    expect(pdfText(report.pdfBase64)).toContain('DISCONNECTION LIST');
  });

  it('prints the invoice with its number, kWh, total and a QR code that decodes to the payment link', async () => {
    const invoices = await finalised();
    const a = invoices.find((i) => i.meterSerial === 'PP-A');
    const pdf = await t.ok('invoices.pdf', { invoiceId: a?.id }, { token: cashier });
    // GRIDDESK_SHOTS=dir keeps the PDF for looking at it (pdftoppm).
    if (process.env.GRIDDESK_SHOTS) {
      writeFileSync(
        join(process.env.GRIDDESK_SHOTS, 'invoice.pdf'),
        Buffer.from(pdf.pdfBase64, 'base64'),
      );
    }
    const text = pdfText(pdf.pdfBase64);
    expect(text).toContain('LAG-2026-000002');
    expect(text).toContain('70');
    expect(text).toContain('8,960.13 NGN');
    expect(text).toContain('sunrise-power');
    expect(decodeQr(pdf.pdfBase64)).toBe(a?.paymentLink);
    const run = await t.ok('invoices.pdf', { runId: a?.runId }, { token: cashier });
    expect(pdfText(run.pdfBase64).indexOf('LAG-2026-000001')).toBeLessThan(
      pdfText(run.pdfBase64).indexOf('LAG-2026-000002'),
    );
    const csv = await t.ok('invoices.csv', { runId: a?.runId ?? '' }, { token: cashier });
    expect(csv.csv.split('\n')[2]).toContain('LAG-2026-000002,final');
    // A run that does not exist is NOT_FOUND, never an empty PDF.
    const unknown = await t.call(
      'invoices.pdf',
      { runId: '01900000-0000-7000-8000-00000000dead' },
      { token: cashier },
    );
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That billing run does not exist.' },
    });
  });

  it("writes a run's invoices into one PDF file with progress, and a cancelled job leaves no file", async () => {
    const invoices = await finalised();
    const runId = invoices[0]?.runId ?? '';
    const printDir = join(t.dataDir, 'print');
    const events: ProgressEvent[] = [];
    t.core.deps.events.subscribe((e: ProgressEvent) => events.push(e));

    // Cancelled at its first turn: an error saying so, and nothing in the print folder.
    const cancelId = randomUUID();
    const cancelled = t.call(
      'invoices.runPdfFile',
      { runId, operationId: cancelId },
      { token: cashier },
    );
    expect(await t.ok('operations.cancel', { operationId: cancelId }, { token: admin })).toEqual({
      cancelled: true,
    });
    expect(await cancelled).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('cancelled') },
    });
    expect(readdirSync(printDir)).toEqual([]);

    const operationId = randomUUID();
    const file = await t.ok('invoices.runPdfFile', { runId, operationId }, { token: cashier });
    expect(file).toMatchObject({
      invoiceCount: invoices.length,
      path: join(printDir, file.fileName),
    });
    expect(readdirSync(printDir)).toEqual([file.fileName]);
    const bytes = readFileSync(file.path);
    expect(bytes.length).toBe(file.bytes);
    const text = pdfText(bytes.toString('base64'));
    for (const inv of invoices) expect(text).toContain(inv.number);
    expect(events.filter((e) => e.operationId === operationId)).toEqual([
      { type: 'progress', operationId, phase: 'invoices', done: 2, total: 2 },
    ]);
    // A final run prints the same bytes again (the document's date is the period end).
    const again = await t.ok('invoices.runPdfFile', { runId }, { token: cashier });
    expect(readFileSync(again.path).equals(bytes)).toBe(true);
  });
});

function pdfText(base64: string): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], {
    input: Buffer.from(base64, 'base64'),
  }).toString('utf8');
}

function decodeQr(base64: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-qr-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), Buffer.from(base64, 'base64'));
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-f',
      '1',
      '-l',
      '1',
      join(dir, 'in.pdf'),
      join(dir, 'page'),
    ]);
    const file = readdirSync(dir).find((f) => f.endsWith('.png'));
    const png = PNG.sync.read(readFileSync(join(dir, file ?? '')));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the readings a run reads', () => {
  it('estimates from readings older than the carried base, back to the look-back', async () => {
    // The run reads only the readings a period can use (issue 16): for an estimate that reaches
    // back before the meter's last invoiced reading. September is billed from actual readings;
    // October has none near its end for meter B, so its use is estimated from 15 July to
    // 30 September: 200 kWh in 77 days, for the 31 days of October.
    await read(meterA, 940, '2026-08-31T22:00:00.000Z');
    await read(meterB, 300, '2026-07-15T23:00:00.000Z');
    await read(meterB, 450, '2026-08-31T22:00:00.000Z');
    const september = (
      await t.ok(
        'billing.run',
        { miniGridIds: [seed.grid.id], period: '2026-09' },
        { token: admin },
      )
    ).runs[0];
    expect(september?.problems).toEqual([]);
    await t.ok('billing.finalise', { runId: september?.id ?? '' }, { token: admin });
    const october = await draft();
    expect(october.problems).toEqual([]);
    const { invoices } = await t.ok('billing.getRun', { runId: october.id }, { token: admin });
    const b = invoices.find((i) => i.meterSerial === 'PP-B');
    expect(b?.closing.estimated).toBe(true);
    expect(b?.billedWh).toBe(Math.round((200_000 * 31) / 77));
  });
});

describe('one meter whose charges cannot be counted', () => {
  it('is a problem of the run, not a failure of the whole run', async () => {
    const dearest = await t.ok(
      'tariffs.create',
      {
        name: 'Dearest allowed',
        definition: { ...tariff, bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 1e12 }] },
        effectiveFrom: '2026-01-01',
      },
      { token: admin },
    );
    await read(meterB, 530, '2026-10-31T21:00:00.000Z');
    const huge = await postpaid('PP-HUGE', 'Chidi', seed.village.id, dearest.id);
    await read(huge.id, 0, '2026-09-30T23:00:00.000Z');
    const last = await read(huge.id, 99_000_000, '2026-10-31T20:00:00.000Z');
    if (last.flag) {
      await t.ok(
        'readings.review',
        { readingId: last.id, decision: 'accepted', note: 'checked on site' },
        { token: admin },
      );
    }
    const run = await draft();
    expect(run.problems).toEqual([
      {
        kind: 'too-large',
        deviceId: huge.id,
        serial: 'PP-HUGE',
        customer: 'Chidi Okafor',
        message: expect.stringMatching(/^Meter PP-HUGE: the charges .* too large/),
      },
    ]);
    const { invoices } = await t.ok('billing.getRun', { runId: run.id }, { token: admin });
    expect(invoices.map((i) => i.meterSerial).sort()).toEqual(['PP-A', 'PP-B']);
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('readings that do not count, and cancel', () => {
  it("excludes a rejected reset and keeps one meter's accepted readings away from another", async () => {
    // Meter B: a misread drop on 15 October, rejected; then the real end-of-month reading.
    const drop = await read(meterB, 12, '2026-10-15T08:00:00.000Z');
    expect(drop.flag).toBe('reset');
    const pending = await draft();
    expect(pending.problems).toEqual([
      expect.objectContaining({ kind: 'flagged', serial: 'PP-B' }),
    ]);
    await t.ok(
      'readings.review',
      { readingId: drop.id, decision: 'rejected', note: 'misread display' },
      { token: admin },
    );
    await read(meterB, 530, '2026-10-31T21:00:00.000Z');
    // Meter A gets an accepted reset right at the period end: it must not become B's closing.
    const swap = await read(meterA, 2, '2026-10-31T23:30:00.000Z');
    await t.ok(
      'readings.review',
      { readingId: swap.id, decision: 'accepted', note: 'meter swapped' },
      { token: admin },
    );
    const regenerated = await t.ok('billing.regenerate', { runId: pending.id }, { token: admin });
    expect(regenerated.problems).toEqual([]);
    const { invoices } = await t.ok('billing.getRun', { runId: pending.id }, { token: admin });
    const b = invoices.find((i) => i.meterSerial === 'PP-B');
    // 500 -> 530 kWh: the rejected 12 kWh reading is not a reset, nothing of meter A leaks in.
    expect(b).toMatchObject({
      billedWh: 30_000,
      opening: { wh: 500_000 },
      closing: { wh: 530_000 },
    });
  });

  it('cancels a run while it drafts, writing nothing', async () => {
    await read(meterB, 540, '2026-11-01T08:00:00.000Z');
    const operationId = randomUUID();
    const before = snapshot(t.core);
    const running = t.call(
      'billing.run',
      { miniGridIds: [seed.grid.id], period: '2026-10', operationId },
      { token: admin },
    );
    // The draft yields before its first meter: the cancel arrives then.
    expect(await t.ok('operations.cancel', { operationId }, { token: admin })).toEqual({
      cancelled: true,
    });
    expect(await running).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('cancelled') },
    });
    expect(snapshot(t.core)).toBe(before);
    expect((await t.ok('billing.runs', {}, { token: admin })).runs).toEqual([]);
  });
});
