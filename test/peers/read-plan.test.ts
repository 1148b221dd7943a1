// Grouped reads (issue 16) against an independent meter (Debian's pymodbus) over a socat pty pair:
// the shipped SDM120 profile reads the meter in 2 requests instead of 4 and gets the same values
// and registers as the one-request-per-measurement reading, and a range the profile marks unsafe
// is never asked for. The registers between the measurements hold other values on purpose, so a
// value taken from the wrong offset of a bridged answer would show.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModbusMeter } from '../../src/core/meters/modbus-client';
import { loadMeterProfiles } from '../../src/core/meters/profiles';
import { withLink, type LineSettings, type SerialLink } from '../../src/core/meters/serial-link';
import type { MeterProfile } from '../../src/domain/meters/profile';
import {
  requirePeerTools,
  startPtyPair,
  startSimulator,
  type PtyPair,
  type Simulator,
} from './socat';

const SLAVE = 3;
// The pty ignores line settings; these only have to be valid.
const LINE: LineSettings = { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
const FAST = { timeoutMs: 400, retries: 1 };

let pair: PtyPair | undefined;
let meter: Simulator | undefined;
let sdm120: MeterProfile;

/** [function, first register, count] of every read request sent through the link. */
type Sent = [number, number, number][];

/** Reads with `profile` on the bus, recording each request's function, start and count. */
async function readCounting(profile: MeterProfile) {
  if (!pair) throw new Error('no pty pair');
  const sent: Sent = [];
  const read = await withLink(pair.a, LINE, (link) => {
    const counting: SerialLink = {
      path: link.path,
      request: (frame, complete, timeoutMs) => {
        const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
        sent.push([view.getUint8(1), view.getUint16(2), view.getUint16(4)]);
        return link.request(frame, complete, timeoutMs);
      },
      send: (frame) => link.send(frame),
      receive: (complete, timeoutMs) => link.receive(complete, timeoutMs),
      update: (options) => link.update(options),
      close: () => link.close(),
    };
    return readModbusMeter(counting, profile, SLAVE, FAST);
  });
  return { read, sent };
}

beforeAll(async () => {
  requirePeerTools();
  pair = await startPtyPair();
  meter = await startSimulator(join(__dirname, 'pymodbus-meter.py'), [
    pair.b,
    String(SLAVE),
    '--input=0x0000=f32:231.4',
    '--input=0x0002=f32:777',
    '--input=0x0004=f32:-1',
    '--input=0x0006=f32:4.75',
    '--input=0x0008=f32:888',
    '--input=0x000A=f32:999',
    '--input=0x000C=f32:1099.2',
    '--input=0x0046=f32:50',
    '--input=0x0048=f32:4321.25',
  ]);
  const loaded = loadMeterProfiles(join(__dirname, '..', '..', 'resources', 'meter-profiles'));
  const found = loaded.profiles.find((p) => p.id === 'eastron-sdm120');
  if (!found) throw new Error('no eastron-sdm120 profile');
  sdm120 = found;
}, 30_000);

afterAll(async () => {
  await meter?.stop();
  await pair?.stop();
});

describe('an SDM120 read with grouped requests', () => {
  it('costs 2 requests and reads what 4 separate requests read', async () => {
    const grouped = await readCounting(sdm120);
    const separate = await readCounting({ ...sdm120, readGap: 0 });

    expect(grouped.sent).toEqual([
      [4, 0x48, 2],
      [4, 0x00, 14],
    ]);
    expect(separate.sent).toEqual([
      [4, 0x48, 2],
      [4, 0x00, 2],
      [4, 0x06, 2],
      [4, 0x0c, 2],
    ]);
    expect(grouped.read).toEqual({
      ok: true,
      values: { import_kwh: 4321.25, voltage_v: 231.4, current_a: 4.75, power_w: 1099.2 },
      raw: expect.any(Object) as unknown,
    });
    expect(grouped.read).toEqual(separate.read);
  });

  it('never asks for a register the profile marks unsafe, even inside a small gap', async () => {
    const guarded: MeterProfile = {
      ...sdm120,
      unsafeRegisters: [{ function: 4, from: 0x0a, to: 0x0b, reason: 'test' }],
    };
    const { read, sent } = await readCounting(guarded);
    expect(sent).toEqual([
      [4, 0x48, 2],
      [4, 0x00, 8],
      [4, 0x0c, 2],
    ]);
    const plain = await readCounting({ ...sdm120, readGap: 0 });
    expect(read).toEqual(plain.read);
  });
});
