// Supervisor tokens and the token checker on a real temporary database: SET_TIME, DISABLE_PAYG
// and COUNTER_SYNC decode at the next odd count and move the device's count, the warning counts
// unentered ADD_TIME tokens, cashiers are refused with nothing written, and the checker reports
// the stored token, its receipt and whether the device would still accept it.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeToken, encodeToken } from '../../src/domain/openpaygo/token';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const STARTING_CODE = 516959010;

let t: TestCore;
let admin: string;
let cashier: string;
let manager: string;
let deviceId: string;
let registry: Awaited<ReturnType<typeof seedRegistry>>;

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
  registry = seed;
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: admin },
  );
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-0001',
      villageId: seed.village.id,
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: STARTING_CODE, count: 0 },
    },
    { token: admin },
  );
  deviceId = device.id;
  await t.ok('devices.setPaygPlan', { deviceId, dailyPriceMinor: 100 }, { token: admin });
});
afterEach(() => t.close());

function pay(amountMinor: number) {
  return t.ok(
    'payments.record',
    { submissionKey: randomUUID(), deviceId, amountMinor, method: 'cash' },
    { token: cashier },
  );
}

function deviceCount(): number {
  const row = t.core.deps.raw
    .prepare('SELECT count FROM openpaygo_devices WHERE device_id = ?')
    .get(deviceId) as { count: number };
  return row.count;
}

function decode(token: string, lastCount = 0) {
  return decodeToken({ keyHex: KEY, startingCode: STARTING_CODE, lastCount, token });
}

describe('tokens.supervisor', () => {
  it('issues SET_TIME at the next odd count, moves the count and warns of unentered tokens', async () => {
    await pay(500);
    await pay(300);
    expect(deviceCount()).toBe(4);
    const set = await t.ok(
      'tokens.supervisor',
      { deviceId, type: 'SET_TIME', days: 7, reason: 'device clock reset' },
      { token: manager },
    );
    expect(set.count).toBe(5);
    expect(set.type).toBe('SET_TIME');
    expect(decode(set.token, 4)).toEqual({ type: 'SET_TIME', value: 7, count: 5 });
    expect(deviceCount()).toBe(5);
    expect(set.warning).toBe(
      'This SET_TIME cancels 2 ADD_TIME tokens not yet entered on the device',
    );
    const stored = t.core.deps.raw
      .prepare('SELECT payment_id, count, value_raw FROM tokens WHERE token = ?')
      .get(set.token);
    expect(stored).toEqual({ payment_id: null, count: 5, value_raw: 7 });
    const audit = await t.ok('audit.list', {}, { token: admin });
    expect(JSON.stringify(audit)).toMatch(/SET_TIME.*SHS-0001 at count 5: device clock reset/);
    expect(JSON.stringify(audit)).not.toContain(KEY);
  });

  it('decodes DISABLE_PAYG to 998 and COUNTER_SYNC to 999, with no warning when none wait', async () => {
    const unlock = await t.ok(
      'tokens.supervisor',
      { deviceId, type: 'DISABLE_PAYG', reason: 'paid off in cash at head office' },
      { token: admin },
    );
    expect(unlock.warning).toBeNull();
    expect(decode(unlock.token)).toEqual({ type: 'DISABLE_PAYG', value: 998, count: 1 });
    const sync = await t.ok(
      'tokens.supervisor',
      { deviceId, type: 'COUNTER_SYNC', reason: 'device lost its count' },
      { token: manager },
    );
    expect(decode(sync.token, 1)).toEqual({ type: 'COUNTER_SYNC', value: 999, count: 3 });
    expect(deviceCount()).toBe(3);
  });

  it('refuses a cashier and too many days, writing nothing', async () => {
    const before = snapshot(t.core);
    const forbidden = await t.call(
      'tokens.supervisor',
      { deviceId, type: 'SET_TIME', days: 3, reason: 'try' },
      { token: cashier },
    );
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const tooMany = await t.call(
      'tokens.supervisor',
      { deviceId, type: 'SET_TIME', days: 996, reason: 'a long time' },
      { token: manager },
    );
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!tooMany.ok) expect(JSON.stringify(tooMany.error)).toContain('days');
    expect(snapshot(t.core)).toBe(before);
  });
});

describe('tokens.check', () => {
  it('finds a sold token with its receipt, then judges an older one by the ledger', async () => {
    const first = await pay(500);
    const second = await pay(300);
    const firstToken = first.tokens[0];
    const secondToken = second.tokens[0];
    if (!firstToken || !secondToken) throw new Error('no tokens issued');

    const checked = await t.ok(
      'tokens.check',
      { deviceId, token: firstToken.grouped },
      { token: cashier },
    );
    expect(checked).toMatchObject({
      found: true,
      type: 'ADD_TIME',
      value: 5,
      count: 2,
      wouldAccept: true,
      issued: {
        paymentId: first.payment.id,
        receiptNumber: first.payment.receiptNumber,
        entered: false,
      },
    });
    expect(JSON.stringify(checked)).not.toContain(KEY);

    await t.ok('tokens.confirmEntered', { tokenIds: [secondToken.id] }, { token: cashier });
    const older = await t.ok(
      'tokens.check',
      { deviceId, token: firstToken.token },
      { token: cashier },
    );
    // Regression: the checker knew only the last confirmed count and said "most likely already
    // entered"; the ledger shows count 2 was never entered, and a device takes it once.
    expect(older).toMatchObject({ found: true, count: 2, wouldAccept: true });
    expect(older.reason).toMatch(/below the device's last count 4, but within its window/);

    await t.ok('tokens.confirmEntered', { tokenIds: [firstToken.id] }, { token: cashier });
    const entered = await t.ok(
      'tokens.check',
      { deviceId, token: firstToken.token },
      { token: cashier },
    );
    expect(entered).toMatchObject({ count: 2, wouldAccept: false });
    expect(entered.reason).toBe('Count 2 was already entered (confirmed in GridDesk).');

    // A SET_TIME confirmed entered voids an older ADD_TIME the device never took.
    const third = (await pay(200)).tokens[0];
    if (!third) throw new Error('no token issued');
    const set = await t.ok(
      'tokens.supervisor',
      { deviceId, type: 'SET_TIME', days: 3, reason: 'meter reset on site visit' },
      { token: manager },
    );
    const setRow = t.core.deps.raw
      .prepare('SELECT id FROM tokens WHERE device_id = ? AND count = ?')
      .get(deviceId, set.count) as { id: string };
    await t.ok('tokens.confirmEntered', { tokenIds: [setRow.id] }, { token: cashier });
    const voided = await t.ok('tokens.check', { deviceId, token: third.token }, { token: cashier });
    expect(voided).toMatchObject({ count: third.count, wouldAccept: false });
    expect(voided.reason).toMatch(/is void/);
  });

  it('starts from the count the device was provisioned at, not from 0', async () => {
    // The manufacturer's list said count 300: the device has seen 300 before GridDesk sells.
    const seed = await t.ok('models.list', {}, { token: admin });
    const model = seed.models.find((m) => m.kind === 'shs');
    const device = await t.ok(
      'devices.create',
      {
        modelId: model?.id ?? '',
        serial: 'SHS-0300',
        openpaygo: { key: KEY, startingCode: STARTING_CODE, count: 300 },
      },
      { token: admin },
    );
    const encoded = encodeToken({
      keyHex: KEY,
      startingCode: STARTING_CODE,
      count: 300,
      type: 'ADD_TIME',
      value: 7,
    });
    const checked = await t.ok(
      'tokens.check',
      { deviceId: device.id, token: encoded.token },
      { token: cashier },
    );
    expect(checked).toMatchObject({
      found: true,
      count: encoded.count,
      wouldAccept: true,
      issued: null,
    });
  });

  it('answers found: false with a reason for a mistyped token', async () => {
    const sale = await pay(500);
    const token = sale.tokens[0]?.token ?? '';
    const wrong = token.slice(0, 3) + (token[3] === '9' ? '0' : '9') + token.slice(4);
    const checked = await t.ok('tokens.check', { deviceId, token: wrong }, { token: cashier });
    expect(checked.found).toBe(false);
    expect(checked.wouldAccept).toBe(false);
    expect(checked.reason).toMatch(/Not a token/);
    expect(checked.issued).toBeNull();
  });
});

describe('tokens.list', () => {
  it('lists sale and supervisor tokens newest first, with receipts, entries and the outstanding count', async () => {
    const sale = await pay(500);
    await pay(300);
    const set = await t.ok(
      'tokens.supervisor',
      { deviceId, type: 'SET_TIME', days: 7, reason: 'clock reset after repair' },
      { token: manager },
    );
    const before = await t.ok('tokens.list', { deviceId }, { token: cashier });
    expect(before.total).toBe(3);
    expect(before.outstanding).toBe(2);
    expect(before.rows.map((r) => [r.type, r.count, r.receiptNumber])).toEqual([
      ['SET_TIME', set.count, null],
      ['ADD_TIME', 4, 'LAG-R-000002'],
      ['ADD_TIME', 2, 'LAG-R-000001'],
    ]);
    const first = before.rows[2];
    expect(first).toMatchObject({ paymentId: sale.payment.id, days: 5, enteredAt: null });

    const checked = await t.ok(
      'tokens.check',
      { deviceId, token: first?.token ?? '' },
      { token: cashier },
    );
    expect(checked.issued?.tokenId).toBe(first?.id);
    await t.ok('tokens.confirmEntered', { tokenIds: [first?.id ?? ''] }, { token: cashier });
    const after = await t.ok('tokens.list', { deviceId, pageSize: 1 }, { token: cashier });
    expect(after).toMatchObject({ total: 3, outstanding: 1 });
    expect(after.rows).toHaveLength(1);
  });
});

describe('extended tokens (opt-in per model)', () => {
  it('issues, checks and fixes the format of a model whose devices take extended tokens', async () => {
    const seed = registry;
    const refused = await t.call(
      'models.create',
      {
        manufacturerId: seed.chint.id,
        name: 'Prepaid STS',
        kind: 'meter',
        tokenScheme: 'sts',
        openpaygoExtended: true,
      },
      { token: admin },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ field: 'openpaygoExtended' }] } },
    });
    const model = await t.ok(
      'models.create',
      {
        manufacturerId: seed.solarCo.id,
        name: 'Home 900 XT',
        kind: 'shs',
        tokenScheme: 'openpaygo',
        openpaygoExtended: true,
      },
      { token: admin },
    );
    expect(model.openpaygoExtended).toBe(true);
    const customer = await t.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Abubakar', villageId: seed.village.id },
      { token: admin },
    );
    const device = await t.ok(
      'devices.create',
      {
        modelId: model.id,
        serial: 'XT-0001',
        villageId: seed.village.id,
        customerId: customer.id,
        openpaygo: { key: KEY, startingCode: STARTING_CODE, count: 0 },
      },
      { token: admin },
    );
    await t.ok(
      'devices.setPaygPlan',
      { deviceId: device.id, dailyPriceMinor: 100 },
      { token: admin },
    );
    // 1,200 days: one extended token, where a standard device needs two (995 + 205).
    const sale = await t.ok(
      'payments.record',
      { submissionKey: randomUUID(), deviceId: device.id, amountMinor: 120_000, method: 'cash' },
      { token: cashier },
    );
    expect(sale.tokens).toHaveLength(1);
    const token = sale.tokens[0];
    if (!token) throw new Error('no token issued');
    expect(token.token).toMatch(/^\d{12}$/);
    expect(
      decodeToken({
        keyHex: KEY,
        startingCode: STARTING_CODE,
        lastCount: 0,
        token: token.token,
        extended: true,
      }),
    ).toEqual({ type: 'ADD_TIME', value: 1_200, count: 2 });
    const checked = await t.ok(
      'tokens.check',
      { deviceId: device.id, token: token.grouped },
      { token: cashier },
    );
    expect(checked).toMatchObject({ found: true, value: 1_200, count: 2, wouldAccept: true });
    // The devices in the field run one format: it cannot change under them.
    const flip = await t.call(
      'models.update',
      { id: model.id, openpaygoExtended: false },
      { token: admin },
    );
    expect(flip).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
