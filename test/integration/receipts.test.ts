// Receipt PDFs on a real temporary database: each layout read back with poppler (pdftotext,
// pdfinfo) for the facts a customer needs, reprints with the same stored token, reversal receipts,
// page sizes, audit entries for every print, and refusals that write nothing.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

let t: TestCore;
let admin: string;
let cashier: string;
let dir: ReturnType<typeof tempDir>;
let deviceId: string;
let accountNumber: string;

beforeEach(async () => {
  t = openTestCore();
  dir = tempDir('griddesk-receipts-');
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  const seed = await seedRegistry(t, admin);
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: admin },
  );
  accountNumber = customer.accountNumber;
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-0001',
      villageId: seed.village.id,
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: 516959010, count: 0 },
    },
    { token: admin },
  );
  deviceId = device.id;
  await t.ok('devices.setPaygPlan', { deviceId, dailyPriceMinor: 100 }, { token: admin });
});
afterEach(() => {
  t.close();
  dir.remove();
});

function pay(amountMinor: number) {
  return t.ok(
    'payments.record',
    {
      submissionKey: randomUUID(),
      deviceId,
      amountMinor,
      method: 'mobile_money',
      reference: 'MM-778',
    },
    { token: cashier },
  );
}

function save(base64: string, name = 'receipt.pdf'): string {
  const file = join(dir.path, name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

function poppler(tool: 'pdftotext' | 'pdfinfo', file: string): string {
  const args = tool === 'pdftotext' ? ['-layout', file, '-'] : [file];
  const run = spawnSync(tool, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${tool} failed: ${run.stderr}`);
  return run.stdout;
}

function pageSize(file: string): string {
  const match = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(poppler('pdfinfo', file));
  if (!match) throw new Error('no page size');
  return `${Math.round(Number(match[1]))}x${Math.round(Number(match[2]))}`;
}

function auditSummaries(): string[] {
  return (
    t.core.deps.raw.prepare('SELECT summary FROM audit_log ORDER BY rowid').all() as {
      summary: string;
    }[]
  ).map((r) => r.summary);
}

describe('receipts.pdf', () => {
  it('prints the facts of the payment in every layout', async () => {
    const sale = await pay(1050);
    const token = sale.token?.grouped;
    expect(token).toMatch(/^\d{3} \d{3} \d{3}$/);
    for (const layout of ['58mm', '80mm', 'a4'] as const) {
      const receipt = await t.ok(
        'receipts.pdf',
        { paymentId: sale.payment.id, layout },
        { token: cashier },
      );
      expect(receipt.reprint).toBe(false);
      expect(receipt.fileName).toBe(`LAG-R-000001-${layout}.pdf`);
      const text = poppler('pdftotext', save(receipt.pdfBase64, receipt.fileName));
      expect(text).toContain('Sunrise Power Ltd');
      expect(text).toContain('Lagos office (LAG)');
      expect(text).toContain('LAG-R-000001');
      expect(text).toContain('10.50 NGN');
      expect(text).toContain(token);
      expect(text).toContain('10 days');
      expect(text).toContain(accountNumber);
      // The cashier by display name (the payment keeps the username for the day-end).
      expect(text).toContain('Bola Cashier');
      expect(text).toContain('Amina Bello');
      expect(text).toContain('SHS-0001');
      expect(text).toContain('Mobile money');
      expect(text).toContain('MM-778');
      expect(text).toContain('1.00 NGN per day');
      expect(text).not.toContain('REPRINT');
    }
    expect(auditSummaries().filter((s) => s.startsWith('Printed receipt LAG-R-000001'))).toEqual([
      'Printed receipt LAG-R-000001 (58mm)',
      'Printed receipt LAG-R-000001 (80mm)',
      'Printed receipt LAG-R-000001 (a4)',
    ]);
  });

  it('says how many days were added and until when the device stays on, in the office time zone', async () => {
    const first = await pay(1050);
    t.clock.advance(2 * 3_600_000);
    const second = await pay(500);
    const text = async (paymentId: string, reprint = false) =>
      poppler(
        'pdftotext',
        save(
          (await t.ok('receipts.pdf', { paymentId, reprint }, { token: cashier })).pdfBase64,
          `${paymentId}-${reprint}.pdf`,
        ),
      );
    // 10 days from 22 Nov 2026 08:00 UTC = 09:00 in Lagos; the 50 left over stays as credit.
    const one = await text(first.payment.id);
    expect(one).toMatch(/Days added\s+10 days/);
    expect(one).toMatch(/Device on until\s+02 Dec 2026, 09:00/);
    expect(one).not.toContain('(count');
    // Two hours later: the time left is kept, and the credit with 5.00 buys 5 more days.
    const two = await text(second.payment.id);
    expect(two).toMatch(/Days added\s+5 days/);
    expect(two).toMatch(/Device on until\s+07 Dec 2026, 09:00/);
    // A reprint of the first receipt still says what the first print said.
    expect(await text(first.payment.id, true)).toMatch(/Device on until\s+02 Dec 2026, 09:00/);
  });

  it('answers the sale with the plan the receipt prints: days, until and credit left', async () => {
    const first = await pay(1050);
    t.clock.advance(2 * 3_600_000);
    const second = await pay(500);
    expect(first.plan).toEqual({
      kind: 'days',
      days: 10,
      paidUntil: '2026-12-02T08:00:00.000Z',
      unlocks: false,
      creditLeftMinor: 50,
    });
    // The time left is kept and the credit spent: the same dates as the receipts above print.
    expect(second.plan).toEqual({
      kind: 'days',
      days: 5,
      paidUntil: '2026-12-07T08:00:00.000Z',
      unlocks: false,
      creditLeftMinor: 50,
    });
    const printed = poppler(
      'pdftotext',
      save(
        (await t.ok('receipts.pdf', { paymentId: second.payment.id }, { token: cashier }))
          .pdfBase64,
      ),
    );
    expect(printed).toMatch(/Device on until\s+07 Dec 2026, 09:00/);
  });

  it('says what is left to pay before the device is the customer’s', async () => {
    await t.ok(
      'devices.setPaygPlan',
      { deviceId, dailyPriceMinor: 100, totalPriceMinor: 2500 },
      { token: admin },
    );
    const first = await pay(1050);
    const second = await pay(500);
    const text = async (paymentId: string) =>
      poppler(
        'pdftotext',
        save(
          (await t.ok('receipts.pdf', { paymentId }, { token: cashier })).pdfBase64,
          `${paymentId}.pdf`,
        ),
      );
    // 10 days (10.00) of 25.00, then 5 more (the 0.50 credit with 5.00).
    expect(await text(first.payment.id)).toMatch(/Left to pay for the device\s+15.00 NGN/);
    expect(await text(second.payment.id)).toMatch(/Left to pay for the device\s+10.00 NGN/);
  });

  it('reprints the same stored token, marked REPRINT, without issuing a new one', async () => {
    const sale = await pay(500);
    const tokensBefore = t.core.deps.raw.prepare('SELECT count(*) AS n FROM tokens').get();
    const reprint = await t.ok(
      'receipts.pdf',
      { paymentId: sale.payment.id, reprint: true },
      { token: cashier },
    );
    expect(reprint.reprint).toBe(true);
    const text = poppler('pdftotext', save(reprint.pdfBase64));
    expect(text).toContain('REPRINT');
    expect(text).toContain(sale.token?.grouped ?? 'no token');
    expect(t.core.deps.raw.prepare('SELECT count(*) AS n FROM tokens').get()).toEqual(tokensBefore);
    expect(auditSummaries()).toContain('Reprinted receipt LAG-R-000001 (80mm)');
  });

  it('gives the same bytes for the same print', async () => {
    const sale = await pay(500);
    const a = await t.ok('receipts.pdf', { paymentId: sale.payment.id }, { token: cashier });
    const b = await t.ok('receipts.pdf', { paymentId: sale.payment.id }, { token: cashier });
    expect(a.pdfBase64).toBe(b.pdfBase64);
  });

  it('prints a reversal with its reason and the original receipt number', async () => {
    const sale = await pay(500);
    const reversed = await t.ok(
      'payments.reverse',
      { paymentId: sale.payment.id, reason: 'Wrong customer' },
      { token: admin },
    );
    const receipt = await t.ok(
      'receipts.pdf',
      { paymentId: reversed.reversal.id, layout: '58mm' },
      { token: cashier },
    );
    const text = poppler('pdftotext', save(receipt.pdfBase64));
    expect(text).toContain('REVERSAL');
    expect(text).toContain('Wrong customer');
    expect(text).toContain('LAG-R-000001');
    expect(text).toContain('LAG-R-000002');
    expect(text).toContain('-5.00 NGN');
    expect(text).not.toContain(sale.token?.grouped ?? 'no token');
  });

  it('cuts thermal pages to the content and prints A4 on A4', async () => {
    const sale = await pay(500);
    const size = async (layout: '58mm' | '80mm' | 'a4') =>
      pageSize(
        save(
          (await t.ok('receipts.pdf', { paymentId: sale.payment.id, layout }, { token: cashier }))
            .pdfBase64,
          `${layout}.pdf`,
        ),
      );
    const narrow = await size('58mm');
    expect(narrow.startsWith('164x')).toBe(true);
    const narrowHeight = Number(narrow.split('x')[1]);
    expect(narrowHeight).toBeGreaterThan(200);
    expect(narrowHeight).toBeLessThan(1000);
    expect((await size('80mm')).startsWith('227x')).toBe(true);
    expect(await size('a4')).toBe('595x842');
  });

  it('refuses an unknown payment and writes nothing', async () => {
    await pay(500);
    const before = snapshot(t.core);
    const result = await t.call(
      'receipts.pdf',
      { paymentId: '0190f0d8-0000-7000-8000-000000000000' },
      { token: cashier },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
    expect(snapshot(t.core)).toBe(before);
  });
});
