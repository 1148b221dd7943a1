// Handing a device's token counter to another office (docs/sync.md "Handing a device over"):
// through real bundles between real cores, the old office stops issuing and names the new one, the
// new one continues above the record's count, and (the property) whatever the order bundles
// travel in, no two offices ever both hold the counter and no count is ever issued twice.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { company, exportTo, importInto } from '../helpers/sync';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

let open: TestCore[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

const login = async (t: TestCore) =>
  (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' })).token;

/** A company of LAG and `codes`, with one solar home system registered and sold at LAG. */
async function withDevice(codes: string[]) {
  const c = await company(codes);
  open = c.offices;
  const lag = c.offices[0] as TestCore;
  const token = await login(lag);
  const seed = await seedRegistry(lag, token);
  const customer = await lag.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token },
  );
  const device = await lag.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-0001',
      villageId: seed.village.id,
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: 516959010, count: 0 },
    },
    { token },
  );
  await lag.ok('devices.setPaygPlan', { deviceId: device.id, dailyPriceMinor: 100 }, { token });
  return { offices: c.offices, deviceId: device.id };
}

const sale = (deviceId: string) => ({
  submissionKey: randomUUID(),
  deviceId,
  amountMinor: 500,
  method: 'cash' as const,
});

function counts(t: TestCore, deviceId: string): number[] {
  return t.core.deps.raw
    .prepare('SELECT count FROM tokens WHERE device_id = ? ORDER BY count')
    .pluck()
    .all(deviceId) as number[];
}

function ownerCode(t: TestCore, deviceId: string): string {
  return t.core.deps.raw
    .prepare(
      'SELECT o.code FROM openpaygo_devices d JOIN offices o ON o.id = d.owning_office_id WHERE d.device_id = ?',
    )
    .pluck()
    .get(deviceId) as string;
}

describe('handing a device over', () => {
  it('the old office stops issuing, the new one continues above the count in the record', async () => {
    const { offices, deviceId } = await withDevice(['ABJ']);
    const [lag, abj] = offices as [TestCore, TestCore];
    const tokenA = await login(lag);
    const tokenB = await login(abj);
    await lag.ok('payments.record', sale(deviceId), { token: tokenA });
    await lag.ok('payments.record', sale(deviceId), { token: tokenA });
    importInto(abj, exportTo(lag, 'ABJ'));

    // Only the owner hands over; before any hand-over ABJ is refused, naming LAG.
    const notOwner = await abj.call(
      'tokens.handOver',
      { deviceId, toOffice: 'ABJ', reason: 'Customer moved' },
      { token: tokenB },
    );
    expect(notOwner.ok ? null : notOwner.error.message).toBe(
      'Tokens for SHS-0001 are issued by office LAG, not this office (ABJ); only LAG can hand it over.',
    );
    const unknown = await lag.call(
      'tokens.handOver',
      { deviceId, toOffice: 'KAN', reason: 'Customer moved' },
      { token: tokenA },
    );
    expect(unknown.ok ? null : unknown.error).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('There is no office KAN'),
    });

    const handed = await lag.ok(
      'tokens.handOver',
      { deviceId, toOffice: 'abj', reason: 'Customer moved to Abuja' },
      { token: tokenA },
    );
    const lastAtLag = Math.max(...counts(lag, deviceId));
    expect(handed).toMatchObject({ serial: 'SHS-0001', count: lastAtLag, toOffice: 'ABJ' });

    // LAG no longer issues, and says who does.
    const refused = await lag.call('payments.record', sale(deviceId), { token: tokenA });
    expect(refused.ok ? null : refused.error.message).toMatch(
      /^Tokens for SHS-0001 are issued by office ABJ;/,
    );
    const supervisor = await lag.call(
      'tokens.supervisor',
      { deviceId, type: 'COUNTER_SYNC', reason: 'test' },
      { token: tokenA },
    );
    expect(supervisor.ok ? null : supervisor.error.message).toMatch(/issued by office ABJ/);

    // ABJ may not issue until the record reaches it.
    const early = await abj.call('payments.record', sale(deviceId), { token: tokenB });
    expect(early.ok ? null : early.error.message).toMatch(/issued by office LAG/);
    importInto(abj, exportTo(lag, 'ABJ'));
    const record = abj.core.deps.raw
      .prepare('SELECT count, reason FROM device_handovers WHERE device_id = ?')
      .get(deviceId);
    expect(record).toEqual({ count: lastAtLag, reason: 'Customer moved to Abuja' });
    const first = await abj.ok('payments.record', sale(deviceId), { token: tokenB });
    expect(first.tokens[0]?.count).toBeGreaterThan(lastAtLag);

    // Back at LAG every token is there once, and LAG still refuses.
    importInto(lag, exportTo(abj, 'LAG'));
    const all = counts(lag, deviceId);
    expect(all).toEqual(counts(abj, deviceId));
    expect(new Set(all).size).toBe(all.length);
    expect(ownerCode(lag, deviceId)).toBe('ABJ');
    const before = snapshot(lag.core);
    expect((await lag.call('payments.record', sale(deviceId), { token: tokenA })).ok).toBe(false);
    expect(snapshot(lag.core)).toBe(before);
  }, 120_000);
});

type Op =
  | { kind: 'sell'; office: number }
  | { kind: 'handOver'; office: number; to: number }
  | { kind: 'send'; from: number; to: number }
  | { kind: 'deliver'; pick: number; keep: boolean };

const ix = fc.nat(2);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('sell' as const), office: ix }),
  fc.record({ kind: fc.constant('handOver' as const), office: ix, to: ix }),
  fc.record({ kind: fc.constant('send' as const), from: ix, to: ix }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(20), keep: fc.boolean() }),
);

describe('hand-over property', () => {
  it('never two writers, never a count issued twice, whatever order bundles travel in', async () => {
    const codes = ['LAG', 'ABJ', 'KAN'];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (ops) => {
        const { offices, deviceId } = await withDevice(['ABJ', 'KAN']);
        try {
          const tokens = await Promise.all(offices.map(login));
          const exchange = () => {
            for (const from of offices.keys())
              for (const to of offices.keys())
                if (from !== to)
                  importInto(
                    offices[to] as TestCore,
                    exportTo(offices[from] as TestCore, codes[to] as string),
                  );
          };
          exchange();
          const bag: { to: number; file: Buffer }[] = [];
          let issued = 0;
          for (const o of ops) {
            if (o.kind === 'send') {
              if (o.from === o.to) continue;
              bag.push({
                to: o.to,
                file: exportTo(offices[o.from] as TestCore, codes[o.to] as string),
              });
            } else if (o.kind === 'deliver') {
              if (bag.length === 0) continue;
              const i = o.pick % bag.length;
              const parcel = bag[i] as { to: number; file: Buffer };
              if (!o.keep) bag.splice(i, 1);
              try {
                importInto(offices[parcel.to] as TestCore, parcel.file);
              } catch (error) {
                expect((error as { details?: { reason?: string } }).details?.reason).toBe('replay');
              }
            } else {
              const t = offices[o.office] as TestCore;
              t.clock.advance(1000);
              const owner = ownerCode(t, deviceId);
              const call =
                o.kind === 'sell'
                  ? await t.call('payments.record', sale(deviceId), {
                      token: tokens[o.office] as string,
                    })
                  : await t.call(
                      'tokens.handOver',
                      { deviceId, toOffice: codes[o.to] as string, reason: 'moved' },
                      { token: tokens[o.office] as string },
                    );
              const here = codes[o.office] as string;
              if (owner !== here) {
                // Refused, naming the office this one knows as the owner.
                expect(call.ok ? null : call.error.message).toContain(`office ${owner}`);
              } else if (o.kind === 'sell' || o.to !== o.office) {
                expect(call.ok).toBe(true);
                if (o.kind === 'sell' && call.ok) issued += 1;
              }
            }
            // At every moment at most one office holds the counter.
            const holders = offices.filter((t, i) => ownerCode(t, deviceId) === codes[i]);
            expect(holders.length).toBeLessThanOrEqual(1);
          }
          exchange();
          exchange();
          const all = counts(offices[0] as TestCore, deviceId);
          expect(new Set(all).size).toBe(all.length);
          for (const t of offices) {
            expect(counts(t, deviceId)).toEqual(all);
            expect(ownerCode(t, deviceId)).toBe(ownerCode(offices[0] as TestCore, deviceId));
            const n = t.core.deps.raw.prepare('SELECT count(*) FROM sync_conflicts').pluck().get();
            expect(n).toBe(0);
          }
          expect(
            offices[0]?.core.deps.raw
              .prepare(
                'SELECT count(*) FROM payments p WHERE EXISTS (SELECT 1 FROM tokens t WHERE t.payment_id = p.id)',
              )
              .pluck()
              .get(),
          ).toBe(issued);
        } finally {
          for (const t of offices) t.close();
          open = [];
        }
      }),
      { numRuns: 5 },
    );
  }, 300_000);
});
