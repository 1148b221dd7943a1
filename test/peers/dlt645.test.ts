// Our DL/T 645-2007 client against an independent Python meter (written from docs/domain.md §9.3)
// over a socat pty pair: energy by address, silence reported after retries, a bad checksum retried.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DLT645_DEFAULT_LINE, readDlt645Energy } from '../../src/core/meters/dlt645-client';
import { withLink } from '../../src/core/meters/serial-link';
import { ensureCliBuilt, runCli } from './cli';
import {
  requirePeerTools,
  startPtyPair,
  startSimulator,
  type PtyPair,
  type Simulator,
} from './socat';

const SCRIPT = join(__dirname, 'dlt645-meter.py');
const ADDRESS = '123456789012';

let running: { pair: PtyPair; meter: Simulator }[] = [];

async function meterOnPty(args: string[]): Promise<{ pair: PtyPair; meter: Simulator }> {
  const pair = await startPtyPair();
  try {
    const meter = await startSimulator(SCRIPT, [pair.b, '--address', ADDRESS, ...args]);
    running.push({ pair, meter });
    return { pair, meter };
  } catch (error) {
    await pair.stop();
    throw error;
  }
}

async function stopAll(): Promise<void> {
  for (const { pair, meter } of running) {
    await meter.stop();
    await pair.stop();
  }
  running = [];
}

beforeAll(() => requirePeerTools());
afterEach(stopAll);
afterAll(stopAll);

describe('readDlt645Energy against a DL/T 645 meter', () => {
  it('reads forward active total energy in Wh by address', async () => {
    const { pair } = await meterOnPty(['--kwh', '1234.56']);
    const result = await withLink(pair.a, DLT645_DEFAULT_LINE, (link) =>
      readDlt645Energy(link, ADDRESS, { timeoutMs: 500, retries: 2 }),
    );
    expect(result).toEqual({ ok: true, address: ADDRESS, wh: 1_234_560, attempts: 1 });
  });

  it('finds the meter with the wildcard address', async () => {
    const { pair } = await meterOnPty(['--kwh', '7.01']);
    const result = await withLink(pair.a, DLT645_DEFAULT_LINE, (link) =>
      readDlt645Energy(link, 'AAAAAAAAAAAA', { timeoutMs: 500, retries: 0 }),
    );
    expect(result).toMatchObject({ ok: true, address: ADDRESS, wh: 7010 });
  });

  it('reports another address as no-answer after the retries', async () => {
    const { pair } = await meterOnPty([]);
    const result = await withLink(pair.a, DLT645_DEFAULT_LINE, (link) =>
      readDlt645Energy(link, '000000000001', { timeoutMs: 300, retries: 2 }),
    );
    expect(result).toMatchObject({ ok: false, kind: 'no-answer', attempts: 3 });
  });

  it('retries a reply with a bad checksum and then reads', async () => {
    const { pair } = await meterOnPty(['--bad-checksum', '1']);
    const result = await withLink(pair.a, DLT645_DEFAULT_LINE, (link) =>
      readDlt645Energy(link, ADDRESS, { timeoutMs: 500, retries: 2 }),
    );
    expect(result).toEqual({ ok: true, address: ADDRESS, wh: 1_234_560, attempts: 2 });
  });

  it('reports checksum errors once the retries are used up', async () => {
    const { pair } = await meterOnPty(['--bad-checksum', '5']);
    const result = await withLink(pair.a, DLT645_DEFAULT_LINE, (link) =>
      readDlt645Energy(link, ADDRESS, { timeoutMs: 500, retries: 1 }),
    );
    expect(result).toMatchObject({ ok: false, kind: 'checksum', attempts: 2 });
  });
});

describe('griddesk read-meter --protocol dlt645', () => {
  let dataDir = '';
  beforeAll(() => {
    ensureCliBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'griddesk-peers-'));
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints the energy as JSON', async () => {
    const { pair } = await meterOnPty(['--kwh', '1234.56']);
    const run = await runCli([
      '--data',
      dataDir,
      'read-meter',
      '--port',
      pair.a,
      '--protocol',
      'dlt645',
      '--address',
      ADDRESS,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      import_kwh: 1234.56,
      import_wh: 1_234_560,
      address: ADDRESS,
    });
  });
});
