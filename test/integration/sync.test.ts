// Bundles between offices (docs/sync.md): join, export, import, per-column last writer wins,
// and every way a bundle is refused with nothing applied.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openBundle, sealBundle, type WireChange } from '../../src/core/sync/bundle';
import { storedSyncKey } from '../../src/core/sync/engine';
import { hlcParse } from '../../src/domain/hlc';
import { snapshot, type TestCore } from '../helpers/core';
import { company, exportTo, importInto } from '../helpers/sync';
import { seedRegistry } from '../helpers/registry';

let open: TestCore[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

async function login(t: TestCore) {
  return (await t.ok('auth.login', { username: 'ada', password: 'correct horse battery' })).token;
}

describe('sync between offices', () => {
  it('a joined office holds the company, and customers travel both ways', async () => {
    const { offices } = await company(['ABJ']);
    open = offices;
    const [lag, abj] = offices as [TestCore, TestCore];
    const tokenA = await login(lag);
    const tokenB = await login(abj);
    const reg = await seedRegistry(lag, tokenA);
    // The registry made after the join travels in the next bundle.
    importInto(abj, exportTo(lag, 'ABJ'));
    const c1 = await lag.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: reg.village.id },
      { token: tokenA },
    );
    const c2 = await abj.ok(
      'customers.create',
      { firstName: 'Musa', lastName: 'Ade', villageId: reg.village.id },
      { token: tokenB },
    );
    expect(c2.accountNumber.startsWith('ABJ')).toBe(true);
    importInto(abj, exportTo(lag, 'ABJ'));
    importInto(lag, exportTo(abj, 'LAG'));
    expect(
      (await abj.ok('customers.get', { id: c1.id }, { token: tokenB })).customer.firstName,
    ).toBe('Amina');
    expect(
      (await lag.ok('customers.get', { id: c2.id }, { token: tokenA })).customer.firstName,
    ).toBe('Musa');
  });
});

function keyOf(t: TestCore): Buffer {
  const stored = storedSyncKey(t.core.deps);
  if (!stored) throw new Error('no sync key');
  return stored.key;
}

function refusal(fn: () => unknown): { message: string; reason: unknown } {
  try {
    fn();
  } catch (error) {
    const e = error as { message: string; details?: { reason?: unknown } };
    return { message: e.message, reason: e.details?.reason };
  }
  throw new Error('expected a refusal');
}

describe('bundles refused, nothing applied', () => {
  async function twoOffices() {
    const c = await company(['ABJ', 'KAN']);
    open = c.offices;
    const [lag, abj, kan] = c.offices as [TestCore, TestCore, TestCore];
    const token = await login(lag);
    await seedRegistry(lag, token);
    return { lag, abj, kan, key: c.key };
  }

  it('a changed byte, a cut file, another key, another office, a replay', async () => {
    const { lag, abj, kan } = await twoOffices();
    const file = exportTo(lag, 'ABJ');
    const before = snapshot(abj.core);
    const tampered = Buffer.from(file);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 40) ^ 1, tampered.length - 40);
    expect(refusal(() => importInto(abj, tampered)).reason).toBe('damaged');
    const header = Buffer.from(file);
    header[30] = header[30] === 0x41 ? 0x42 : 0x41;
    expect(refusal(() => importInto(abj, header)).reason).toMatch(/damaged|company|office/);
    expect(refusal(() => importInto(abj, file.subarray(0, file.length - 5))).reason).toBe(
      'damaged',
    );
    const { header: h, changes } = openBundle(file, keyOf(lag));
    const otherKey = sealBundle(h, changes, randomBytes(32));
    expect(refusal(() => importInto(abj, otherKey)).message).toMatch(/another sync key/);
    expect(refusal(() => importInto(kan, file))).toEqual({
      message: 'This bundle is for office ABJ, not this office (KAN). Nothing was imported.',
      reason: 'office',
    });
    expect(snapshot(abj.core)).toBe(before);
    importInto(abj, file);
    const after = snapshot(abj.core);
    expect(after).not.toBe(before);
    expect(refusal(() => importInto(abj, file)).reason).toBe('replay');
    expect(snapshot(abj.core)).toBe(after);
  });

  it('another company: refused by name before any key is tried', async () => {
    const { lag } = await twoOffices();
    const other = await company([]);
    open.push(...other.offices);
    const [lag2] = other.offices as [TestCore];
    const file = exportTo(lag, 'ABJ');
    const before = snapshot(lag2.core);
    expect(refusal(() => importInto(lag2, file))).toEqual({
      message: 'This bundle belongs to another company. Nothing was imported.',
      reason: 'company',
    });
    expect(snapshot(lag2.core)).toBe(before);
  });

  it('a newer format or app version: "update GridDesk first"', async () => {
    const { lag, abj } = await twoOffices();
    const key = keyOf(lag);
    const { header, changes } = openBundle(exportTo(lag, 'ABJ'), key);
    const before = snapshot(abj.core);
    const newerApp = sealBundle({ ...header, minAppVersion: '99.0.0' }, changes, key);
    expect(refusal(() => importInto(abj, newerApp)).message).toMatch(
      /needs GridDesk 99\.0\.0 or newer .*update GridDesk first/,
    );
    const newerFormat = sealBundle({ ...header, format: 2 }, changes, key);
    expect(refusal(() => importInto(abj, newerFormat))).toMatchObject({
      message: expect.stringMatching(/update GridDesk first/),
      reason: 'newer',
    });
    // An older version's bundle (without a column added since) still imports.
    const older = changes.map((c) => {
      if (c[2] !== 'villages') return c;
      const { notes: _n, ...rest } = JSON.parse(c[5]) as Record<string, unknown>;
      return [c[0], c[1], c[2], c[3], c[4], JSON.stringify(rest), c[6]] as WireChange;
    });
    const oldOne = sealBundle({ ...header, appVersion: '0.0.1' }, older, key);
    // What the join file already brought is skipped (not acknowledged yet, so sent again).
    const outcome = importInto(abj, oldOne);
    expect(outcome.applied).toBeGreaterThan(0);
    expect(outcome.applied + outcome.skipped).toBe(changes.length);
    expect(snapshot(abj.core)).not.toBe(before);
  });

  it('an unknown table or column is named, and nothing is applied', async () => {
    const { lag, abj } = await twoOffices();
    const key = keyOf(lag);
    const { header, changes } = openBundle(exportTo(lag, 'ABJ'), key);
    const before = snapshot(abj.core);
    const last = changes[changes.length - 1] as WireChange;
    const table: WireChange = [last[0], last[1] + 1, 'rockets', 'x', 'put', '{}', last[6]];
    const withTable = sealBundle(
      { ...header, count: changes.length + 1 },
      [...changes, table],
      key,
    );
    expect(refusal(() => importInto(abj, withTable)).message).toBe(
      'This bundle changes "rockets", which this GridDesk does not know; update GridDesk first. Nothing was imported.',
    );
    const column: WireChange = [
      last[0],
      last[1] + 1,
      'customers',
      'x',
      'set',
      '{"fuel":1}',
      last[6],
    ];
    const withColumn = sealBundle(
      { ...header, count: changes.length + 1 },
      [...changes, column],
      key,
    );
    expect(refusal(() => importInto(abj, withColumn)).message).toMatch(
      /the column "fuel" of "customers"/,
    );
    expect(snapshot(abj.core)).toBe(before);
  });
});

describe('clock skew', () => {
  it('a PC a day ahead is refused with the reason; this office keeps its own clock', async () => {
    const c = await company(['ABJ']);
    open = c.offices;
    const [lag, abj] = c.offices as [TestCore, TestCore];
    const reg = await seedRegistry(lag, await login(lag));
    importInto(abj, exportTo(lag, 'ABJ'));
    abj.clock.advance(26 * 3600 * 1000);
    await abj.ok(
      'customers.create',
      { firstName: 'Future', lastName: 'Clock', villageId: reg.village.id },
      { token: await login(abj) },
    );
    const file = exportTo(abj, 'LAG');
    const before = snapshot(lag.core);
    expect(refusal(() => importInto(lag, file))).toEqual({
      message:
        "Office ABJ stamped changes 26 hour(s) ahead of this computer's clock. Check the date, " +
        'time and time zone of both PCs (the one at ABJ is probably wrong), then export the ' +
        'bundle again. Nothing was imported.',
      reason: 'clock',
    });
    expect(snapshot(lag.core)).toBe(before);
    expect(hlcParse(lag.core.deps.hlc.next()).wallMs).toBe(lag.clock.nowMs());
  });

  it('within the limit, a change made after reading another office wins over it', async () => {
    const c = await company(['ABJ']);
    open = c.offices;
    const [lag, abj] = c.offices as [TestCore, TestCore];
    const tokenA = await login(lag);
    const reg = await seedRegistry(lag, tokenA);
    const customer = await lag.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: reg.village.id },
      { token: tokenA },
    );
    importInto(abj, exportTo(lag, 'ABJ'));
    abj.clock.advance(40 * 60 * 1000);
    await abj.ok(
      'customers.update',
      { id: customer.id, firstName: 'Aminat' },
      {
        token: await login(abj),
      },
    );
    importInto(lag, exportTo(abj, 'LAG'));
    await lag.ok('customers.update', { id: customer.id, firstName: 'Amina B.' }, { token: tokenA });
    importInto(abj, exportTo(lag, 'ABJ'));
    for (const t of [lag, abj]) {
      const row = t.core.deps.raw
        .prepare('SELECT first_name FROM customers WHERE id = ?')
        .pluck()
        .get(customer.id);
      expect(row).toBe('Amina B.');
    }
  });
});

describe('stamps after a restart', () => {
  it('keep increasing from the change log even when the PC clock went back', async () => {
    const c = await company([]);
    open = c.offices;
    const [lag] = c.offices as [TestCore];
    const token = await login(lag);
    const reg = await seedRegistry(lag, token);
    await lag.ok(
      'customers.create',
      { firstName: 'A', lastName: 'B', villageId: reg.village.id },
      { token },
    );
    const meter = await lag.ok(
      'devices.create',
      { modelId: reg.meter.id, serial: 'MTR-1', villageId: reg.village.id },
      { token },
    );
    // Readings are ledger rows: their stamps are only in the change log.
    for (let i = 1; i <= 3; i++) {
      await lag.ok(
        'readings.addManual',
        { deviceId: meter.id, kwh: i, readAt: `2026-11-1${i}T06:00:00.000Z` },
        { token },
      );
    }
    lag.clock.advance(-3600 * 1000);
    lag.reopen();
    const again = await login(lag);
    await lag.ok(
      'customers.create',
      { firstName: 'C', lastName: 'D', villageId: reg.village.id },
      { token: again },
    );
    const stamps = lag.core.deps.raw
      .prepare('SELECT hlc FROM sync_changes ORDER BY seq')
      .pluck()
      .all() as string[];
    for (let i = 1; i < stamps.length; i++) {
      expect((stamps[i] as string) > (stamps[i - 1] as string), `change ${i + 1}`).toBe(true);
    }
  });
});
