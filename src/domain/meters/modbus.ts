// Modbus RTU frames for reading meters: requests (FC 03/04 read, FC 06 write one register), the
// CRC, and response parsing into typed results. Pure bytes in, bytes out: the serial port, the
// inter-frame silence and the retries live in the core (docs/domain.md §9.6).

export type ReadFunction = 3 | 4;

export type ModbusResult =
  | { ok: true; registers: number[] }
  | {
      ok: false;
      kind: 'crc' | 'exception' | 'short' | 'mismatch';
      message: string;
      /** Set only for kind 'exception': the code the meter answered with. */
      exceptionCode?: number;
    };

const EXCEPTION_NAMES: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
  8: 'memory parity error',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

/** The name an operator can look up in a meter manual, e.g. 2 -> 'illegal data address'. */
export function exceptionName(code: number): string {
  return EXCEPTION_NAMES[code] ?? `unknown exception 0x${hex(code)}`;
}

// Table for the reflected polynomial 0xA001: one lookup per byte instead of eight shifts.
const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-16/MODBUS of bytes[0, end): init 0xFFFF, reflected poly 0xA001, no final xor. */
export function crc16Modbus(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) {
    crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

/** The body followed by its CRC, low byte first as on the wire. */
export function withCrc(body: readonly number[]): Uint8Array {
  const frame = new Uint8Array(body.length + 2);
  frame.set(body);
  const crc = crc16Modbus(frame, body.length);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >>> 8;
  return frame;
}

/** True when the last two bytes are the CRC of the rest. */
export function crcOk(frame: Uint8Array): boolean {
  if (frame.length < 3) return false;
  const crc = crc16Modbus(frame, frame.length - 2);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

/** Slave ids 1..247: 0 is broadcast (nobody answers) and 248..255 are reserved. */
export function isSlaveId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= 247;
}

function checkSlave(slave: number): void {
  if (!isSlaveId(slave)) throw new RangeError(`Modbus slave id must be 1..247, got ${slave}`);
}

function checkWord(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new RangeError(`${name} must be an integer 0..65535, got ${value}`);
  }
}

/**
 * Read `count` registers from 0-based `start` with FC 03 (holding) or FC 04 (input). Bad
 * arguments are the caller's mistake and throw RangeError; 125 registers is the protocol's limit.
 */
export function buildReadRequest(
  slave: number,
  fn: ReadFunction,
  start: number,
  count: number,
): Uint8Array {
  checkSlave(slave);
  if (fn !== 3 && fn !== 4) throw new RangeError(`read function must be 3 or 4, got ${String(fn)}`);
  checkWord('start register', start);
  if (!Number.isInteger(count) || count < 1 || count > 125) {
    throw new RangeError(`register count must be 1..125, got ${count}`);
  }
  if (start + count > 0x10000) throw new RangeError('registers run past 65535');
  return withCrc([slave, fn, start >>> 8, start & 0xff, count >>> 8, count & 0xff]);
}

/** FC 06: write one holding register (e.g. a meter's new Modbus id during commissioning). */
export function buildWriteSingleRegister(
  slave: number,
  register: number,
  value: number,
): Uint8Array {
  checkSlave(slave);
  checkWord('register', register);
  checkWord('value', value);
  return withCrc([slave, 6, register >>> 8, register & 0xff, value >>> 8, value & 0xff]);
}

interface RequestInfo {
  slave: number;
  fn: number;
  address: number;
  /** Register count for reads, the written value for FC 06. */
  quantity: number;
}

function describeRequest(request: Uint8Array): RequestInfo {
  if (request.length !== 8 || ![3, 4, 6].includes(request[1] ?? 0)) {
    throw new RangeError('not a request built by buildReadRequest or buildWriteSingleRegister');
  }
  const word = (i: number) => ((request[i] ?? 0) << 8) | (request[i + 1] ?? 0);
  return { slave: request[0] ?? 0, fn: request[1] ?? 0, address: word(2), quantity: word(4) };
}

/**
 * How many bytes the response to `request` has, judged from what has arrived so far: the frame
 * is complete once received.length >= the result. Call again after every chunk, because the
 * answer shrinks to 5 when the second byte turns out to be an exception (function | 0x80) and
 * follows the meter's own byte count for reads (so a wrong count is parsed, not waited for).
 */
export function responseLength(
  request: Uint8Array,
  received: Uint8Array = new Uint8Array(),
): number {
  const req = describeRequest(request);
  const fn = received[1];
  if (fn !== undefined && fn & 0x80) return 5;
  if (req.fn === 6) return 8;
  const byteCount = received[2];
  if (fn === req.fn && byteCount !== undefined) return 5 + byteCount;
  return 5 + 2 * req.quantity;
}

/**
 * Checks a complete response against its request: length, CRC, slave id, function, byte count
 * (FC 03/04) or echo (FC 06). FC 06 answers registers = [the written value].
 */
export function parseResponse(request: Uint8Array, response: Uint8Array): ModbusResult {
  const req = describeRequest(request);
  const need = responseLength(request, response);
  if (response.length < need) {
    return fail('short', `response has ${response.length} bytes, needs ${need}`);
  }
  if (response.length > need) {
    return fail('mismatch', `response has ${response.length - need} bytes after the frame`);
  }
  // CRC first: a corrupted frame's slave id or function byte would give a misleading message.
  if (!crcOk(response)) return fail('crc', 'CRC error (noise, wrong baud or parity?)');
  const slave = response[0] ?? 0;
  const fn = response[1] ?? 0;
  if (slave !== req.slave) {
    return fail('mismatch', `answer from slave ${slave}, asked slave ${req.slave}`);
  }
  if (fn === (req.fn | 0x80)) {
    const code = response[2] ?? 0;
    return {
      ok: false,
      kind: 'exception',
      message: `slave ${slave} answered exception ${code}: ${exceptionName(code)}`,
      exceptionCode: code,
    };
  }
  if (fn !== req.fn) return fail('mismatch', `answer has function ${fn}, asked ${req.fn}`);
  const word = (i: number) => ((response[i] ?? 0) << 8) | (response[i + 1] ?? 0);
  if (fn === 6) {
    if (word(2) !== req.address || word(4) !== req.quantity) {
      return fail('mismatch', 'write echo differs from the request');
    }
    return { ok: true, registers: [req.quantity] };
  }
  const byteCount = response[2] ?? 0;
  if (byteCount !== 2 * req.quantity) {
    return fail('mismatch', `answer has ${byteCount} data bytes, asked ${2 * req.quantity}`);
  }
  const registers: number[] = [];
  for (let i = 0; i < req.quantity; i++) registers.push(word(3 + 2 * i));
  return { ok: true, registers };
}

function fail(kind: 'crc' | 'short' | 'mismatch', message: string): ModbusResult {
  return { ok: false, kind, message };
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
