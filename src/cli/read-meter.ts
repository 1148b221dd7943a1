// `griddesk read-meter`: read one meter on a serial port from the command line, for bench tests
// and site commissioning without the desktop app. Argument parsing and printing only: the
// protocols live in src/core/meters and src/domain/meters.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MEASUREMENT_UNITS, MEASUREMENTS, type MeterProfile } from '../domain/meters/profile';
import { DLT645_DEFAULT_LINE, readDlt645Energy } from '../core/meters/dlt645-client';
import { IEC_SIGN_ON_LINE, readIecMeter } from '../core/meters/iec-client';
import { readModbusMeter } from '../core/meters/modbus-client';
import { loadMeterProfiles } from '../core/meters/profiles';
import { SerialPortError, withLink, type LineSettings } from '../core/meters/serial-link';
import { meterProfilesDir } from './paths';

export const READ_METER_USAGE = `Usage:
  griddesk read-meter --port PATH --profile ID [--address N] [--baud B] [--parity none|even|odd]
        [--stop-bits 1|2] [--timeout MS] [--retries N] [--json]
      Modbus RTU: every measurement of the profile (profiles: resources/meter-profiles and the
      data folder's meter-profiles/). --json prints {"import_kwh": ..., "voltage_v": ...}.
  griddesk read-meter --port PATH --protocol iec62056-21 [--device-address A] [--max-baud B] [--json]
      IEC 62056-21 mode C through an optical probe; --json prints {"import_kwh": ..., "obis": {...}}.
  griddesk read-meter --port PATH --protocol dlt645 --address 123456789012 [--baud B] [--parity P]
      DL/T 645-2007 forward active energy (default line 2400 8E1).

Exit codes: 0 read, 1 the meter or port failed (message on stderr), 2 usage error.`;

class UsageError extends Error {}

const PROTOCOLS = ['modbus', 'iec62056-21', 'dlt645'] as const;
type Protocol = (typeof PROTOCOLS)[number];

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function intOption(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number ${min}..${max}, got "${raw}"`);
  }
  return n;
}

function lineSettings(
  base: LineSettings,
  values: { baud?: string; parity?: string; 'stop-bits'?: string; 'data-bits'?: string },
): LineSettings {
  const parity = values.parity;
  if (parity !== undefined && parity !== 'none' && parity !== 'even' && parity !== 'odd') {
    throw new UsageError(`--parity must be none, even or odd, got "${parity}"`);
  }
  const stopBits = intOption('stop-bits', values['stop-bits'], 1, 2);
  const dataBits = intOption('data-bits', values['data-bits'], 7, 8);
  return {
    baud: intOption('baud', values.baud, 300, 115200) ?? base.baud,
    parity: parity ?? base.parity,
    stopBits: stopBits === 2 ? 2 : stopBits === 1 ? 1 : base.stopBits,
    dataBits: dataBits === 7 ? 7 : dataBits === 8 ? 8 : base.dataBits,
  };
}

function describeLine(s: LineSettings): string {
  return `${s.baud} ${s.dataBits}${s.parity[0]?.toUpperCase() ?? 'N'}${s.stopBits}`;
}

/** `args` are the words after `read-meter`; `dataDir` holds the user's extra profiles. */
export async function readMeterCommand(
  dataDir: string,
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  const io: Io = { out, err };
  try {
    return await run(dataDir, args, io);
  } catch (error) {
    if (error instanceof SerialPortError) {
      err(`griddesk read-meter: ${error.message}`);
      return 1;
    }
    if (
      error instanceof UsageError ||
      (error instanceof TypeError &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      err(`griddesk read-meter: ${error.message}`);
      err('Run griddesk read-meter --help for usage.');
      return 2;
    }
    throw error;
  }
}

async function run(dataDir: string, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      profile: { type: 'string' },
      protocol: { type: 'string' },
      address: { type: 'string' },
      'device-address': { type: 'string' },
      baud: { type: 'string' },
      parity: { type: 'string' },
      'stop-bits': { type: 'string' },
      'data-bits': { type: 'string' },
      'max-baud': { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    io.out(READ_METER_USAGE);
    return 0;
  }
  if (values.port === undefined) throw new UsageError('--port is required');
  const protocol = (values.protocol ?? 'modbus') as Protocol;
  if (!PROTOCOLS.includes(protocol)) {
    throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}, got "${protocol}"`);
  }
  const timeoutMs = intOption('timeout', values.timeout, 10, 120_000);
  const retries = intOption('retries', values.retries, 0, 10) ?? 2;
  const port = values.port;

  if (protocol === 'iec62056-21') {
    const maxBaud = intOption('max-baud', values['max-baud'], 300, 19200);
    const result = await withLink(port, IEC_SIGN_ON_LINE, (link) =>
      readIecMeter(link, {
        ...(values['device-address'] ? { address: values['device-address'] } : {}),
        ...(maxBaud ? { maxBaud } : {}),
        ...(timeoutMs ? { identificationTimeoutMs: timeoutMs } : {}),
      }),
    );
    if (!result.ok) {
      io.err(`griddesk read-meter: ${result.stage}: ${result.message}`);
      return 1;
    }
    if (values.json) {
      const obis: Record<string, { value: number | string; unit?: string }> = {};
      for (const set of result.dataSets) {
        const key = set.index === 0 ? set.obis : `${set.obis}[${set.index}]`;
        obis[key] = { value: set.number ?? set.value, ...(set.unit ? { unit: set.unit } : {}) };
      }
      const json = {
        ...(result.importWh === null ? {} : { import_kwh: result.importWh / 1000 }),
        identification: result.identification,
        obis,
      };
      io.out(JSON.stringify(json, null, 2));
    } else {
      const id = result.identification;
      io.out(`${id.maker} ${id.ident}, read at ${result.baud} baud`);
      for (const set of result.dataSets) {
        io.out(`  ${set.obis.padEnd(16)} ${set.value}${set.unit ? ` ${set.unit}` : ''}`);
      }
      if (result.importProblem) io.out(`  (import energy: ${result.importProblem})`);
    }
    return 0;
  }

  if (protocol === 'dlt645') {
    const address = values.address;
    if (address === undefined || !/^[0-9]{1,12}$|^[Aa]{12}$/.test(address)) {
      throw new UsageError(
        "dlt645 needs --address: the meter's 12-digit address (or AAAAAAAAAAAA)",
      );
    }
    const padded = address.toUpperCase().padStart(12, '0');
    const line = lineSettings(DLT645_DEFAULT_LINE, values);
    const result = await withLink(port, line, (link) =>
      readDlt645Energy(link, padded, { timeoutMs: timeoutMs ?? 1000, retries }),
    );
    if (!result.ok) {
      io.err(
        `griddesk read-meter: ${result.message} (${result.attempts} attempt(s), ${describeLine(line)})`,
      );
      return 1;
    }
    if (values.json) {
      io.out(
        JSON.stringify({
          import_kwh: result.wh / 1000,
          import_wh: result.wh,
          address: result.address,
        }),
      );
    } else {
      io.out(`meter ${result.address}: import ${result.wh / 1000} kWh`);
    }
    return 0;
  }

  if (values.profile === undefined) {
    throw new UsageError('Modbus needs --profile ID (or --protocol iec62056-21 / dlt645)');
  }
  const profile = chooseProfile(dataDir, values.profile, io);
  const address = intOption('address', values.address, 1, 247) ?? profile.defaults.address;
  const line = lineSettings(profile.defaults, values);
  const result = await withLink(port, line, (link) =>
    readModbusMeter(link, profile, address, { timeoutMs: timeoutMs ?? 1000, retries }),
  );
  if (!result.ok) {
    io.err(
      `griddesk read-meter: ${result.kind}: ${result.message} (${result.attempts} attempt(s), ${describeLine(line)})`,
    );
    return 1;
  }
  if (values.json) {
    io.out(JSON.stringify(result.values));
    return 0;
  }
  io.out(`${profile.name}, id ${address} on ${port} (${describeLine(line)})`);
  for (const name of MEASUREMENTS) {
    const value = result.values[name];
    if (value !== undefined) io.out(`  ${name.padEnd(14)} ${value} ${MEASUREMENT_UNITS[name]}`);
  }
  return 0;
}

function chooseProfile(dataDir: string, id: string, io: Io): MeterProfile {
  const { profiles, problems } = loadMeterProfiles(
    meterProfilesDir,
    join(dataDir, 'meter-profiles'),
  );
  for (const p of problems) io.err(`warning: ${p.message}`);
  const profile = profiles.find((p) => p.id === id);
  if (!profile) {
    throw new UsageError(
      `no meter profile "${id}"; known: ${profiles.map((p) => p.id).join(', ') || 'none'}`,
    );
  }
  return profile;
}
