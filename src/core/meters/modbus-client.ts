// Reading Modbus RTU meters through a profile (docs/domain.md §9.1) over a SerialLink, plus the
// commissioning tools: an address scan and writing a new slave id. The rule that shapes it
// (§9.6): timeouts and CRC errors are retried and then reported per meter, never turned into a
// zero reading, because a zero becomes a wrong bill.
import {
  buildReadRequest,
  buildWriteSingleRegister,
  parseResponse,
  responseLength,
  type ModbusResult,
} from '../../domain/meters/modbus';
import {
  buildWriteMultipleRegisters,
  parseWriteMultipleResponse,
  writeMultipleResponseLength,
} from '../../domain/meters/modbus-write';
import {
  MEASUREMENTS,
  type MeasurementName,
  type MeasurementSpec,
  type MeterProfile,
} from '../../domain/meters/profile';
import { planReads } from '../../domain/meters/read-plan';
import {
  applyScale,
  decodeRegisters,
  encodeRegisters,
  type DecodeResult,
  type RegisterFormat,
  type RegisterType,
} from '../../domain/meters/registers';
import { SerialTimeoutError, type SerialLink } from './serial-link';

/**
 * 'no-answer': not one byte came back (wrong address, wiring, baud); 'timeout': an answer started
 * and stopped (noise, line settings); 'crc': garbled frames; 'mismatch': a well-formed answer
 * that is not the one asked for (another slave, wrong byte count); 'exception': the meter refused
 * (usually a register the model does not have); 'implausible': the value decodes to NaN/Infinity.
 */
export type ModbusFailureKind =
  'no-answer' | 'timeout' | 'crc' | 'mismatch' | 'exception' | 'implausible';

export interface ModbusFailure {
  ok: false;
  kind: ModbusFailureKind;
  message: string;
  /** Requests sent for the part that failed (1 + retries when every retry failed). */
  attempts: number;
  /** The measurement being read when it failed. */
  measurement?: MeasurementName;
  exceptionCode?: number;
}

export type MeterValues = Partial<Record<MeasurementName, number>>;

export type MeterRead =
  | {
      ok: true;
      values: MeterValues;
      /** The registers as received, for "compare with the display" troubleshooting. */
      raw: Partial<Record<MeasurementName, number[]>>;
    }
  | ModbusFailure;

export interface ReadOptions {
  timeoutMs: number;
  retries: number;
  only?: readonly MeasurementName[];
}

type Exchange =
  { ok: true; registers: number[]; attempts: number } | (ModbusFailure & { attempts: number });

const RETRYABLE = new Set<ModbusFailureKind>(['no-answer', 'timeout', 'crc', 'mismatch']);

/** One request with retries; the link's errors other than timeouts (port gone) are thrown. */
async function exchange(
  link: SerialLink,
  request: Uint8Array,
  options: {
    timeoutMs: number;
    retries: number;
    length: (rx: Uint8Array) => number;
    parse: (rx: Uint8Array) => ModbusResult;
  },
): Promise<Exchange> {
  const tries = 1 + Math.max(0, Math.floor(options.retries));
  let last: ModbusFailure | null = null;
  for (let attempt = 1; attempt <= tries; attempt++) {
    let failure: ModbusFailure;
    try {
      const rx = await link.request(request, options.length, options.timeoutMs);
      const result = options.parse(rx);
      if (result.ok) return { ok: true, registers: result.registers, attempts: attempt };
      failure = {
        ok: false,
        kind: result.kind === 'short' ? 'timeout' : result.kind,
        message: result.message,
        attempts: attempt,
        ...(result.exceptionCode === undefined ? {} : { exceptionCode: result.exceptionCode }),
      };
    } catch (error) {
      if (!(error instanceof SerialTimeoutError)) throw error;
      failure = {
        ok: false,
        kind: error.kind === 'no-answer' ? 'no-answer' : 'timeout',
        message: error.message,
        attempts: attempt,
      };
    }
    last = failure;
    if (!RETRYABLE.has(failure.kind)) return failure;
  }
  // tries >= 1, so the loop ran and set `last`.
  return last ?? { ok: false, kind: 'no-answer', message: 'no attempt made', attempts: 0 };
}

async function readRegisters(
  link: SerialLink,
  address: number,
  fn: 3 | 4,
  start: number,
  count: number,
  options: { timeoutMs: number; retries: number },
): Promise<Exchange> {
  const request = buildReadRequest(address, fn, start, count);
  return exchange(link, request, {
    ...options,
    length: (rx) => responseLength(request, rx),
    parse: (rx) => parseResponse(request, rx),
  });
}

/**
 * A float32 such as 230.1 arrives as 230.10000610351562: report the shortest decimal that is the
 * same float32, which is what the meter's display shows, before scaling.
 */
function shortestFloat32(value: number): number {
  const target = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return value;
}

/** decodeRegisters, with float32 values shortened (see above) before the profile's scale. */
export function decodeMeasurement(
  registers: readonly number[],
  format: RegisterFormat,
): DecodeResult {
  const raw = decodeRegisters(registers, { ...format, scale: 1 });
  if (!raw.ok) return raw;
  const unscaled = format.type === 'float32' ? shortestFloat32(raw.value) : raw.value;
  const value = applyScale(unscaled, format.scale);
  if (!Number.isFinite(value)) {
    return { ok: false, kind: 'implausible', message: `${raw.value} x ${format.scale} overflows` };
  }
  return { ok: true, value };
}

interface Group {
  fn: 3 | 4;
  start: number;
  count: number;
  members: [MeasurementName, MeasurementSpec][];
}

/**
 * The requests that read `measurements`, as the profile's read rules allow (planReads), import
 * energy's first: when a meter fails, the message names the reading that matters.
 */
function groupRequests(
  measurements: [MeasurementName, MeasurementSpec][],
  profile: MeterProfile,
): Group[] {
  const spans = measurements.map(([name, spec]) => ({ ...spec, name }));
  const groups: Group[] = planReads(spans, {
    maxGap: profile.readGap ?? 0,
    unsafe: profile.unsafeRegisters ?? [],
  }).map((read) => ({
    fn: read.fn,
    start: read.start,
    count: read.count,
    members: read.members.map(
      ({ name, ...spec }) => [name, spec] as [MeasurementName, MeasurementSpec],
    ),
  }));
  const rank = (g: Group) => Math.min(...g.members.map(([name]) => MEASUREMENTS.indexOf(name)));
  return groups.sort((a, b) => rank(a) - rank(b));
}

function describeAddress(fn: number, register: number): string {
  return `FC ${String(fn).padStart(2, '0')} register 0x${register.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Reads every measurement of `profile` (or those in `only`) from slave `address`. The first
 * failing measurement fails the whole read: a partial set would look like a complete one.
 */
export async function readModbusMeter(
  link: SerialLink,
  profile: MeterProfile,
  address: number,
  options: ReadOptions,
): Promise<MeterRead> {
  const wanted = MEASUREMENTS.filter((name) => !options.only || options.only.includes(name));
  const chosen: [MeasurementName, MeasurementSpec][] = [];
  for (const name of wanted) {
    const spec = profile.measurements[name];
    if (spec) chosen.push([name, spec]);
  }
  const values: MeterValues = {};
  const raw: Partial<Record<MeasurementName, number[]>> = {};
  const timing = { timeoutMs: options.timeoutMs, retries: options.retries };

  for (const group of groupRequests(chosen, profile)) {
    let answer = await readRegisters(link, address, group.fn, group.start, group.count, timing);
    // A group refused as a whole may hold (or bridge) a register the firmware lacks: ask one by
    // one to name it, instead of failing measurements that would read fine.
    const parts =
      !answer.ok && answer.kind === 'exception' && group.members.length > 1
        ? group.members.map((m) => ({
            fn: group.fn,
            start: m[1].register,
            count: m[1].words,
            members: [m],
          }))
        : [group];
    for (const part of parts) {
      if (part !== group) {
        answer = await readRegisters(link, address, part.fn, part.start, part.count, timing);
      }
      const first = part.members[0];
      if (!answer.ok) {
        const where = first ? `${first[0]} (${describeAddress(part.fn, first[1].register)})` : '';
        return {
          ...answer,
          message: `slave ${address}, ${where}: ${answer.message}`,
          ...(first ? { measurement: first[0] } : {}),
        };
      }
      for (const [name, spec] of part.members) {
        const offset = spec.register - part.start;
        const registers = answer.registers.slice(offset, offset + spec.words);
        const decoded = decodeMeasurement(registers, spec);
        if (!decoded.ok) {
          return {
            ok: false,
            kind: 'implausible',
            message: `slave ${address}, ${name}: ${decoded.message}`,
            attempts: answer.attempts,
            measurement: name,
          };
        }
        values[name] = decoded.value;
        raw[name] = registers;
      }
    }
  }
  return { ok: true, values, raw };
}

/** Reads one measurement spec (the probe of a scan or of a commissioning check). */
export async function readProbe(
  link: SerialLink,
  address: number,
  probe: MeasurementSpec,
  options: { timeoutMs: number; retries: number },
): Promise<{ ok: true; value: number; registers: number[] } | ModbusFailure> {
  const answer = await readRegisters(
    link,
    address,
    probe.function,
    probe.register,
    probe.words,
    options,
  );
  if (!answer.ok) return answer;
  const decoded = decodeMeasurement(answer.registers, probe);
  if (!decoded.ok) {
    return { ok: false, kind: 'implausible', message: decoded.message, attempts: answer.attempts };
  }
  return { ok: true, value: decoded.value, registers: answer.registers };
}

export interface ScanHit {
  address: number;
  /** The probe's value; absent when the meter answered but refused or garbled it. */
  value?: number;
  /** Why there is no value: e.g. an exception (someone is there, with another register map). */
  problem?: string;
}

export interface ScanOptions {
  from: number;
  to: number;
  probe: MeasurementSpec;
  timeoutMs: number;
  /** Per address; 0 keeps a full 1..247 scan short, a second pass can retry the silent ones. */
  retries?: number;
  onProgress?: (done: number, total: number, found: ScanHit[]) => void;
  signal?: AbortSignal;
}

/**
 * Asks every address in [from, to] for the probe. Anything that answers with a frame is listed,
 * including exceptions and garbled replies (two meters sharing an address often garble), so
 * the commissioning wizard can show who is on the bus. Aborting stops before the next address.
 */
export async function scanModbus(
  link: SerialLink,
  options: ScanOptions,
): Promise<{ found: ScanHit[]; aborted: boolean; scanned: number }> {
  const from = Math.max(1, Math.floor(options.from));
  const to = Math.min(247, Math.floor(options.to));
  const total = Math.max(0, to - from + 1);
  const found: ScanHit[] = [];
  let done = 0;
  for (let address = from; address <= to; address++) {
    if (options.signal?.aborted) return { found, aborted: true, scanned: done };
    const answer = await readProbe(link, address, options.probe, {
      timeoutMs: options.timeoutMs,
      retries: options.retries ?? 0,
    });
    if (answer.ok) {
      found.push({ address, value: answer.value });
    } else if (answer.kind !== 'no-answer') {
      found.push({ address, problem: `${answer.kind}: ${answer.message}` });
    }
    done += 1;
    options.onProgress?.(done, total, [...found]);
  }
  return { found, aborted: false, scanned: done };
}

export interface SetAddressOptions {
  current: number;
  next: number;
  /** The holding register that takes the id, e.g. 0x0014 on Eastron meters. */
  register: number;
  function: 6 | 16;
  /** How the id is stored: uint16 for most meters, float32 on Eastron. */
  type: RegisterType;
  /** Read at the new address to prove the change, e.g. the profile's voltage. */
  probe: MeasurementSpec;
  timeoutMs: number;
  retries?: number;
  /** Time the meter takes to store and apply its new id before it answers there. */
  settleMs?: number;
}

export type SetAddressResult =
  | { ok: true; value: number }
  | { ok: false; stage: 'check' | 'write' | 'verify'; kind: string; message: string };

/**
 * Gives the meter answering at `current` the id `next`: the meter must be alone at `current`.
 * Refuses when something already answers at `next` (two meters at one id garble every read),
 * then writes, waits, and verifies by reading the probe at the new address.
 */
export async function setModbusAddress(
  link: SerialLink,
  options: SetAddressOptions,
): Promise<SetAddressResult> {
  const { current, next } = options;
  const timing = { timeoutMs: options.timeoutMs, retries: options.retries ?? 2 };
  if (current === next) {
    return { ok: false, stage: 'check', kind: 'same', message: `the meter already has id ${next}` };
  }
  const occupied = await readProbe(link, next, options.probe, { ...timing, retries: 0 });
  if (occupied.ok || occupied.kind !== 'no-answer') {
    return {
      ok: false,
      stage: 'check',
      kind: 'occupied',
      message: `something already answers at id ${next}: choose a free id`,
    };
  }
  const present = await readProbe(link, current, options.probe, timing);
  if (!present.ok) {
    return {
      ok: false,
      stage: 'check',
      kind: present.kind,
      message: `no meter to renumber at id ${current}: ${present.message}`,
    };
  }

  const words = encodeRegisters(next, {
    type: options.type,
    wordOrder: 'high-first',
    byteOrder: 'big',
  });
  let written: Exchange;
  if (options.function === 6) {
    const [word] = words;
    if (words.length !== 1 || word === undefined) {
      return {
        ok: false,
        stage: 'write',
        kind: 'usage',
        message: `FC 06 writes one register: ${options.type} needs FC 16`,
      };
    }
    const request = buildWriteSingleRegister(current, options.register, word);
    written = await exchange(link, request, {
      ...timing,
      length: (rx) => responseLength(request, rx),
      parse: (rx) => parseResponse(request, rx),
    });
  } else {
    const request = buildWriteMultipleRegisters(current, options.register, words);
    written = await exchange(link, request, {
      ...timing,
      length: writeMultipleResponseLength,
      parse: (rx) => parseWriteMultipleResponse(request, rx),
    });
  }
  // Some meters switch id before answering and reply from the new one (or not at all): the
  // verification below decides, so only a refusal stops here.
  if (!written.ok && written.kind === 'exception') {
    return { ok: false, stage: 'write', kind: written.kind, message: written.message };
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 300));
  const verified = await readProbe(link, next, options.probe, timing);
  if (!verified.ok) {
    return {
      ok: false,
      stage: 'verify',
      kind: verified.kind,
      message: `the meter does not answer at id ${next} after the write: ${verified.message}`,
    };
  }
  return { ok: true, value: verified.value };
}
