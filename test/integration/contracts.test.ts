// Appliance contracts on a real temporary database (docs/appliances.md): a sale with its down
// payment and token, payments at the counter (days, a late one, the unlock at payoff exactly once,
// retries), the overdue list and PAR, reschedule, write-off, repossession, transfer, and the bad
// input of the issue refused with the field named and nothing written. Tokens are entered into
// the project's OpenPAYGO device simulator.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDevice,
  enterToken,
  isActive,
  passDays,
  remainingDays,
  type DeviceState,
} from '../../src/domain/openpaygo/device';
import { contractStanding } from '../../src/domain/contracts/portfolio';
import { openTestCore, setUpOffice, snapshot, tempDir, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const STARTING_CODE = 516959010;
const DAY = 86_400_000;

let t: TestCore;
let admin: string;
let cashier: string;
let manager: string;
let clerk: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
let customerId: string;
let kitId: string;
let fridgeId: string;

async function user(role: 'manager' | 'clerk', username: string): Promise<string> {
  await t.ok(
    'users.create',
    {
      username,
      displayName: username,
      role,
      password: `${username} pass 1`,
      passwordConfirm: `${username} pass 1`,
    },
    { token: admin },
  );
  return (await t.ok('auth.login', { username, password: `${username} pass 1` })).token;
}

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  manager = await user('manager', 'mary');
  clerk = await user('clerk', 'carl');
  seed = await seedRegistry(t, admin);
  customerId = (
    await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
      { token: admin },
    )
  ).id;
  kitId = (
    await t.ok(
      'appliances.create',
      { name: 'Home 200 kit', type: 'shs', priceMinor: 1_300_000 },
      { token: admin },
    )
  ).id;
  fridgeId = (
    await t.ok(
      'appliances.create',
      { name: 'Solar fridge', type: 'fridge', priceMinor: 500_000 },
      { token: admin },
    )
  ).id;
});
afterEach(() => t.close());

async function stockShs(serial = 'SHS-0001'): Promise<string> {
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial,
      villageId: seed.village.id,
      openpaygo: { key: KEY, startingCode: STARTING_CODE, count: 0 },
    },
    { token: admin },
  );
  return device.id;
}

function sellShs(deviceId: string, overrides: Record<string, unknown> = {}) {
  return t.call(
    'contracts.sell',
    {
      submissionKey: randomUUID(),
      customerId,
      applianceId: kitId,
      deviceId,
      downPaymentMinor: 100_000,
      method: 'cash',
      // 12,000.00 over 12 weeks from 29 November (sale on 22 November).
      plan: {
        kind: 'instalments',
        instalmentCount: 12,
        frequency: 'weekly',
        firstDueDate: '2026-11-29',
      },
      ...overrides,
    } as never,
    { token: clerk },
  );
}

async function sellShsOk(deviceId: string) {
  const result = await sellShs(deviceId);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Time passes; sessions end after 12 idle hours, so the staff sign in again. */
async function later(days: number): Promise<void> {
  t.clock.advance(days * DAY);
  cashier = (await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' })).token;
  manager = (await t.ok('auth.login', { username: 'mary', password: 'mary pass 1' })).token;
  admin = (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' })).token;
  clerk = (await t.ok('auth.login', { username: 'carl', password: 'carl pass 1' })).token;
}

function payAtCounter(deviceId: string, amountMinor: number, submissionKey = randomUUID()) {
  return t.call(
    'payments.record',
    { submissionKey, deviceId, amountMinor, method: 'cash' },
    { token: cashier },
  );
}

function enter(device: DeviceState, tokens: { token: string }[]): DeviceState {
  let state = device;
  for (const tk of tokens) {
    const entry = enterToken(state, tk.token);
    expect(entry.result, entry.reason).toBe('accepted');
    state = entry.state;
  }
  return state;
}

/** The error of a refused call, or undefined when it was accepted. */
function errorOf(result: { ok: boolean }): { code: string; message: string } | undefined {
  return 'error' in result ? (result.error as { code: string; message: string }) : undefined;
}

function expectRefused(
  result: { ok: boolean; error?: { code: string; details?: unknown } },
  field: string,
) {
  expect(result.ok).toBe(false);
  expect(result.error?.code).toBe('VALIDATION');
  const issues = (result.error?.details as { issues: { field: string }[] }).issues;
  expect(issues.map((i) => i.field)).toContain(field);
}

describe('a 12-week SHS contract from sale to payoff', () => {
  it('sells with a down payment and token, takes three payments (one late), unlocks once', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    expect(sale.contract).toMatchObject({
      number: 'LAG-C-000001',
      item: 'Home 200 kit SHS-0001',
      priceMinor: 1_300_000,
      downPaymentMinor: 100_000,
      paidMinor: 100_000,
      status: 'active',
    });
    expect(sale.instalments).toHaveLength(12);
    expect(sale.instalments.map((i) => i.amountMinor)).toEqual(Array(12).fill(100_000));
    expect(sale.payment?.receiptNumber).toBe('LAG-R-000001');
    // The down payment covers the week until the first due date: one 7-day token.
    expect(sale.tokens.map((x) => [x.type, x.days])).toEqual([['ADD_TIME', 7]]);
    const { device } = await t.ok('devices.get', { id: deviceId }, { token: admin });
    expect(device).toMatchObject({ customer: { id: customerId }, status: 'installed' });

    let sim = createDevice({ keyHex: KEY, startingCode: STARTING_CODE });
    sim = enter(sim, sale.tokens);
    expect(remainingDays(sim)).toBe(7);

    // 1. On time, at the counter by device: the first instalment buys its week.
    const first = await payAtCounter(deviceId, 100_000);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value.allocations).toEqual([
      { kind: 'contract', amountMinor: 100_000, days: 7, wh: null, refId: sale.contract.id },
    ]);
    sim = enter(sim, first.value.tokens);
    expect(remainingDays(sim)).toBe(14);

    // 2. Three weeks pass; on 13 December the second instalment (6 December) is 7 days late.
    await later(21);
    sim = passDays(sim, 21);
    expect(isActive(sim)).toBe(false);
    const late = await t.ok('contracts.overdue', {}, { token: manager });
    expect(late.rows).toEqual([
      expect.objectContaining({
        number: 'LAG-C-000001',
        daysLate: 7,
        // Instalments of 6 and 13 December: the one due today is not late yet.
        arrearsMinor: 100_000,
        outstandingMinor: 1_100_000,
      }),
    ]);
    const par = await t.ok('contracts.portfolio', {}, { token: manager });
    expect(par.par).toEqual([
      { days: 7, atRiskMinor: 0, shareBp: 0 },
      { days: 30, atRiskMinor: 0, shareBp: 0 },
      { days: 90, atRiskMinor: 0, shareBp: 0 },
    ]);
    await later(1);
    const par8 = await t.ok('contracts.portfolio', {}, { token: manager });
    expect(par8.par[0]).toEqual({ days: 7, atRiskMinor: 1_100_000, shareBp: 10_000 });

    // The late payment: 150,000 pays the 6 December instalment and half of the next.
    const second = await t.ok(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 150_000,
        method: 'cash',
      },
      { token: cashier },
    );
    expect(second.allocations[0]).toMatchObject({
      kind: 'contract',
      amountMinor: 150_000,
      days: 10,
    });
    sim = enter(sim, second.tokens);
    expect(remainingDays(sim)).toBe(10);
    expect(second.contract.standing).toMatchObject({ daysLate: 1, arrearsMinor: 50_000 });

    // 3. The rest in one go, with 30,000 too much: paid off, the unlock token, credit kept.
    const key = randomUUID();
    const payoff = await payAtCounter(deviceId, 980_000, key);
    if (!payoff.ok) throw new Error(JSON.stringify(payoff.error));
    expect(payoff.value.allocations).toEqual([
      { kind: 'contract', amountMinor: 950_000, days: null, wh: null, refId: sale.contract.id },
      { kind: 'credit', amountMinor: 30_000, days: null, wh: null, refId: null },
    ]);
    expect(payoff.value.tokens.map((x) => x.type)).toEqual(['DISABLE_PAYG']);
    sim = enter(sim, payoff.value.tokens);
    expect(sim.unlocked).toBe(true);
    expect(isActive(passDays(sim, 1000))).toBe(true);

    // The retried submission finds the first: the same token, no second unlock.
    const rows = () =>
      t.core.deps.raw
        .prepare("SELECT (SELECT count(*) FROM payments) || '/' || (SELECT count(*) FROM tokens)")
        .pluck()
        .get();
    const before = rows();
    const retry = await payAtCounter(deviceId, 980_000, key);
    if (!retry.ok) throw new Error(JSON.stringify(retry.error));
    expect(retry.value.duplicate).toBe(true);
    expect(retry.value.tokens).toEqual(payoff.value.tokens);
    const unlocks = t.core.deps.raw
      .prepare("SELECT count(*) FROM tokens WHERE device_id = ? AND type = 'DISABLE_PAYG'")
      .pluck()
      .get(deviceId);
    expect(unlocks).toBe(1);
    expect(rows()).toBe(before);

    const after = await t.ok('contracts.get', { id: sale.contract.id }, { token: admin });
    expect(after.contract).toMatchObject({ status: 'paid_off', paidMinor: 1_300_000 });
    expect(after.instalments.every((i) => i.outstandingMinor === 0)).toBe(true);
    expect(after.events.map((e) => e.event)).toEqual(['sold', 'paid_off']);

    // The receipt says so.
    const receipt = await t.ok(
      'receipts.pdf',
      { paymentId: payoff.value.payment.id, layout: 'a4', reprint: false },
      { token: cashier },
    );
    expect(receipt.pdfBase64.length).toBeGreaterThan(100);

    // A closed contract takes no more money: refused, nothing written.
    const state = snapshot(t.core);
    const again = await t.call(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 1_000,
        method: 'cash',
      },
      { token: cashier },
    );
    expectRefused(again, 'contractId');
    expect(snapshot(t.core)).toBe(state);
  });
});

describe('a reversal of the payment that paid a contract off', () => {
  it('reopens the contract, keeps its unlock token recorded and issues no second one', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    const payoff = await payAtCounter(deviceId, 1_200_000);
    if (!payoff.ok) throw new Error(JSON.stringify(payoff.error));
    expect(payoff.value.tokens.map((x) => x.type)).toEqual(['DISABLE_PAYG']);

    const reversed = await t.ok(
      'payments.reverse',
      { paymentId: payoff.value.payment.id, reason: 'cheque bounced' },
      { token: manager },
    );
    expect(reversed.tokensKept).toBe(1);
    expect(reversed.message).toContain('LAG-C-000001 is open again');
    const after = await t.ok('contracts.get', { id: sale.contract.id }, { token: admin });
    expect(after.contract).toMatchObject({
      status: 'active',
      paidMinor: 100_000,
      standing: { outstandingMinor: 1_200_000 },
    });
    expect(after.events.map((e) => e.event)).toEqual(['sold', 'paid_off', 'reopened']);
    // On the lists again once late (the first instalment fell due on 29 November).
    await later(10);
    const late = await t.ok('contracts.overdue', {}, { token: manager });
    expect(late.rows.map((r) => [r.number, r.daysLate])).toEqual([['LAG-C-000001', 3]]);

    // Paid off again: no second unlock token, no days for a device that runs for good.
    const part = await payAtCounter(deviceId, 100_000);
    if (!part.ok) throw new Error(JSON.stringify(part.error));
    expect(part.value.tokens).toEqual([]);
    const again = await payAtCounter(deviceId, 1_100_000);
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(again.value.tokens).toEqual([]);
    const unlocks = t.core.deps.raw
      .prepare("SELECT count(*) FROM tokens WHERE device_id = ? AND type = 'DISABLE_PAYG'")
      .pluck()
      .get(deviceId);
    expect(unlocks).toBe(1);
    const closed = await t.ok('contracts.get', { id: sale.contract.id }, { token: admin });
    expect(closed.contract.status).toBe('paid_off');
  });

  it('leaves a written-off contract closed, only lowering what it was paid', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    const paid = await payAtCounter(deviceId, 100_000);
    if (!paid.ok) throw new Error(JSON.stringify(paid.error));
    await t.ok(
      'contracts.writeOff',
      { contractId: sale.contract.id, reason: 'moved away' },
      { token: manager },
    );
    await t.ok(
      'payments.reverse',
      { paymentId: paid.value.payment.id, reason: 'wrong customer' },
      { token: manager },
    );
    const after = await t.ok('contracts.get', { id: sale.contract.id }, { token: admin });
    expect(after.contract).toMatchObject({ status: 'written_off', paidMinor: 100_000 });
  });
});

describe('a per-day contract without a device', () => {
  it('sells a fridge per day with a minimum and pays it off at the unlock total', async () => {
    const sale = await t.ok(
      'contracts.sell',
      {
        submissionKey: randomUUID(),
        customerId,
        applianceId: fridgeId,
        downPaymentMinor: 20_000,
        method: 'cash',
        plan: {
          kind: 'per_day',
          dailyPriceMinor: 5_000,
          minimumPaymentMinor: 20_000,
          unlockTotalMinor: 100_000,
        },
      },
      { token: clerk },
    );
    expect(sale.tokens).toEqual([]);
    const below = await t.call(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 15_000,
        method: 'cash',
      },
      { token: cashier },
    );
    expectRefused(below, 'amountMinor');
    const paid = await t.ok(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 22_000,
        method: 'cash',
      },
      { token: cashier },
    );
    expect(paid.allocations).toEqual([
      { kind: 'contract', amountMinor: 20_000, days: null, wh: null, refId: sale.contract.id },
      { kind: 'credit', amountMinor: 2_000, days: null, wh: null, refId: null },
    ]);
    // The 2,000 credit joins the next payment: 58,000 + 2,000 completes the 100,000.
    const last = await t.ok(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 58_000,
        method: 'cash',
      },
      { token: cashier },
    );
    expect(last.paidOff).toBe(true);
    expect(last.contract.status).toBe('paid_off');
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  it('down payment above the price, zero instalments, device not in stock or under contract', async () => {
    const deviceId = await stockShs();
    const before = snapshot(t.core);
    expectRefused(await sellShs(deviceId, { downPaymentMinor: 1_300_000 }), 'downPaymentMinor');
    expectRefused(
      await sellShs(deviceId, {
        plan: {
          kind: 'instalments',
          instalmentCount: 0,
          frequency: 'weekly',
          firstDueDate: '2026-11-29',
        },
      }),
      'plan.instalmentCount',
    );
    expectRefused(
      await sellShs(deviceId, {
        plan: {
          kind: 'instalments',
          instalmentCount: -3,
          frequency: 'weekly',
          firstDueDate: '2026-11-29',
        },
      }),
      'plan.instalmentCount',
    );
    expectRefused(
      await sellShs(deviceId, {
        plan: {
          kind: 'instalments',
          instalmentCount: 4,
          frequency: 'weekly',
          firstDueDate: '2026-11-22',
        },
      }),
      'plan.firstDueDate',
    );
    expectRefused(await sellShs(deviceId, { priceMinor: 900_000 }), 'priceReason');
    expectRefused(await sellShs(deviceId, { deviceId: undefined }), 'deviceId');
    expect(snapshot(t.core)).toBe(before);

    await sellShsOk(deviceId);
    // The same device again: under contract (and so not in stock either).
    const under = await sellShs(deviceId);
    expectRefused(under, 'deviceId');
    expect(under.ok ? '' : under.error.message).toContain('already under contract LAG-C-000001');

    // A device handed out without a contract is not in stock.
    const other = await stockShs('SHS-0002');
    await t.ok('devices.assign', { id: other, customerId }, { token: admin });
    const state = snapshot(t.core);
    const notInStock = await sellShs(other);
    expectRefused(notInStock, 'deviceId');
    expect(notInStock.ok ? '' : notInStock.error.message).toContain('not in stock');
    expect(snapshot(t.core)).toBe(state);
  });

  it('checks roles in the core: a cashier cannot sell, write off or reschedule', async () => {
    const deviceId = await stockShs();
    const forbidden = await t.call(
      'contracts.sell',
      {
        submissionKey: randomUUID(),
        customerId,
        applianceId: kitId,
        deviceId,
        downPaymentMinor: 0,
        plan: {
          kind: 'instalments',
          instalmentCount: 2,
          frequency: 'weekly',
          firstDueDate: '2026-11-29',
        },
      },
      { token: cashier },
    );
    expect(forbidden.ok ? '' : forbidden.error.code).toBe('FORBIDDEN');
    const sale = await sellShsOk(deviceId);
    const writeOff = await t.call(
      'contracts.writeOff',
      { contractId: sale.contract.id, reason: 'gone' },
      { token: cashier },
    );
    expect(writeOff.ok ? '' : writeOff.error.code).toBe('FORBIDDEN');
  });
});

describe('contract life', () => {
  it('reschedules unpaid instalments only and refuses a paid-off contract', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    // Two instalments and 40,000 of the third.
    await t.ok(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 240_000,
        method: 'cash',
      },
      { token: cashier },
    );
    const before = await t.ok('contracts.get', { id: sale.contract.id }, { token: admin });
    const result = await t.ok(
      'contracts.reschedule',
      {
        contractId: sale.contract.id,
        instalmentCount: 4,
        frequency: 'monthly',
        firstDueDate: '2027-01-10',
        reason: 'harvest failed',
      },
      { token: manager },
    );
    expect(result.instalments.slice(0, 2)).toEqual(before.instalments.slice(0, 2));
    expect(result.instalments.map((i) => [i.seq, i.dueDate, i.amountMinor, i.paidMinor])).toEqual([
      [1, '2026-11-29', 100_000, 100_000],
      [2, '2026-12-06', 100_000, 100_000],
      [3, '2026-12-13', 40_000, 40_000],
      [13, '2027-01-10', 240_000, 0],
      [14, '2027-02-10', 240_000, 0],
      [15, '2027-03-10', 240_000, 0],
      [16, '2027-04-10', 240_000, 0],
    ]);
    expect(result.contract.paidMinor).toBe(340_000);

    await t.ok(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: sale.contract.id,
        amountMinor: 960_000,
        method: 'cash',
      },
      { token: cashier },
    );
    const state = snapshot(t.core);
    const refused = await t.call(
      'contracts.reschedule',
      {
        contractId: sale.contract.id,
        instalmentCount: 2,
        frequency: 'weekly',
        firstDueDate: '2027-06-01',
        reason: 'again',
      },
      { token: manager },
    );
    expectRefused(refused, 'contractId');
    expect(snapshot(t.core)).toBe(state);
  });

  it('writes off (out of the portfolio, still visible), repossesses with the token state kept, transfers', async () => {
    const d1 = await stockShs('SHS-0001');
    const d2 = await stockShs('SHS-0002');
    const a = await sellShsOk(d1);
    const b = await sellShsOk(d2);
    const other = await t.ok(
      'customers.create',
      { firstName: 'Bala', lastName: 'Musa', villageId: seed.village.id },
      { token: admin },
    );
    const moved = await t.ok(
      'contracts.transfer',
      { contractId: b.contract.id, customerId: other.id, reason: 'sold his shop' },
      { token: manager },
    );
    expect(moved.contract.customer.id).toBe(other.id);
    expect((await t.ok('devices.get', { id: d2 }, { token: admin })).device.customer?.id).toBe(
      other.id,
    );

    const off = await t.ok(
      'contracts.writeOff',
      { contractId: a.contract.id, reason: 'moved away' },
      { token: manager },
    );
    expect(off.contract).toMatchObject({ status: 'written_off', writtenOffMinor: 1_200_000 });
    const figures = await t.ok('contracts.portfolio', {}, { token: manager });
    expect(figures).toMatchObject({
      activeContracts: 1,
      outstandingMinor: 1_200_000,
      writtenOff: { count: 1, amountMinor: 1_200_000 },
    });
    const listed = await t.ok('contracts.list', { customerId }, { token: admin });
    expect(listed.rows.map((r) => r.status)).toEqual(['written_off']);

    const count = () =>
      t.core.deps.raw
        .prepare('SELECT count FROM openpaygo_devices WHERE device_id = ?')
        .pluck()
        .get(d1);
    const countBefore = count();
    const back = await t.ok(
      'contracts.repossess',
      { contractId: a.contract.id, reason: 'collected by the agent' },
      { token: manager },
    );
    expect(back.contract.status).toBe('repossessed');
    expect((await t.ok('devices.get', { id: d1 }, { token: admin })).device).toMatchObject({
      status: 'in_stock',
      customer: null,
    });
    expect(count()).toBe(countBefore);
    // Back in stock, it can be sold again, its tokens continuing from its count.
    const resold = await sellShsOk(d1);
    expect(resold.tokens[0]?.count).toBeGreaterThan(countBefore as number);
  });
});

describe('cancelling within the days Settings allow', () => {
  it('refunds every payment through reversals, puts the device back in stock, and refuses the rest', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    await later(3);
    const paid = await payAtCounter(deviceId, 150_000);
    if (!paid.ok) throw new Error(JSON.stringify(paid.error));
    const creditBefore = (await t.ok('payments.list', { customerId }, { token: manager }))
      .creditBalanceMinor;

    // A cashier may not cancel: the core says so.
    const denied = await t.call(
      'contracts.cancel',
      { contractId: sale.contract.id, reason: 'changed her mind' },
      { token: cashier },
    );
    expect(denied.ok).toBe(false);
    expect(errorOf(denied)?.code).toBe('FORBIDDEN');

    await later(4); // 7 days after the sale: the last day of the default window.
    const done = await t.ok(
      'contracts.cancel',
      { contractId: sale.contract.id, reason: 'changed her mind' },
      { token: manager },
    );
    expect(done.refundedMinor).toBe(250_000);
    expect(done.refunds.map((r) => r.amountMinor)).toEqual([-100_000, -150_000]);
    expect(done.message).toContain('Give back');
    expect(done.contract).toMatchObject({ status: 'cancelled', statusReason: 'changed her mind' });
    // Money never lost: the customer's payments net to nothing, their credit is unchanged.
    const list = await t.ok('payments.list', { customerId }, { token: manager });
    expect(list.totalAmountMinor).toBe(0);
    expect(list.creditBalanceMinor).toBe(creditBefore);
    expect((await t.ok('devices.get', { id: deviceId }, { token: admin })).device).toMatchObject({
      status: 'in_stock',
      customer: null,
    });
    const got = await t.ok('contracts.get', { id: sale.contract.id }, { token: admin });
    expect(got.events.map((e) => e.event)).toEqual(['sold', 'cancelled']);
    expect(got.contract.paidMinor).toBe(0);
    const audit = t.core.deps.raw
      .prepare("SELECT summary FROM audit_log WHERE command = 'contracts.cancel'")
      .pluck()
      .all();
    expect(audit).toEqual([expect.stringContaining('changed her mind')]);

    // Refused, naming the contract, nothing written: already closed; too late; paid off.
    const state = snapshot(t.core);
    const again = await t.call(
      'contracts.cancel',
      { contractId: sale.contract.id, reason: 'again' },
      { token: manager },
    );
    expectRefused(again, 'contractId');
    expect(errorOf(again)?.message).toContain('is cancelled');
    expect(snapshot(t.core)).toBe(state);

    const resale = await sellShs(deviceId, {
      plan: {
        kind: 'instalments',
        instalmentCount: 12,
        frequency: 'weekly',
        firstDueDate: '2026-12-06',
      },
    });
    if (!resale.ok) throw new Error(JSON.stringify(resale.error));
    const late = resale.value;
    await later(8);
    const tooLate = await t.call(
      'contracts.cancel',
      { contractId: late.contract.id, reason: 'too late' },
      { token: manager },
    );
    expectRefused(tooLate, 'contractId');
    expect(errorOf(tooLate)?.message).toContain('can be cancelled up to 7 days after its sale');

    const other = await sellShs(await stockShs('SHS-0002'), {
      plan: {
        kind: 'instalments',
        instalmentCount: 12,
        frequency: 'weekly',
        firstDueDate: '2026-12-20',
      },
    });
    if (!other.ok) throw new Error(JSON.stringify(other.error));
    const off = await t.call(
      'contracts.pay',
      {
        submissionKey: randomUUID(),
        contractId: other.value.contract.id,
        amountMinor: 1_200_000,
        method: 'cash',
      },
      { token: cashier },
    );
    expect(off.ok).toBe(true);
    const paidOff = await t.call(
      'contracts.cancel',
      { contractId: other.value.contract.id, reason: 'no' },
      { token: manager },
    );
    expectRefused(paidOff, 'contractId');
    expect(errorOf(paidOff)?.message).toContain('is paid off');
  });
});

describe('reminders outbox', () => {
  it('makes due and overdue reminders once a day per contract, lists them and gives their CSV', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    await t.ok('customers.update', { id: customerId, phone: '+2348030000001' }, { token: admin });
    // 22 November: the first instalment (29 November) is 7 days away: no reminder yet.
    expect(await t.ok('contracts.remindersGenerate', {}, { token: manager })).toMatchObject({
      day: '2026-11-22',
      created: 0,
    });
    // 26 November: due in 3 days.
    await later(4);
    const { runHousekeeping } = await import('../../src/core/housekeeping');
    await runHousekeeping(t.core);
    await runHousekeeping(t.core);
    expect(await t.ok('contracts.remindersGenerate', {}, { token: manager })).toEqual({
      day: '2026-11-26',
      created: 0,
      alreadyMade: 1,
    });
    const due = await t.ok('contracts.reminders', {}, { token: cashier });
    expect(due.rows).toEqual([
      expect.objectContaining({
        number: sale.contract.number,
        kind: 'due',
        amountMinor: 100_000,
        dueDate: '2026-11-29',
        phone: '+2348030000001',
        village: seed.village.name,
      }),
    ]);
    expect(due.rows[0]?.message).toContain('1,000.00 NGN is due on 2026-11-29');

    // 9 December: 10 days late on the 29 November instalment, two instalments in arrears.
    await later(13);
    await t.ok('contracts.remindersGenerate', {}, { token: manager });
    const late = await t.ok('contracts.reminders', { format: 'csv' }, { token: cashier });
    expect(late.rows).toEqual([
      expect.objectContaining({ kind: 'overdue', daysLate: 10, amountMinor: 200_000 }),
    ]);
    expect(late.csv?.split('\r\n')[0]).toBe(
      'contract,account,customer,village,phone,kind,amount,days late,due date,message',
    );
    expect(late.csv).toContain(`${sale.contract.number},`);
    expect(late.csv).toContain(',overdue,2000.00,10,2026-11-29,');
    // Yesterday's list is still there; the outbox is append-only.
    expect(
      (await t.ok('contracts.reminders', { day: '2026-11-26' }, { token: cashier })).rows,
    ).toHaveLength(1);
    expect(() =>
      t.core.deps.raw.prepare("UPDATE contract_reminders SET kind = 'due'").run(),
    ).toThrow(/append-only/);
  });
});

describe('the printed call list', () => {
  it("prints a day's reminders on A4 with phone, village, days late, amount and last payment", async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    await t.ok('customers.update', { id: customerId, phone: '+2348030000001' }, { token: admin });
    // 1 December: one instalment (29 Nov) paid on 1 December; then a reversed payment on the
    // same day that must not show as the last payment.
    await later(9);
    expect((await payAtCounter(deviceId, 100_000)).ok).toBe(true);
    const wrong = await payAtCounter(deviceId, 50_000);
    if (!wrong.ok) throw new Error('payment refused');
    await t.ok(
      'payments.reverse',
      { paymentId: wrong.value.payment.id, reason: 'wrong customer' },
      { token: admin },
    );
    // 16 December: the 6 December instalment is 10 days late, 2 instalments in arrears.
    await later(15);
    await t.ok('contracts.remindersGenerate', {}, { token: manager });
    const printed = await t.ok('contracts.callListPdf', {}, { token: cashier });
    expect(printed.fileName).toBe('call-list-2026-12-16.pdf');
    const dir = tempDir();
    try {
      const file = join(dir.path, printed.fileName);
      writeFileSync(file, Buffer.from(printed.pdfBase64, 'base64'));
      const run = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const text = run.stdout;
      for (const expected of [
        'CALL LIST',
        '16 Dec 2026',
        'To call: 1 (1 overdue, 0 due soon)',
        'Amina Bello',
        '+2348030000001',
        seed.village.name,
        sale.contract.number,
        '2,000.00',
        // The last payment is the 1,000.00 of 1 December, not the reversed 500.00.
        '01 Dec 2026',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).toMatch(/\b10\b/);
      expect(text).not.toContain('500.00');
    } finally {
      dir.remove();
    }
    expect(
      t.core.deps.raw
        .prepare("SELECT summary FROM audit_log WHERE command = 'contracts.callListPdf'")
        .pluck()
        .all(),
    ).toEqual(['Printed the call list of 2026-12-16: 1 to call']);
  });
});

describe('repayment curves by cohort in the portfolio', () => {
  it('reads what a sales month repaid 30 days after each sale, counting unpaid contracts too', async () => {
    const a = await stockShs('SHS-0001');
    await sellShsOk(a);
    // A second sale without a down payment, never paid: it still counts in the cohort's price.
    const b = await sellShs(await stockShs('SHS-0002'), { downPaymentMinor: 0 });
    expect(b.ok).toBe(true);
    await later(3);
    const paid = await payAtCounter(a, 150_000);
    expect(paid.ok).toBe(true);
    await later(28); // 23 December: 31 days after the sales.
    const figures = await t.ok('contracts.cohorts', {}, { token: manager });
    expect(figures.cohorts).toEqual([
      {
        month: '2026-11',
        contracts: 2,
        priceMinor: 2_600_000,
        curve: [
          { days: 30, shareBp: 962 }, // 250,000 / 2,600,000
          { days: 60, shareBp: null },
          { days: 90, shareBp: null },
          { days: 180, shareBp: null },
        ],
      },
    ]);
  });
});

describe('the database finds the same standing as the domain', () => {
  it('on every day of a rescheduled, part-paid schedule', async () => {
    const deviceId = await stockShs();
    const sale = await sellShsOk(deviceId);
    const id = sale.contract.id;
    const pay = (amountMinor: number) =>
      t.ok(
        'contracts.pay',
        { submissionKey: randomUUID(), contractId: id, amountMinor, method: 'cash' },
        { token: cashier },
      );
    await pay(130_000);
    await t.ok(
      'contracts.reschedule',
      {
        contractId: id,
        instalmentCount: 5,
        frequency: 'monthly',
        firstDueDate: '2027-01-31',
        reason: 'test',
      },
      { token: manager },
    );
    await pay(45_000);
    for (let day = 0; day < 200; day += 3) {
      const asOf = new Date(Date.UTC(2026, 10, 22 + day)).toISOString().slice(0, 10);
      const { contract, instalments } = await t.ok('contracts.get', { id, asOf }, { token: admin });
      const terms = {
        plan: 'instalments' as const,
        price: contract.priceMinor,
        downPayment: contract.downPaymentMinor,
        instalments: instalments.map((i) => ({
          seq: i.seq,
          dueDate: i.dueDate,
          amount: i.amountMinor,
          periodDays: i.periodDays,
        })),
        dailyPrice: null,
        minimumPayment: null,
        unlockTotal: null,
      };
      const expected = contractStanding(terms, contract.paidMinor, contract.saleDate, asOf, 0);
      expect(contract.standing, asOf).toEqual({
        outstandingMinor: expected.outstanding,
        arrearsMinor: expected.arrears,
        daysLate: expected.daysLate,
        overdue: expected.overdue,
        oldestUnpaidDue: expected.oldestUnpaidDue,
      });
    }
  });
});

describe('contracts.pdf', () => {
  it('prints the parties, the item and serial, the money, the whole schedule and signature lines', async () => {
    const deviceId = await stockShs('SHS-0777');
    const sale = await sellShsOk(deviceId);
    const printed = await t.ok('contracts.pdf', { id: sale.contract.id }, { token: clerk });
    expect(printed.fileName).toBe('LAG-C-000001.pdf');
    const dir = tempDir();
    try {
      const file = join(dir.path, printed.fileName);
      writeFileSync(file, Buffer.from(printed.pdfBase64, 'base64'));
      const run = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const text = run.stdout;
      for (const expected of [
        'APPLIANCE CONTRACT',
        'LAG-C-000001',
        'Amina Bello',
        'Home 200 kit SHS-0777',
        '13,000.00',
        '1,000.00',
        '29 Nov 2026',
        '14 Feb 2027',
        'Signature: Customer',
      ]) {
        expect(text).toContain(expected);
      }
      // Twelve instalments of 1,000.00.
      expect(text.match(/\b1,000\.00\b/g)?.length).toBeGreaterThanOrEqual(12);
    } finally {
      dir.remove();
    }
    const audit = t.core.deps.raw
      .prepare("SELECT summary FROM audit_log WHERE command = 'contracts.pdf'")
      .pluck()
      .all();
    expect(audit).toEqual(['Printed contract LAG-C-000001']);
  });

  it("prints the company's terms from Settings, as they were at the sale", async () => {
    const pdfText = async (contractId: string) => {
      const printed = await t.ok('contracts.pdf', { id: contractId }, { token: clerk });
      const dir = tempDir();
      try {
        const file = join(dir.path, printed.fileName);
        writeFileSync(file, Buffer.from(printed.pdfBase64, 'base64'));
        const run = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        return run.stdout.replace(/\s+/g, ' ');
      } finally {
        dir.remove();
      }
    };
    const before = await sellShsOk(await stockShs('SHS-0001'));
    expect(await pdfText(before.contract.id)).toContain(
      '1. The appliance remains the property of the company',
    );

    const terms = 'Kit stays ours until paid.\n\n  Late three weeks: we collect it.  ';
    const saved = await t.ok('settings.update', { contracts: { terms } }, { token: admin });
    expect(saved.contracts).toEqual({
      terms: 'Kit stays ours until paid.\n\n  Late three weeks: we collect it.',
      cancelWithinDays: 7,
    });
    const after = await sellShsOk(await stockShs('SHS-0002'));
    const text = await pdfText(after.contract.id);
    expect(text).toContain('1. Kit stays ours until paid. 2. Late three weeks: we collect it.');
    expect(text).not.toContain('remains the property');
    // A reprint of the earlier contract still says what was signed then.
    expect(await pdfText(before.contract.id)).toContain('remains the property of the company');

    // Empty terms or an impossible cancellation period: refused by name, nothing written.
    const state = snapshot(t.core);
    expectRefused(
      await t.call('settings.update', { contracts: { terms: '   ' } }, { token: admin }),
      'contracts.terms',
    );
    expectRefused(
      await t.call('settings.update', { contracts: { cancelWithinDays: 91 } }, { token: admin }),
      'contracts.cancelWithinDays',
    );
    expect(snapshot(t.core)).toBe(state);
  });
});
