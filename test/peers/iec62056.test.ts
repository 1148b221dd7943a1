// Our IEC 62056-21 mode C client against an independent Python meter (written from docs/domain.md
// §9.2) over a socat pty pair. A pty ignores baud, so the baud switch is checked logically: the
// acknowledgement asks for the right speed and the link follows it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IEC_SIGN_ON_LINE, readIecMeter, type IecOptions } from '../../src/core/meters/iec-client';
import { withLink } from '../../src/core/meters/serial-link';
import { ensureCliBuilt, runCli } from './cli';
import {
  requirePeerTools,
  startPtyPair,
  startSimulator,
  type PtyPair,
  type Simulator,
} from './socat';

const SCRIPT = join(__dirname, 'iec62056-meter.py');
const SHORT: IecOptions = { identificationTimeoutMs: 1500, dataTimeoutMs: 3000 };

let running: { pair: PtyPair; meter?: Simulator }[] = [];

async function meterOnPty(args: string[]): Promise<{ pair: PtyPair; meter: Simulator }> {
  const pair = await startPtyPair();
  const entry: { pair: PtyPair; meter?: Simulator } = { pair };
  running.push(entry);
  const meter = await startSimulator(SCRIPT, [pair.b, ...args]);
  entry.meter = meter;
  return { pair, meter };
}

async function stopAll(): Promise<void> {
  for (const { pair, meter } of running) {
    await meter?.stop();
    await pair.stop();
  }
  running = [];
}

beforeAll(() => requirePeerTools());
afterEach(stopAll);
afterAll(stopAll);

describe('readIecMeter against a mode C meter', () => {
  it('signs on, switches to the announced baud and reads the data block', async () => {
    const { pair, meter } = await meterOnPty(['--letter', '5', '--ident', 'SIM100']);
    const baudRates: number[] = [];
    const result = await withLink(pair.a, IEC_SIGN_ON_LINE, (link) =>
      readIecMeter(
        {
          ...link,
          path: link.path,
          update: (options) => {
            baudRates.push(options.baudRate);
            return link.update(options);
          },
        },
        SHORT,
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      identification: { maker: 'GDK', baudLetter: '5', baud: 9600, ident: 'SIM100' },
      baud: 9600,
      importWh: 12_345_670,
    });
    expect(result.ok && result.dataSets.map((s) => s.obis)).toEqual([
      '0.0.0',
      '1.8.0',
      '1.8.1',
      '1.8.2',
      '32.7.0',
      '0.9.1',
    ]);
    expect(baudRates).toEqual([9600]);
    expect(meter.output()).toContain('ACK 5');
  });

  it('reads no faster than maxBaud', async () => {
    const { pair, meter } = await meterOnPty(['--letter', '6']);
    const result = await withLink(pair.a, IEC_SIGN_ON_LINE, (link) =>
      readIecMeter(link, { ...SHORT, maxBaud: 2400 }),
    );
    expect(result).toMatchObject({ ok: true, baud: 2400, importWh: 12_345_670 });
    expect(meter.output()).toContain('ACK 3');
  });

  it('copes with a probe that echoes what it sends', async () => {
    const { pair } = await meterOnPty(['--echo', '--kwh', '0000042.5']);
    const result = await withLink(pair.a, IEC_SIGN_ON_LINE, (link) => readIecMeter(link, SHORT));
    expect(result).toMatchObject({ ok: true, importWh: 42_500 });
  });

  it('refuses a data block whose BCC is wrong', async () => {
    const { pair } = await meterOnPty(['--bad-bcc']);
    const result = await withLink(pair.a, IEC_SIGN_ON_LINE, (link) => readIecMeter(link, SHORT));
    expect(result).toMatchObject({ ok: false, stage: 'data', kind: 'bcc' });
  });

  it('says so when nothing answers the sign-on', async () => {
    const pair = await startPtyPair();
    running.push({ pair });
    const result = await withLink(pair.a, IEC_SIGN_ON_LINE, (link) =>
      readIecMeter(link, { ...SHORT, identificationTimeoutMs: 400 }),
    );
    expect(result).toMatchObject({ ok: false, stage: 'identification', kind: 'no-answer' });
    expect(result.ok ? '' : result.message).toContain('optical port');
  });
});

describe('griddesk read-meter --protocol iec62056-21', () => {
  let dataDir = '';
  beforeAll(() => {
    ensureCliBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'griddesk-peers-'));
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints import energy and the OBIS values as JSON', async () => {
    const { pair } = await meterOnPty([]);
    const run = await runCli([
      '--data',
      dataDir,
      'read-meter',
      '--port',
      pair.a,
      '--protocol',
      'iec62056-21',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.import_kwh).toBe(12345.67);
    expect(json.obis['1.8.0']).toEqual({ value: 12345.67, unit: 'kWh' });
    expect(json.obis['32.7.0']).toEqual({ value: 230.1, unit: 'V' });
    expect(json.obis['0.0.0']).toEqual({ value: 12345678 });
  });
});
