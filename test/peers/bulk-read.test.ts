// Bulk reads through the dispatcher against independent meters on socat pty pairs: one pymodbus
// process serving an Eastron SDM120 and a CHINT DDSU666 register map on one bus (plus a meter
// sending NaN and one lacking a register), a scripted responder answering with CRC errors and
// "wrong baud" garbage, and a port that is not there. Every failure is reported per meter with
// its kind and a message naming the slave and register, and never stored as a reading
// (docs/domain.md §9.6).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../src/contract';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import {
  requirePeerTools,
  startPtyPair,
  startSimulator,
  type PtyPair,
  type Simulator,
} from './socat';

const UNPLUGGED = '/dev/ttyUSB250';
const FAST = { timeoutMs: 300, retries: 1 };

type BulkRead = OutputOf<'meters.bulkRead'>;

let bus: PtyPair | undefined;
let faulty: PtyPair | undefined;
let meters: Simulator | undefined;
let garbage: Simulator | undefined;
let t: TestCore;
let admin: string;
let grid: string;
let grid2: string;
const ids: Record<string, string> = {};

/** What a bulk read answered, per meter: [serial, outcome, attempts, wh]. */
function outcomes(r: BulkRead): [string, string, number, number | null][] {
  return r.results.map((x) => [x.serial, x.outcome, x.attempts, x.wh]);
}

function messageOf(r: BulkRead, serial: string): string {
  const found = r.results.find((x) => x.serial === serial);
  if (!found) throw new Error(`no result for ${serial}`);
  return found.message;
}

async function storedReadings(serial: string) {
  return t.ok('readings.list', { deviceId: ids[serial] ?? '' }, { token: admin });
}

beforeAll(async () => {
  requirePeerTools();
  bus = await startPtyPair();
  faulty = await startPtyPair();
  meters = await startSimulator(join(__dirname, 'pymodbus-meter.py'), [
    bus.b,
    // An Eastron SDM120 at id 1 (input registers, float32 ABCD).
    '--slave=1',
    '--input=0x0000=f32:230.1',
    '--input=0x0006=f32:5.25',
    '--input=0x000C=f32:1207.8',
    '--input=0x0048=f32:1234.5',
    // A CHINT DDSU666 at id 2: energy at 0x4000, V/A/kW at 0x2000.. (power in kW).
    '--slave=2',
    '--input=0x2000=f32:229.7',
    '--input=0x2002=f32:2.1',
    '--input=0x2004=f32:0.46',
    '--input=0x4000=f32:98765.4',
    // An SDM120 whose energy register holds NaN (a meter in trouble, or a wrong map).
    '--slave=3',
    '--input=0x0000=f32:231',
    '--input=0x0006=f32:1',
    '--input=0x000C=f32:231',
    '--input=0x0048=f32:nan',
    // A "DDSU666" without the energy register 0x4000: exception 2, illegal data address.
    '--slave=4',
    '--input=0x2000=f32:228',
    '--input=0x2002=f32:1',
    '--input=0x2004=f32:0.228',
    // Nobody at id 5.
  ]);
  garbage = await startSimulator(join(__dirname, 'garbage-meter.py'), [
    faulty.b,
    '--slave=1=bad-crc',
    '--slave=2=short',
    '--slave=3=long',
  ]);

  t = openTestCore();
  admin = (await setUpOffice(t)).admin;
  const seed = await seedRegistry(t, admin);
  grid = seed.grid.id;
  grid2 = seed.grid2.id;
  const make = async (
    serial: string,
    villageId: string,
    port: string,
    profileId: string,
    busAddress: string,
  ) => {
    const id = (
      await t.ok('devices.create', { modelId: seed.meter.id, serial, villageId }, { token: admin })
    ).id;
    await t.ok(
      'meters.configure',
      { deviceId: id, protocol: 'modbus-rtu', port, profileId, busAddress },
      { token: admin },
    );
    ids[serial] = id;
  };
  // Mini-grid 1: the healthy meters and the absent one, all on the pymodbus bus.
  await make('SDM-1', seed.village.id, bus.a, 'eastron-sdm120', '1');
  await make('DDSU-2', seed.village.id, bus.a, 'chint-ddsu666', '2');
  await make('SDM-5', seed.village.id, bus.a, 'eastron-sdm120', '5');
  // Mini-grid 2: the faulty ones, on three ports.
  await make('NAN-3', seed.village2.id, bus.a, 'eastron-sdm120', '3');
  await make('DDSU-4', seed.village2.id, bus.a, 'chint-ddsu666', '4');
  await make('CRC-1', seed.other.id, faulty.a, 'eastron-sdm120', '1');
  await make('SHORT-2', seed.other.id, faulty.a, 'eastron-sdm120', '2');
  await make('LONG-3', seed.other.id, faulty.a, 'eastron-sdm120', '3');
  await make('GONE-1', seed.other.id, UNPLUGGED, 'eastron-sdm120', '1');
}, 30_000);

afterAll(async () => {
  t?.close();
  await meters?.stop();
  await garbage?.stop();
  await bus?.stop();
  await faulty?.stop();
});

describe('bulk read of an SDM120 and a DDSU666 on one bus, one meter absent', () => {
  it('reads and stores both present meters as the simulator holds them', async () => {
    const r = await t.ok('meters.bulkRead', { miniGridId: grid, ...FAST }, { token: admin });
    expect(outcomes(r)).toEqual([
      ['SDM-1', 'ok', 1, 1_234_500],
      ['DDSU-2', 'ok', 1, 98_765_400],
      ['SDM-5', 'no-answer', 2, null],
    ]);
    expect(r.summary).toEqual({ total: 3, ok: 2, failed: 1, flagged: 0, cancelled: false });

    const sdm = await storedReadings('SDM-1');
    expect(sdm.total).toBe(1);
    expect(sdm.rows[0]).toMatchObject({
      wh: 1_234_500,
      source: 'modbus',
      status: 'ok',
      raw: '449a 5000',
      extras: { voltage_v: 230.1, current_a: 5.25, power_w: 1207.8 },
    });
    const ddsu = await storedReadings('DDSU-2');
    expect(ddsu.total).toBe(1);
    expect(ddsu.rows[0]).toMatchObject({
      wh: 98_765_400,
      source: 'modbus',
      status: 'ok',
      // 0.46 kW in the meter, scaled by the profile to W.
      extras: { voltage_v: 229.7, current_a: 2.1, power_w: 460 },
    });
  });

  it('reports the absent meter after its retries and stores nothing for it', async () => {
    t.clock.advance(3_600_000);
    const r = await t.ok('meters.bulkRead', { miniGridId: grid, ...FAST }, { token: admin });
    expect(messageOf(r, 'SDM-5')).toBe(
      'slave 5, import_kwh (FC 04 register 0x0048): no answer within 300 ms',
    );
    expect((await storedReadings('SDM-5')).total).toBe(0);
    // The others were read again, an hour later.
    expect((await storedReadings('SDM-1')).total).toBe(2);
  });
});

describe('fault cases: clear per-meter errors, no reading stored', () => {
  it('a meter sending NaN is implausible and an exception names the register', async () => {
    t.clock.advance(3_600_000);
    const r = await t.ok('meters.bulkRead', { port: bus?.a, ...FAST }, { token: admin });
    expect(outcomes(r)).toEqual([
      ['SDM-1', 'ok', 1, 1_234_500],
      ['DDSU-2', 'ok', 1, 98_765_400],
      ['NAN-3', 'implausible', 1, null],
      ['DDSU-4', 'exception', 1, null],
      ['SDM-5', 'no-answer', 2, null],
    ]);
    expect(messageOf(r, 'NAN-3')).toBe(
      'slave 3, import_kwh: registers 7FC0 0000 decode to NaN (float32)',
    );
    expect(messageOf(r, 'DDSU-4')).toBe(
      'slave 4, import_kwh (FC 04 register 0x4000): slave 4 answered exception 2: illegal data address',
    );
    expect(r.summary).toMatchObject({ total: 5, ok: 2, failed: 3 });
    for (const serial of ['NAN-3', 'DDSU-4', 'SDM-5']) {
      expect((await storedReadings(serial)).total).toBe(0);
    }
  });

  it('CRC errors and wrong-baud garbage are retried, then reported by kind', async () => {
    const r = await t.ok('meters.bulkRead', { port: faulty?.a, ...FAST }, { token: admin });
    expect(outcomes(r)).toEqual([
      ['CRC-1', 'crc', 2, null],
      // Fewer bytes than any answer: the frame never completes.
      ['SHORT-2', 'timeout', 2, null],
      // More bytes than the answer asked for, arriving together.
      ['LONG-3', 'mismatch', 2, null],
    ]);
    expect(messageOf(r, 'CRC-1')).toBe(
      'slave 1, import_kwh (FC 04 register 0x0048): CRC error (noise, wrong baud or parity?)',
    );
    expect(messageOf(r, 'SHORT-2')).toBe(
      'slave 2, import_kwh (FC 04 register 0x0048): answer cut short: 3 byte(s) within 300 ms',
    );
    expect(messageOf(r, 'LONG-3')).toBe(
      'slave 3, import_kwh (FC 04 register 0x0048): response has 27 bytes after the frame',
    );
    expect(r.summary).toMatchObject({ total: 3, ok: 0, failed: 3, flagged: 0 });
    for (const serial of ['CRC-1', 'SHORT-2', 'LONG-3']) {
      expect((await storedReadings(serial)).total).toBe(0);
    }
    expect(garbage?.output()).toMatch(/ANSWER 1 bad-crc[\s\S]*ANSWER 1 bad-crc/);
  });

  it('an unplugged port is reported for its meter, naming the path', async () => {
    const r = await t.ok('meters.bulkRead', { port: UNPLUGGED, ...FAST }, { token: admin });
    expect(r.results).toEqual([
      {
        deviceId: ids['GONE-1'],
        serial: 'GONE-1',
        port: UNPLUGGED,
        outcome: 'port',
        message: `${UNPLUGGED} does not exist: is the adapter plugged in?`,
        attempts: 0,
        wh: null,
        flag: null,
      },
    ]);
    expect((await storedReadings('GONE-1')).total).toBe(0);
    const now = await t.ok(
      'meters.readNow',
      { deviceId: ids['GONE-1'] ?? '', ...FAST },
      { token: admin },
    );
    expect(now).toMatchObject({
      outcome: 'port',
      message: `${UNPLUGGED} does not exist: is the adapter plugged in?`,
      reading: null,
    });
    const scan = await t.call(
      'meters.scan',
      { port: UNPLUGGED, profileId: 'eastron-sdm120', from: 1, to: 2 },
      { token: admin },
    );
    expect(scan).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `${UNPLUGGED} does not exist: is the adapter plugged in?`,
      },
    });
  });

  it('a mini-grid spread over three ports reports every meter on each', async () => {
    const r = await t.ok('meters.bulkRead', { miniGridId: grid2, ...FAST }, { token: admin });
    // Ordered by port path, and pty numbers vary: compare as a map.
    expect(Object.fromEntries(r.results.map((x) => [x.serial, x.outcome]))).toEqual({
      'GONE-1': 'port',
      'CRC-1': 'crc',
      'SHORT-2': 'timeout',
      'LONG-3': 'mismatch',
      'NAN-3': 'implausible',
      'DDSU-4': 'exception',
    });
    expect(r.summary).toEqual({ total: 6, ok: 0, failed: 6, flagged: 0, cancelled: false });
  });
});
