// IEC 62056-21 mode C ("D0") over an optical probe (docs/domain.md §9.2): sign-on, the meter's
// identification, the acknowledgement that picks the readout baud, and the data block with its
// BCC. The line is 7E1: these functions see bytes with the parity bit already stripped (0..127).

const STX = 0x02;
const ETX = 0x03;
const ACK = 0x06;
const CR = 0x0d;
const LF = 0x0a;

/** Mode C baud letters '0'..'6'. */
export const MODE_C_BAUDS = [300, 600, 1200, 2400, 4800, 9600, 19200] as const;

export type IecError = {
  ok: false;
  kind: 'incomplete' | 'format' | 'parity' | 'bcc' | 'baud' | 'missing' | 'unit';
  message: string;
};

export interface Identification {
  /** Three-letter manufacturer code (a lower-case third letter means a 20 ms reaction time). */
  maker: string;
  baudLetter: string;
  baud: number;
  ident: string;
}

export interface DataSet {
  /** The address before the brackets, e.g. '1.8.0' or '1-0:1.8.0*255'. */
  obis: string;
  /** Position among several bracketed values after the same address (0 for the first). */
  index: number;
  /** Exactly as read, leading zeros included. */
  value: string;
  /** Set when the value is a plain decimal number. */
  number?: number;
  unit?: string;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function toText(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** `/?!\r\n`, or `/?ADDRESS!\r\n` to wake one meter among several on a shared probe bus. */
export function signOnRequest(address = ''): Uint8Array {
  // The standard allows up to 32 digits, letters and spaces; '!' would end the request early.
  if (!/^[0-9A-Za-z ]{0,32}$/.test(address)) {
    throw new RangeError(`device address must be up to 32 letters, digits or spaces`);
  }
  return ascii(`/?${address}!\r\n`);
}

/** ACK '0' Z '0' CR LF: normal protocol, readout (not programming) mode, at baud letter Z. */
export function ackOptionSelect(baudLetter: string): Uint8Array {
  if (!/^[0-6]$/.test(baudLetter)) throw new RangeError(`mode C baud letter must be 0..6`);
  return Uint8Array.of(ACK, 0x30, baudLetter.charCodeAt(0), 0x30, CR, LF);
}

function firstHighByte(bytes: Uint8Array): IecError | null {
  const i = bytes.findIndex((b) => b > 0x7f);
  if (i < 0) return null;
  return {
    ok: false,
    kind: 'parity',
    message: `byte 0x${bytes[i]?.toString(16)} at ${i} is above 127: is the port opened as 7E1?`,
  };
}

/** Where an identification line starts: many probes echo what they sent, so skip '/?...'. */
function identificationStart(text: string): number {
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) {
    if (text[i + 1] !== '?') return i;
  }
  return -1;
}

/** Bytes up to and including the identification's CR LF, or -1 while it is incomplete. */
export function identificationEnd(bytes: Uint8Array): number {
  const text = toText(bytes);
  const start = identificationStart(text);
  if (start < 0) return -1;
  const end = text.indexOf('\r\n', start);
  return end < 0 ? -1 : end + 2;
}

/** Parses `/XXXZ<ident>\r\n`; an echo of the sign-on request before it is ignored. */
export function parseIdentification(bytes: Uint8Array): ({ ok: true } & Identification) | IecError {
  const high = firstHighByte(bytes);
  if (high) return high;
  const text = toText(bytes);
  const start = identificationStart(text);
  const end = text.indexOf('\r\n', Math.max(start, 0));
  if (start < 0 || end < 0) {
    return { ok: false, kind: 'incomplete', message: 'no complete identification line' };
  }
  const line = text.slice(start + 1, end);
  const match = /^([A-Za-z]{3})(.)([\x20-\x7e]{1,16})$/.exec(line);
  if (!match) return { ok: false, kind: 'format', message: `not an identification: "${line}"` };
  const [, maker = '', baudLetter = '', ident = ''] = match;
  const baud = MODE_C_BAUDS[Number(baudLetter)];
  if (!/^[0-6]$/.test(baudLetter) || baud === undefined) {
    return {
      ok: false,
      kind: 'baud',
      message: `baud letter "${baudLetter}" is not mode C (0..6): the meter speaks mode A or B`,
    };
  }
  return { ok: true, maker, baudLetter, baud, ident };
}

/** XOR of the bytes in [from, to), 7 bits: the BCC when from is after STX and to is after ETX. */
export function bcc(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x & 0x7f;
}

/** Bytes up to and including the BCC that follows ETX, or -1 while the block is incomplete. */
export function dataBlockEnd(bytes: Uint8Array): number {
  const stx = bytes.indexOf(STX);
  if (stx < 0) return -1;
  const etx = bytes.indexOf(ETX, stx + 1);
  return etx < 0 || etx + 1 >= bytes.length ? -1 : etx + 2;
}

/**
 * Parses `STX data ! CR LF ETX BCC` into its data sets after checking the BCC. Bytes before STX
 * (a probe's echo of the acknowledgement) are skipped.
 */
export function parseDataBlock(bytes: Uint8Array): { ok: true; sets: DataSet[] } | IecError {
  const high = firstHighByte(bytes);
  if (high) return high;
  const stx = bytes.indexOf(STX);
  if (stx < 0)
    return { ok: false, kind: 'incomplete', message: 'no STX: the data block has not started' };
  const etx = bytes.indexOf(ETX, stx + 1);
  if (etx < 0)
    return { ok: false, kind: 'incomplete', message: 'no ETX: the data block is cut short' };
  const received = bytes[etx + 1];
  if (received === undefined) {
    return { ok: false, kind: 'incomplete', message: 'no BCC after ETX' };
  }
  const expected = bcc(bytes, stx + 1, etx + 1);
  if (received !== expected) {
    return {
      ok: false,
      kind: 'bcc',
      message: `BCC is 0x${hex(received)}, data gives 0x${hex(expected)} (noise on the probe?)`,
    };
  }
  const data = toText(bytes.subarray(stx + 1, etx));
  if (!data.endsWith('!\r\n')) {
    return { ok: false, kind: 'format', message: 'data block does not end with "!" CR LF' };
  }
  return parseDataLines(data.slice(0, -3));
}

/**
 * Parses data lines: each holds one or more `ADDRESS(value*unit)` sets, and an address may be
 * followed by several bracketed values (`P.01(a)(b)`); the unit is optional.
 */
export function parseDataLines(text: string): { ok: true; sets: DataSet[] } | IecError {
  const sets: DataSet[] = [];
  const lines = text.split(/\r?\n/);
  for (const [n, line] of lines.entries()) {
    let obis = '';
    let index = 0;
    let pending = '';
    let pos = 0;
    while (pos < line.length) {
      const open = line.indexOf('(', pos);
      if (open < 0) {
        pending += line.slice(pos);
        break;
      }
      const close = line.indexOf(')', open + 1);
      if (close < 0) return formatError(n, `"(" without ")"`);
      const address = pending + line.slice(pos, open);
      if (address.trim() !== '') {
        obis = address.trim();
        index = 0;
      } else if (obis === '') {
        return formatError(n, 'a value without an address');
      } else {
        index += 1;
      }
      pending = '';
      sets.push(dataSet(obis, index, line.slice(open + 1, close)));
      pos = close + 1;
    }
    if (pending.trim() !== '') return formatError(n, `"${pending.trim()}" has no value`);
  }
  return { ok: true, sets };
}

function dataSet(obis: string, index: number, inner: string): DataSet {
  const star = inner.indexOf('*');
  const value = star < 0 ? inner : inner.slice(0, star);
  const set: DataSet = { obis, index, value };
  if (/^[-+]?\d+(\.\d+)?$/.test(value)) set.number = Number(value);
  if (star >= 0 && inner.slice(star + 1) !== '') set.unit = inner.slice(star + 1);
  return set;
}

function formatError(line: number, what: string): IecError {
  return { ok: false, kind: 'format', message: `data line ${line + 1}: ${what}` };
}

/** The OBIS code without medium/channel ('1-0:') and with a current-value suffix ('*255') dropped. */
function bareObis(obis: string): string {
  return obis.replace(/^\d+-\d+:/, '').replace(/[*&]255$/, '');
}

const WH_PER_UNIT: Record<string, number> = { wh: 1, kwh: 1000, mwh: 1_000_000 };

/**
 * Import energy: OBIS 1.8.0 (the total over tariffs 1.8.1, 1.8.2, ...) in kWh, and as whole Wh.
 * A historical value ('1.8.0*03', a past billing period) is not the current reading and is not
 * taken. A value without a unit is refused unless the caller knows the meter's unit.
 */
export function importEnergy(
  sets: readonly DataSet[],
  assumeUnit?: 'kWh' | 'Wh',
): { ok: true; kwh: number; wh: number } | IecError {
  const set = sets.find((s) => bareObis(s.obis) === '1.8.0' && s.index === 0);
  if (!set) return { ok: false, kind: 'missing', message: 'the readout has no 1.8.0' };
  if (set.number === undefined) {
    return { ok: false, kind: 'format', message: `1.8.0 is not a number: "${set.value}"` };
  }
  const unit = set.unit ?? assumeUnit;
  if (unit === undefined) {
    return { ok: false, kind: 'unit', message: '1.8.0 has no unit: say whether it is kWh or Wh' };
  }
  const whPerUnit = WH_PER_UNIT[unit.toLowerCase()];
  if (whPerUnit === undefined) {
    return { ok: false, kind: 'unit', message: `1.8.0 is in "${unit}", not an energy unit` };
  }
  // kWh as read stays untouched; Wh divides by an integer, which adds no float noise.
  const kwh =
    whPerUnit === 1000 ? set.number : whPerUnit === 1 ? set.number / 1000 : set.number * 1000;
  return { ok: true, kwh, wh: Math.round(set.number * whPerUnit) };
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
