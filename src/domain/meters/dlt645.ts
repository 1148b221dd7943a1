// DL/T 645-2007, the native protocol of Chinese meters (docs/domain.md §9.3): reading the forward
// active total energy without first converting the meter to Modbus. Frame:
//   [FE FE FE FE] 68 A0..A5 68 C L DATA CS 16
// address as reversed BCD, every DATA byte sent +0x33, CS = sum mod 256 from the first 68 to the
// end of DATA.

/** Any single meter on the bus answers this address with its own: used to discover one. */
export const WILDCARD_ADDRESS = 'AAAAAAAAAAAA';
/** Data identifier 00 01 00 00: forward active total energy, XXXXXX.XX kWh. */
export const DI_FORWARD_ACTIVE_TOTAL = 0x00010000;

const START = 0x68;
const END = 0x16;
const PREAMBLE = 0xfe;
const READ = 0x11;
const OFFSET = 0x33;

export type DltError = {
  ok: false;
  kind: 'short' | 'format' | 'checksum' | 'error-reply' | 'mismatch' | 'bcd';
  message: string;
  /** For 'error-reply': the meter's error status byte (bits named in the message). */
  errorByte?: number;
};

export interface DltReply {
  ok: true;
  /** The answering meter's address (useful after a wildcard request). */
  address: string;
  di: number;
  /** Data after the DI, with 0x33 already subtracted. */
  data: Uint8Array;
  /** The meter announced follow-up frames (control 0xB1). */
  more: boolean;
}

/**
 * '123456789012' -> 12 90 78 56 34 12 (two digits per byte, least significant pair first). A
 * pair 'AA' is a wildcard; the meter's printed address is left-padded with zeros to 12 digits.
 */
export function encodeAddress(address: string): Uint8Array {
  if (!/^([0-9]{2}|AA){6}$/i.test(address)) {
    throw new RangeError(`DL/T 645 address must be 12 digits (or AA wildcards), got "${address}"`);
  }
  const bytes = new Uint8Array(6);
  for (let i = 0; i < 6; i++) bytes[5 - i] = parseInt(address.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** The inverse of encodeAddress. */
export function decodeAddress(bytes: Uint8Array): string {
  return [...bytes]
    .reverse()
    .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
    .join('');
}

export function checksum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] ?? 0;
  return sum & 0xff;
}

/**
 * A read request (control 0x11) for `di`, by default forward active total energy. The FE
 * preamble wakes the receivers of meters that need it; it is on unless `preamble` is false.
 */
export function buildReadRequest(
  address: string,
  options: { di?: number; preamble?: boolean } = {},
): Uint8Array {
  const di = options.di ?? DI_FORWARD_ACTIVE_TOTAL;
  if (!Number.isInteger(di) || di < 0 || di > 0xffffffff) {
    throw new RangeError('data identifier must be 4 bytes');
  }
  const diBytes = [di & 0xff, (di >>> 8) & 0xff, (di >>> 16) & 0xff, di >>> 24];
  const frame = [
    START,
    ...encodeAddress(address),
    START,
    READ,
    4,
    ...diBytes.map((b) => (b + OFFSET) & 0xff),
  ];
  const body = Uint8Array.from(frame);
  const preamble = options.preamble === false ? [] : [PREAMBLE, PREAMBLE, PREAMBLE, PREAMBLE];
  return Uint8Array.from([...preamble, ...body, checksum(body), END]);
}

function preambleLength(bytes: Uint8Array): number {
  let p = 0;
  while (bytes[p] === PREAMBLE) p++;
  return p;
}

/**
 * How many bytes (preamble included) complete the frame that has started arriving: the frame is
 * complete once received.length >= the result. Until the length byte is in, this is the shortest
 * possible frame; when the bytes cannot start a frame, it is received.length, so the caller parses
 * now and gets the error instead of waiting for a timeout.
 */
export function frameLength(received: Uint8Array): number {
  const p = preambleLength(received);
  const first = received[p];
  const second = received[p + 7];
  if ((first !== undefined && first !== START) || (second !== undefined && second !== START)) {
    return received.length;
  }
  const length = received[p + 9];
  return p + 12 + (length ?? 0);
}

const ERROR_BITS = [
  'other error',
  'no such data',
  'password wrong or not authorised',
  'baud rate cannot be changed',
  'too many annual time zones',
  'too many daily time periods',
  'too many tariffs',
];

function errorNames(status: number): string {
  const names = ERROR_BITS.filter((_, bit) => status & (1 << bit));
  return names.length > 0 ? names.join(', ') : 'no reason given';
}

function matchesAddress(asked: string, got: string): boolean {
  return [...asked.toUpperCase()].every((c, i) => c === 'A' || c === got[i]);
}

/**
 * Checks a reply to a read request for (`address`, `di`): structure, checksum, control byte
 * (0x91 normal, 0xB1 normal with follow-up, 0xD1 error with its status byte), the address
 * (AA pairs match anything) and the DI. Leading FE bytes are skipped.
 */
export function parseReadReply(
  bytes: Uint8Array,
  expected: { address: string; di?: number },
): DltReply | DltError {
  const p = preambleLength(bytes);
  const frame = bytes.subarray(p);
  if (frame.length < 12) return fail('short', `frame has ${frame.length} bytes, needs at least 12`);
  if (frame[0] !== START || frame[7] !== START) {
    return fail('format', 'frame does not start with 68 A0..A5 68');
  }
  const control = frame[8] ?? 0;
  const length = frame[9] ?? 0;
  if (frame.length < 12 + length) {
    return fail('short', `frame has ${frame.length} bytes, needs ${12 + length}`);
  }
  if (frame.length > 12 + length) return fail('format', 'bytes after the end of the frame');
  if (frame[11 + length] !== END) return fail('format', 'frame does not end with 16');
  const cs = checksum(frame, 0, 10 + length);
  if (frame[10 + length] !== cs) {
    return fail('checksum', `checksum is ${hex(frame[10 + length] ?? 0)}, frame gives ${hex(cs)}`);
  }
  const address = decodeAddress(frame.subarray(1, 7));
  if (!matchesAddress(expected.address, address)) {
    return fail('mismatch', `answer from ${address}, asked ${expected.address}`);
  }
  const data = frame.subarray(10, 10 + length).map((b) => (b - OFFSET) & 0xff);
  if (control === 0xd1) {
    const status = data[0] ?? 0;
    return {
      ok: false,
      kind: 'error-reply',
      message: `meter ${address} refused the read: ${errorNames(status)}`,
      errorByte: status,
    };
  }
  if (control !== 0x91 && control !== 0xb1) {
    return fail('mismatch', `control byte ${hex(control)} is not a read reply`);
  }
  if (length < 4) return fail('format', 'read reply without a data identifier');
  const di =
    ((data[0] ?? 0) | ((data[1] ?? 0) << 8) | ((data[2] ?? 0) << 16) | ((data[3] ?? 0) << 24)) >>>
    0;
  const askedDi = expected.di ?? DI_FORWARD_ACTIVE_TOTAL;
  if (di !== askedDi)
    return fail('mismatch', `answer is for DI ${hex8(di)}, asked ${hex8(askedDi)}`);
  return { ok: true, address, di, data: data.subarray(4), more: control === 0xb1 };
}

/** Little-endian packed BCD, e.g. 67 45 23 01 -> 1234567; null when a nibble is not a digit. */
export function decodeBcd(bytes: Uint8Array): number | null {
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i] ?? 0;
    if (b >> 4 > 9 || (b & 0x0f) > 9) return null;
    value = value * 100 + (b >> 4) * 10 + (b & 0x0f);
  }
  return value;
}

/**
 * Reads the forward active total energy from a reply: 4 BCD bytes XXXXXX.XX kWh, returned as
 * whole Wh (the hundredths of a kWh times 10) so no float rounding enters billing.
 */
export function parseEnergyReply(
  bytes: Uint8Array,
  address: string,
): { ok: true; address: string; wh: number } | DltError {
  const reply = parseReadReply(bytes, { address, di: DI_FORWARD_ACTIVE_TOTAL });
  if (!reply.ok) return reply;
  if (reply.data.length !== 4) {
    return fail('format', `energy needs 4 data bytes, reply has ${reply.data.length}`);
  }
  const hundredths = decodeBcd(reply.data);
  if (hundredths === null) {
    return fail('bcd', `energy bytes ${[...reply.data].map(hex).join(' ')} are not BCD`);
  }
  return { ok: true, address: reply.address, wh: hundredths * 10 };
}

function fail(kind: DltError['kind'], message: string): DltError {
  return { ok: false, kind, message };
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}
