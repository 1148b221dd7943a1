// Our Modbus client against an independent meter (Debian's pymodbus) over a socat pty pair:
// values as the simulator holds them, silence reported as silence (never a zero), exceptions,
// the address scan with progress and abort, renumbering a meter, and the CLI end to end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProfile, type MeterProfile } from '../../src/domain/meters/profile';
import {
  readModbusMeter,
  readProbe,
  scanModbus,
  setModbusAddress,
  type ScanHit,
} from '../../src/core/meters/modbus-client';
import { loadMeterProfiles } from '../../src/core/meters/profiles';
import {
  openSerialLink,
  testPort,
  withLink,
  type LineSettings,
  type SerialLink,
} from '../../src/core/meters/serial-link';
import { ensureCliBuilt, ROOT, runCli } from './cli';
import {
  requirePeerTools,
  startPtyPair,
  startSimulator,
  type PtyPair,
  type Simulator,
} from './socat';

const SLAVE = 7;
// The pty ignores line settings; these only have to be valid.
const LINE: LineSettings = { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
const FAST = { timeoutMs: 400, retries: 2 };

let pair: PtyPair | undefined;
let meter: Simulator | undefined;
let dataDir = '';
let profiles: MeterProfile[] = [];

function profile(id: string): MeterProfile {
  const found = profiles.find((p) => p.id === id);
  if (!found) throw new Error(`no built-in profile ${id}`);
  return found;
}

function onBus<T>(fn: (link: SerialLink) => Promise<T>): Promise<T> {
  if (!pair) throw new Error('no pty pair');
  return withLink(pair.a, LINE, fn);
}

beforeAll(async () => {
  requirePeerTools();
  pair = await startPtyPair();
  meter = await startSimulator(join(__dirname, 'pymodbus-meter.py'), [
    pair.b,
    String(SLAVE),
    // An SDM120 (input registers, float32 ABCD).
    '--input=0x0000=f32:230.1',
    '--input=0x0006=f32:5.25',
    '--input=0x000C=f32:1207.8',
    '--input=0x0048=f32:1234.5',
    // An Acrel DDSY1352 in the holding registers (scaled integers).
    '--holding=0x0000=u32:123456',
    '--holding=0x000B=u16:2301',
    '--holding=0x000C=u16:525',
    '--holding=0x000D=i16:-120',
  ]);
  const loaded = loadMeterProfiles(join(ROOT, 'resources', 'meter-profiles'));
  expect(loaded.problems).toEqual([]);
  profiles = loaded.profiles;
  dataDir = mkdtempSync(join(tmpdir(), 'griddesk-peers-'));
});

afterAll(async () => {
  await meter?.stop();
  await pair?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('readModbusMeter against pymodbus', () => {
  it('reads float32 ABCD input registers (SDM120) as the meter holds them', async () => {
    const result = await onBus((link) =>
      readModbusMeter(link, profile('eastron-sdm120'), SLAVE, FAST),
    );
    expect(result).toMatchObject({
      ok: true,
      values: { import_kwh: 1234.5, voltage_v: 230.1, current_a: 5.25, power_w: 1207.8 },
    });
    expect(result.ok && result.raw.import_kwh).toEqual([0x449a, 0x5000]);
  });

  it('reads scaled integers from holding registers (Acrel DDSY1352)', async () => {
    const result = await onBus((link) =>
      readModbusMeter(link, profile('acrel-ddsy1352'), SLAVE, FAST),
    );
    expect(result).toEqual({
      ok: true,
      values: { import_kwh: 1234.56, voltage_v: 230.1, current_a: 5.25, power_w: -120 },
      raw: { import_kwh: [1, 0xe240], voltage_v: [2301], current_a: [525], power_w: [0xff88] },
    });
  });

  it('reads only the measurements asked for', async () => {
    const result = await onBus((link) =>
      readModbusMeter(link, profile('eastron-sdm120'), SLAVE, { ...FAST, only: ['import_kwh'] }),
    );
    expect(result).toMatchObject({ ok: true, values: { import_kwh: 1234.5 } });
    expect(result.ok && Object.keys(result.values)).toEqual(['import_kwh']);
  });

  it('reports a silent address as no-answer after the retries, with no values', async () => {
    const started = Date.now();
    const result = await onBus((link) =>
      readModbusMeter(link, profile('eastron-sdm120'), SLAVE + 1, FAST),
    );
    expect(result).toMatchObject({ ok: false, kind: 'no-answer', attempts: 3 });
    expect(result).not.toHaveProperty('values');
    expect(result.ok ? '' : result.message).toMatch(/slave 8, import_kwh/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * FAST.timeoutMs - 50);
  });

  it('reports a register the meter lacks as an exception, without retrying', async () => {
    const base = profile('eastron-sdm120');
    const broken = parseProfile(
      {
        ...base,
        measurements: {
          ...base.measurements,
          import_kwh: { ...base.measurements.import_kwh, register: 0x0300 },
        },
      },
      'test',
    );
    const result = await onBus((link) => readModbusMeter(link, broken, SLAVE, FAST));
    expect(result).toMatchObject({
      ok: false,
      kind: 'exception',
      exceptionCode: 2,
      attempts: 1,
      measurement: 'import_kwh',
    });
    expect(result.ok ? '' : result.message).toContain('illegal data address');
  });
});

describe('testPort', () => {
  it('opens and closes a free port, and reports one held by another user as busy', async () => {
    if (!pair) throw new Error('no pty pair');
    expect(await testPort(pair.a, LINE)).toEqual({ ok: true });
    const holder = await openSerialLink(pair.a, LINE);
    try {
      expect(await testPort(pair.a, LINE)).toMatchObject({ ok: false, kind: 'busy' });
    } finally {
      await holder.close();
    }
  });
});

describe('scanModbus', () => {
  const probe = () => {
    const spec = profile('eastron-sdm120').measurements.voltage_v;
    if (!spec) throw new Error('no voltage in the SDM120 profile');
    return spec;
  };

  it('finds the meter among 1..10 and reports progress for every address', async () => {
    const events: [number, number, ScanHit[]][] = [];
    const result = await onBus((link) =>
      scanModbus(link, {
        from: 1,
        to: 10,
        probe: probe(),
        timeoutMs: 250,
        onProgress: (done, total, found) => events.push([done, total, found]),
      }),
    );
    expect(result).toEqual({
      found: [{ address: SLAVE, value: 230.1 }],
      aborted: false,
      scanned: 10,
    });
    expect(events.map(([done, total]) => [done, total])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 10]),
    );
    expect(events[SLAVE - 2]?.[2]).toEqual([]);
    expect(events[SLAVE - 1]?.[2]).toEqual([{ address: SLAVE, value: 230.1 }]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const result = await onBus((link) =>
      scanModbus(link, {
        from: 1,
        to: 10,
        probe: probe(),
        timeoutMs: 250,
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 3) controller.abort();
        },
      }),
    );
    expect(result).toEqual({ found: [], aborted: true, scanned: 3 });
  });
});

describe('setModbusAddress', () => {
  it('moves an Eastron-style meter to a new id with FC 16 float32 and verifies it', async () => {
    const voltage = profile('eastron-sdm120').measurements.voltage_v;
    if (!voltage) throw new Error('no voltage in the SDM120 profile');
    const move = (current: number, next: number) =>
      onBus((link) =>
        setModbusAddress(link, {
          current,
          next,
          register: 0x0014,
          function: 16,
          type: 'float32',
          probe: voltage,
          timeoutMs: 400,
          settleMs: 100,
        }),
      );
    try {
      expect(await move(SLAVE, 12)).toEqual({ ok: true, value: 230.1 });
      const old = await onBus((link) =>
        readProbe(link, SLAVE, voltage, { timeoutMs: 300, retries: 0 }),
      );
      expect(old).toMatchObject({ ok: false, kind: 'no-answer' });
    } finally {
      expect(await move(12, SLAVE)).toEqual({ ok: true, value: 230.1 });
    }
  });

  it('refuses an id that something already answers at', async () => {
    const voltage = profile('eastron-sdm120').measurements.voltage_v;
    if (!voltage) throw new Error('no voltage in the SDM120 profile');
    const result = await onBus((link) =>
      setModbusAddress(link, {
        current: 3,
        next: SLAVE,
        register: 0x0014,
        function: 16,
        type: 'float32',
        probe: voltage,
        timeoutMs: 300,
      }),
    );
    expect(result).toMatchObject({ ok: false, stage: 'check', kind: 'occupied' });
  });
});

describe('griddesk read-meter (Modbus)', () => {
  beforeAll(() => ensureCliBuilt(), 120_000);

  it('prints the values as JSON', async () => {
    if (!pair) throw new Error('no pty pair');
    const run = await runCli([
      '--data',
      dataDir,
      'read-meter',
      '--port',
      pair.a,
      '--profile',
      'eastron-sdm120',
      '--address',
      String(SLAVE),
      '--baud',
      '9600',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      import_kwh: 1234.5,
      voltage_v: 230.1,
      current_a: 5.25,
      power_w: 1207.8,
    });
  });

  it('exits 1 with a clear message when the meter is silent', async () => {
    if (!pair) throw new Error('no pty pair');
    const run = await runCli([
      '--data',
      dataDir,
      'read-meter',
      '--port',
      pair.a,
      '--profile',
      'eastron-sdm120',
      '--address',
      '9',
      '--timeout',
      '200',
      '--retries',
      '1',
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /no-answer: slave 9, import_kwh .*no answer within 200 ms \(2 attempt/,
    );
  });

  it('exits 2 on usage errors', async () => {
    if (!pair) throw new Error('no pty pair');
    const unknown = await runCli([
      '--data',
      dataDir,
      'read-meter',
      '--port',
      pair.a,
      '--profile',
      'nope',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no meter profile "nope"; known: acrel-ddsy1352');
    const noPort = await runCli(['--data', dataDir, 'read-meter', '--profile', 'eastron-sdm120']);
    expect(noPort.code).toBe(2);
    expect(noPort.stderr).toContain('--port is required');
  });

  it('exits 1 naming the problem when the port does not exist', async () => {
    const run = await runCli([
      '--data',
      dataDir,
      'read-meter',
      '--port',
      '/dev/griddesk-no-such-port',
      '--profile',
      'eastron-sdm120',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/dev/griddesk-no-such-port does not exist');
  });
});
