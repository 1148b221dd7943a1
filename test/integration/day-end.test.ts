// The cashier's day-end (Z report) on a real temporary database: totals by method, receipts,
// reversals and tokens of one cashier on one local date; who may see whose day; a manager's close
// that keeps the report as it stood and stops that cashier's payments for the rest of the day;
// the printed report (pdftotext).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const HOUR_MS = 60 * 60 * 1000;

let t: TestCore;
let admin: string;
let cashier: string;
let manager: string;
let deviceId: string;

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  await t.ok(
    'users.create',
    {
      username: 'mary',
      displayName: 'Mary Manager',
      role: 'manager',
      password: 'manager pass 1',
      passwordConfirm: 'manager pass 1',
    },
    { token: admin },
  );
  manager = (await t.ok('auth.login', { username: 'mary', password: 'manager pass 1' })).token;
  const seed = await seedRegistry(t, admin);
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: admin },
  );
  deviceId = (
    await t.ok(
      'devices.create',
      {
        modelId: seed.shs.id,
        serial: 'SHS-0001',
        villageId: seed.village.id,
        customerId: customer.id,
        openpaygo: { key: KEY, startingCode: 516959010, count: 0 },
      },
      { token: admin },
    )
  ).id;
  await t.ok('devices.setPaygPlan', { deviceId, dailyPriceMinor: 100 }, { token: admin });
});
afterEach(() => t.close());

async function take(amountMinor: number, method: 'cash' | 'mobile_money', token = cashier) {
  const r = await t.call(
    'payments.record',
    {
      submissionKey: randomUUID(),
      deviceId,
      amountMinor,
      method,
      ...(method === 'mobile_money' ? { reference: 'MM-1' } : {}),
    },
    { token },
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('day-end', () => {
  it("adds up one cashier's day by method, with reversals and tokens", async () => {
    const a = await take(1_000, 'cash');
    await take(2_500, 'mobile_money');
    await take(700, 'cash');
    await t.ok(
      'payments.reverse',
      { paymentId: a.payment.id, reason: 'wrong device' },
      { token: manager },
    );
    // The manager's reversal is on the manager's day, not the cashier's.
    const report = await t.ok('dayEnd.report', {}, { token: cashier });
    expect(report).toMatchObject({
      day: '2026-11-22',
      cashier: 'bola',
      cashierDisplayName: 'Bola Cashier',
      byMethod: [
        { method: 'cash', payments: 2, amountMinor: 1_700 },
        { method: 'mobile_money', payments: 1, amountMinor: 2_500 },
      ],
      receipts: { count: 3, first: 'LAG-R-000001', last: 'LAG-R-000003' },
      reversals: { count: 0, amountMinor: 0 },
      grossMinor: 4_200,
      netMinor: 4_200,
      tokens: { openpaygo: 3, stsPending: 0, stsRecorded: 0 },
      cash: { expectedMinor: 1_700, countedMinor: null, differenceMinor: null },
      closed: null,
    });
    // The method lines add up to the net total.
    expect(report.byMethod.reduce((sum, m) => sum + m.amountMinor, 0)).toBe(report.netMinor);
    const mary = await t.ok('dayEnd.report', { cashier: 'mary' }, { token: manager });
    expect(mary).toMatchObject({
      receipts: { count: 1 },
      reversals: { count: 1, amountMinor: -1_000 },
      byMethod: [{ method: 'cash', payments: 0, amountMinor: -1_000 }],
      netMinor: -1_000,
    });
    const list = await t.ok('dayEnd.cashiers', {}, { token: manager });
    expect(list.rows.map((r) => [r.cashier, r.receipts, r.netMinor, r.closed])).toEqual([
      ['bola', 3, 4_200, null],
      ['mary', 1, -1_000, null],
    ]);
  });

  it('counts a payment in the local day it was taken (Africa/Lagos is UTC+1)', async () => {
    // 08:00Z on the test clock; 15 hours later it is 00:00 local on the 23rd.
    await take(1_000, 'cash');
    t.clock.advance(15 * HOUR_MS);
    cashier = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' })).token;
    await take(300, 'cash');
    expect((await t.ok('dayEnd.report', { day: '2026-11-22' }, { token: cashier })).netMinor).toBe(
      1_000,
    );
    expect((await t.ok('dayEnd.report', {}, { token: cashier })).day).toBe('2026-11-23');
    expect((await t.ok('dayEnd.report', {}, { token: cashier })).netMinor).toBe(300);
  });

  it('lets a cashier see only their own day, and refuses days not come yet', async () => {
    expect(await t.call('dayEnd.report', { cashier: 'mary' }, { token: cashier })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await t.call('dayEnd.report', { day: '2026-11-23' }, { token: cashier })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'day' }] } },
    });
    expect(await t.call('dayEnd.close', { cashier: 'bola' }, { token: cashier })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('keeps the cash the manager counted and the difference; the PDF shows both', async () => {
    await take(1_000, 'cash');
    await take(2_500, 'mobile_money');
    await take(700, 'cash');
    // A negative or fractional count is refused and closes nothing.
    for (const countedCashMinor of [-1, 10.5]) {
      expect(
        await t.call('dayEnd.close', { cashier: 'bola', countedCashMinor }, { token: manager }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', details: { issues: [{ field: 'countedCashMinor' }] } },
      });
    }
    const closed = await t.ok(
      'dayEnd.close',
      { cashier: 'bola', countedCashMinor: 1_650 },
      { token: manager },
    );
    expect(closed.cash).toEqual({
      expectedMinor: 1_700,
      countedMinor: 1_650,
      differenceMinor: -50,
    });
    const kept = await t.ok('dayEnd.report', { cashier: 'bola' }, { token: manager });
    expect(kept.cash).toEqual(closed.cash);
    const pdf = await t.ok('dayEnd.pdf', { cashier: 'bola' }, { token: manager });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: Buffer.from(pdf.pdfBase64, 'base64'),
    }).toString('utf8');
    expect(text).toMatch(/Cash expected in drawer\s+17\.00 NGN/);
    expect(text).toMatch(/Cash counted\s+16\.50 NGN/);
    expect(text).toMatch(/Difference \(counted - expected\)\s+-0\.50 NGN/);
    // Method lines, then the net total they add up to.
    expect(text).toMatch(
      /Cash \(2\)\s+17\.00 NGN[\s\S]*Mobile money \(1\)\s+25\.00 NGN[\s\S]*Net total\s+42\.00 NGN/,
    );
  });

  it('a manager closes the day: the report is kept and the cashier takes no more payments', async () => {
    await take(1_000, 'cash');
    const closed = await t.ok('dayEnd.close', { cashier: 'bola' }, { token: manager });
    expect(closed).toMatchObject({ netMinor: 1_000, closed: { by: 'mary' } });

    const before = snapshot(t.core);
    const refused = await t.call(
      'payments.record',
      { submissionKey: randomUUID(), deviceId, amountMinor: 500, method: 'cash' },
      { token: cashier },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!refused.ok) expect(refused.error.message).toContain('was closed by mary');
    expect(snapshot(t.core)).toBe(before);
    expect(await t.call('dayEnd.close', { cashier: 'bola' }, { token: manager })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    // Another cashier's day is still open, and the closed report reads as it was closed.
    await take(400, 'cash', manager);
    const report = await t.ok('dayEnd.report', {}, { token: cashier });
    expect(report).toMatchObject({ netMinor: 1_000, closed: { by: 'mary' } });

    const pdf = await t.ok('dayEnd.pdf', { cashier: 'bola' }, { token: manager });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: Buffer.from(pdf.pdfBase64, 'base64'),
    }).toString('utf8');
    expect(text).toContain('Z REPORT - DAY END');
    expect(text).toContain('Bola Cashier (bola)');
    expect(text).toContain('10.00 NGN');
    expect(text).toContain('Closed by mary');
    const again = await t.ok('dayEnd.pdf', { cashier: 'bola' }, { token: manager });
    expect(again.pdfBase64).toBe(pdf.pdfBase64);
  });
});
