// The meter commands through the dispatcher, against Debian's pymodbus as the meter on a socat pty
// pair: configure a meter link, read now (stored with voltage and power), a bulk read of a port
// with one silent meter (reported, never stored as zero) and progress events, the address scan
// with cancel, and a port that does not exist.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import {
  requirePeerTools,
  startPtyPair,
  startSimulator,
  type PtyPair,
  type Simulator,
} from './socat';

let pair: PtyPair | undefined;
let meter: Simulator | undefined;
let t: TestCore;
let admin: string;
let cashier: string;
let present: string;
let silent: string;

beforeAll(async () => {
  requirePeerTools();
  pair = await startPtyPair();
  meter = await startSimulator(join(__dirname, 'pymodbus-meter.py'), [
    pair.b,
    '3',
    '--input=0x0000=f32:229.5',
    '--input=0x0006=f32:2.5',
    '--input=0x000C=f32:573.75',
    '--input=0x0048=f32:4321.25',
  ]);
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  cashier = office.cashierToken;
  const seed = await seedRegistry(t, admin);
  const make = async (serial: string, address: string) => {
    const id = (
      await t.ok(
        'devices.create',
        { modelId: seed.meter.id, serial, villageId: seed.village.id },
        { token: admin },
      )
    ).id;
    await t.ok(
      'meters.configure',
      {
        deviceId: id,
        protocol: 'modbus-rtu',
        port: pair?.a ?? '',
        profileId: 'eastron-sdm120',
        busAddress: address,
      },
      { token: admin },
    );
    return id;
  };
  present = await make('SDM-3', '3');
  silent = await make('SDM-9', '9');
}, 30_000);

afterAll(async () => {
  t.close();
  await meter?.stop();
  await pair?.stop();
});

describe('meter commands over a real serial line', () => {
  it('reads a meter now and stores the reading with its other measurements', async () => {
    const r = await t.ok('meters.readNow', { deviceId: present, timeoutMs: 500 }, { token: admin });
    expect(r.outcome).toBe('ok');
    expect(r.values).toMatchObject({
      import_kwh: 4321.25,
      voltage_v: 229.5,
      current_a: 2.5,
      power_w: 573.75,
    });
    expect(r.reading).toMatchObject({ wh: 4_321_250, source: 'modbus', status: 'ok' });
    expect(r.reading?.extras).toMatchObject({ voltage_v: 229.5 });
  });

  it('reports a silent meter after its retries and stores nothing for it', async () => {
    const r = await t.ok(
      'meters.readNow',
      { deviceId: silent, timeoutMs: 200, retries: 1 },
      { token: admin },
    );
    expect(r).toMatchObject({ outcome: 'no-answer', reading: null });
    expect((await t.ok('readings.list', { deviceId: silent }, { token: admin })).total).toBe(0);
  });

  it('bulk reads a port with progress, one result per meter', async () => {
    const operationId = randomUUID();
    const events: number[] = [];
    const stop = t.core.deps.events.subscribe((e) => {
      if (e.operationId === operationId) events.push(e.done);
    });
    const r = await t.ok(
      'meters.bulkRead',
      { port: pair?.a, timeoutMs: 300, retries: 1, operationId },
      { token: admin },
    );
    stop();
    expect(r.results.map((x) => [x.serial, x.outcome])).toEqual([
      ['SDM-3', 'ok'],
      ['SDM-9', 'no-answer'],
    ]);
    expect(r.results[1]?.attempts).toBe(2);
    expect(r.summary).toMatchObject({ total: 2, ok: 1, failed: 1, cancelled: false });
    expect(events).toEqual([0, 1, 2]);
    expect((await t.ok('readings.list', { deviceId: silent }, { token: admin })).total).toBe(0);
  });

  it('scans addresses for who answers, and stops when cancelled', async () => {
    const found = await t.ok(
      'meters.scan',
      { port: pair?.a ?? '', profileId: 'eastron-sdm120', from: 1, to: 5, timeoutMs: 150 },
      { token: admin },
    );
    expect(found).toMatchObject({ scanned: 5, cancelled: false, probe: 'voltage_v' });
    expect(found.found).toEqual([{ address: 3, value: 229.5, problem: null }]);

    const operationId = randomUUID();
    const stop = t.core.deps.events.subscribe((e) => {
      if (e.operationId === operationId && e.done === 2) {
        void t.ok('operations.cancel', { operationId }, { token: admin });
      }
    });
    const cancelled = await t.ok(
      'meters.scan',
      {
        port: pair?.a ?? '',
        profileId: 'eastron-sdm120',
        from: 1,
        to: 40,
        timeoutMs: 100,
        operationId,
      },
      { token: admin },
    );
    stop();
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.scanned).toBeLessThan(40);
  });

  it('gives a meter alone on the bus a new address, verifies it, and refuses a taken one', async () => {
    const port = pair?.a ?? '';
    const moved = await t.ok(
      'meters.setAddress',
      { port, profileId: 'eastron-sdm120', current: 3, next: 12, timeoutMs: 300 },
      { token: admin },
    );
    expect(moved).toMatchObject({ ok: true, value: 229.5 });
    const found = await t.ok(
      'meters.scan',
      { port, profileId: 'eastron-sdm120', from: 1, to: 12, timeoutMs: 120 },
      { token: admin },
    );
    expect(found.found.map((f) => f.address)).toEqual([12]);
    const back = await t.ok(
      'meters.setAddress',
      { port, profileId: 'eastron-sdm120', current: 12, next: 3, timeoutMs: 300 },
      { token: admin },
    );
    expect(back.ok).toBe(true);
    const nobody = await t.ok(
      'meters.setAddress',
      { port, profileId: 'eastron-sdm120', current: 9, next: 10, timeoutMs: 150 },
      { token: admin },
    );
    expect(nobody).toMatchObject({ ok: false, value: null });
    const noWay = await t.call(
      'meters.setAddress',
      { port, profileId: 'chint-ddsu666', current: 3, next: 4 },
      { token: admin },
    );
    expect(noWay).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('does not say how') },
    });
  });

  it('lists the serial ports (or says clearly why it cannot)', async () => {
    const r = await t.call('meters.ports', {}, { token: admin });
    if (r.ok) expect(Array.isArray(r.value.ports)).toBe(true);
    else expect(r.error.message).toMatch(/udevadm|serial ports/);
    expect(await t.call('meters.ports', {}, { token: cashier })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('says what is wrong with a port that does not exist', async () => {
    const test = await t.ok('meters.testPort', { port: '/dev/ttyUSB251' }, { token: admin });
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/ttyUSB251/);
    const scan = await t.call(
      'meters.scan',
      { port: '/dev/ttyUSB251', profileId: 'eastron-sdm120' },
      { token: admin },
    );
    expect(scan).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Not a serial port at all: refused by the contract before anything is opened.
    const file = await t.call('meters.testPort', { port: '/etc/passwd' }, { token: admin });
    expect(file).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ field: 'port', message: expect.stringContaining('serial port') }] },
      },
    });
    const profiles = await t.ok('meters.profiles', {}, { token: admin });
    expect(profiles.profiles.map((p) => p.id)).toContain('chint-dtsu666');
    expect(profiles.profiles.find((p) => p.id === 'eastron-sdm120')?.canSetAddress).toBe(true);
  });
});
