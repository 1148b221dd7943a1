// Bulk read of 10 simulated meters on one bus (issue 5, Speed): time per meter through the
// dispatcher on a real temporary database, beside the raw request/response time of the same
// simulator (one FC 04 read of 2 registers on an open serial link) measured in the same run.
// The simulator is Debian's pymodbus on a socat pty pair (test/peers); without them the bench
// says what is missing and skips: a benchmark is not a test.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readModbusMeter } from '../../src/core/meters/modbus-client';
import { loadMeterProfiles } from '../../src/core/meters/profiles';
import { openSerialLink, withLink, type LineSettings } from '../../src/core/meters/serial-link';
import { buildReadRequest, responseLength } from '../../src/domain/meters/modbus';
import type { MeterProfile } from '../../src/domain/meters/profile';
import { planReads } from '../../src/domain/meters/read-plan';
import { openTestCore, setUpOffice, tempDir } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';
import { PYTHON, startPtyPair, startSimulator, type PtyPair, type Simulator } from '../peers/socat';
import { measure, printTable, type Figures, type Row } from './harness';

const METERS = 10;
const BULK_RUNS = 7;
const RAW_REQUESTS = 300;
const PEERS = join(__dirname, '..', 'peers');
const PROFILES = join(__dirname, '..', '..', 'resources', 'meter-profiles');
// The pty ignores line settings; these only have to be valid.
const LINE: LineSettings = { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
const TIMING = { timeoutMs: 1000, retries: 0 };

/** Why the bench cannot run here, or null when socat, Python and pymodbus are all there. */
function missingTool(): string | null {
  const probes: [string, string[], string][] = [
    ['socat', ['-V'], 'socat (apt install socat)'],
    [
      PYTHON,
      ['-c', 'import serial, pymodbus'],
      'python3-serial and python3-pymodbus (apt install)',
    ],
  ];
  for (const [command, args, what] of probes) {
    const probe = spawnSync(command, args, { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) return what;
  }
  return null;
}

/** Requests a read of `profile` takes, as the client plans them (planReads). */
function requestsPerRead(profile: MeterProfile): number {
  const specs = Object.values(profile.measurements).filter((s) => s !== undefined);
  return planReads(specs, { maxGap: profile.readGap ?? 0, unsafe: profile.unsafeRegisters ?? [] })
    .length;
}

function perMeter(f: Figures): Figures {
  return {
    n: f.n,
    meanUs: f.meanUs / METERS,
    p50Us: f.p50Us / METERS,
    p95Us: f.p95Us / METERS,
    p99Us: f.p99Us / METERS,
  };
}

function sdm120Args(id: number): string[] {
  return [
    `--slave=${id}`,
    `--input=0x0000=f32:${229 + id / 10}`,
    `--input=0x0006=f32:${id / 4}`,
    `--input=0x000C=f32:${100 * id}`,
    `--input=0x0048=f32:${1000 * id + 0.5}`,
  ];
}

export async function benchMeters(): Promise<void> {
  const title = `Meters: bulk read of ${METERS} simulated SDM120s on one bus (pymodbus over socat)`;
  const missing = missingTool();
  if (missing) {
    process.stdout.write(`\n${title}\nSKIPPED: this benchmark needs ${missing}.\n`);
    return;
  }

  const dir = tempDir('griddesk-bench-meters-');
  let pair: PtyPair | undefined;
  let simulator: Simulator | undefined;
  // Ctrl-C, or an exit before the finally below, must not leave socat or Python running: both
  // stop calls signal their process synchronously.
  const killNow = () => {
    void simulator?.stop();
    void pair?.stop();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let t: ReturnType<typeof openTestCore> | undefined;
  try {
    pair = await startPtyPair();
    const ids = Array.from({ length: METERS }, (_, i) => i + 1);
    simulator = await startSimulator(join(PEERS, 'pymodbus-meter.py'), [
      pair.b,
      ...ids.flatMap(sdm120Args),
    ]);
    const port = pair.a;

    const loaded = loadMeterProfiles(PROFILES);
    const profile = loaded.profiles.find((p) => p.id === 'eastron-sdm120');
    if (!profile) throw new Error(`no eastron-sdm120 profile in ${PROFILES}`);

    t = openTestCore(dir.path);
    const { admin } = await setUpOffice(t);
    const seed = await seedRegistry(t, admin);
    for (const id of ids) {
      const device = await t.ok(
        'devices.create',
        { modelId: seed.meter.id, serial: `BENCH-${id}`, villageId: seed.village.id },
        { token: admin },
      );
      await t.ok(
        'meters.configure',
        {
          deviceId: device.id,
          protocol: 'modbus-rtu',
          port,
          profileId: 'eastron-sdm120',
          busAddress: String(id),
          baud: LINE.baud,
        },
        { token: admin },
      );
    }

    // (a) meters.bulkRead of the whole bus through the dispatcher, storing 10 readings a run.
    const core = t;
    const bulk = await measure(
      async () => {
        core.clock.advance(3_600_000);
        const r = await core.ok('meters.bulkRead', { port, ...TIMING }, { token: admin });
        if (r.summary.ok !== METERS) {
          throw new Error(
            `bulk read: ${JSON.stringify(r.results.filter((x) => x.outcome !== 'ok'))}`,
          );
        }
      },
      BULK_RUNS,
      1,
    );

    // (b) One meter read with the client on an already open link: the protocol work alone, with
    // the profile's grouped requests and, before issue 16, one request per measurement.
    const ungrouped: MeterProfile = { ...profile, readGap: 0 };
    const clientRead = async (p: MeterProfile) =>
      withLink(port, LINE, async (link) =>
        measure(async () => {
          const r = await readModbusMeter(link, p, 1, TIMING);
          if (!r.ok) throw new Error(`readModbusMeter: ${r.message}`);
        }, 50),
      );
    const clientBefore = await clientRead(ungrouped);
    const clientAfter = await clientRead(profile);

    // (c) The raw exchange: one FC 04 read of 2 registers, request to complete answer.
    const request = buildReadRequest(1, 4, 0x0048, 2);
    const link = await openSerialLink(port, LINE);
    let raw: Figures;
    try {
      raw = await measure(async () => {
        const rx = await link.request(request, (got) => responseLength(request, got), 1000);
        if (rx.length !== 9) throw new Error(`raw read answered ${rx.length} bytes`);
      }, RAW_REQUESTS);
    } finally {
      await link.close();
    }
    // (d) What bulk read adds per meter on the wire side: it opens and closes the port for each.
    const openClose = await measure(async () => {
      const l = await openSerialLink(port, LINE);
      await l.close();
    }, 50);

    const requests = requestsPerRead(profile);
    const requestsBefore = requestsPerRead(ungrouped);
    const rawBase = { name: 'raw FC04 x2 regs', figures: raw };
    const rows: Row[] = [
      {
        name: `bulkRead, per meter (${BULK_RUNS} runs)`,
        figures: perMeter(bulk),
        baseline: rawBase,
      },
      {
        name: `readModbusMeter, ${requestsBefore} requests (before)`,
        figures: clientBefore,
        baseline: rawBase,
      },
      {
        name: `readModbusMeter, ${requests} requests (grouped)`,
        figures: clientAfter,
        baseline: rawBase,
        target: '2 requests',
        before: '4 requests (19 ms)',
      },
      { name: 'open + close the port', figures: openClose },
      { name: 'raw request/response', figures: raw },
    ];
    printTable(title, rows);
    const each = perMeter(bulk).p50Us;
    const rest = (each - requests * raw.p50Us) / 1000;
    process.stdout.write(
      `an SDM120 read is ${requests} requests (readGap ${profile.readGap ?? 0} bridges voltage, ` +
        `current and power), ${requestsBefore} before; on an open link p50 ` +
        `${(clientBefore.p50Us / 1000).toFixed(2)} ms before, ${(clientAfter.p50Us / 1000).toFixed(2)} ms ` +
        `grouped (target: 2 requests). Per meter, bulkRead takes ${(each / raw.p50Us).toFixed(1)} raw ` +
        `request times, leaving ${rest.toFixed(2)} ms per meter for opening the port, quiet gaps, ` +
        `the dispatcher and the database (whole bus of ${METERS}: p50 ` +
        `${(bulk.p50Us / 1000).toFixed(1)} ms)\n`,
    );
  } finally {
    t?.close();
    await simulator?.stop();
    await pair?.stop();
    process.removeListener('exit', killNow);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    dir.remove();
  }
}
