// Turning Modbus registers into a measurement: meters disagree on word order (ABCD vs CDAB) and
// byte order, and many send scaled values (DTSU666 volts x10, Acrel kWh x100). A reading that
// decodes to NaN or Infinity is an error, never a zero (docs/domain.md §9.6).

export type RegisterType = 'float32' | 'uint32' | 'int32' | 'uint16' | 'int16';
/** 'high-first' is Modbus' usual ABCD; 'low-first' is CDAB. */
export type WordOrder = 'high-first' | 'low-first';
/** Byte order inside each 16-bit register: 'big' as Modbus specifies, 'little' swaps (BADC). */
export type ByteOrder = 'big' | 'little';

export const REGISTER_TYPES = ['float32', 'uint32', 'int32', 'uint16', 'int16'] as const;

export interface RegisterLayout {
  type: RegisterType;
  wordOrder: WordOrder;
  byteOrder: ByteOrder;
}

export interface RegisterFormat extends RegisterLayout {
  /** Multiplies the raw value into the profile's unit, e.g. 0.01 for kWh x100. */
  scale: number;
}

export type DecodeResult =
  { ok: true; value: number } | { ok: false; kind: 'length' | 'implausible'; message: string };

export function wordsFor(type: RegisterType): 1 | 2 {
  return type === 'uint16' || type === 'int16' ? 1 : 2;
}

/** Bytes in ABCD order (most significant first), whatever order the meter sent them in. */
function canonicalBytes(registers: readonly number[], layout: RegisterLayout): Uint8Array {
  const words = layout.wordOrder === 'low-first' ? [...registers].reverse() : registers;
  const bytes = new Uint8Array(words.length * 2);
  words.forEach((w, i) => {
    const hi = w >>> 8;
    const lo = w & 0xff;
    bytes[2 * i] = layout.byteOrder === 'big' ? hi : lo;
    bytes[2 * i + 1] = layout.byteOrder === 'big' ? lo : hi;
  });
  return bytes;
}

function readRaw(view: DataView, type: RegisterType): number {
  switch (type) {
    case 'float32':
      return view.getFloat32(0, false);
    case 'uint32':
      return view.getUint32(0, false);
    case 'int32':
      return view.getInt32(0, false);
    case 'uint16':
      return view.getUint16(0, false);
    case 'int16':
      return view.getInt16(0, false);
  }
}

/**
 * Scale without adding float noise: 7 x 0.1 is 0.7000000000000001, but 7 / 10 is the double
 * nearest 0.7, so a decimal scale below 1 divides by its (integer) reciprocal.
 */
export function applyScale(raw: number, scale: number): number {
  if (scale !== 0 && Math.abs(scale) < 1) {
    const inverse = Math.round(1 / scale);
    if (Math.abs(1 / scale - inverse) < 1e-9 * Math.abs(inverse)) return raw / inverse;
  }
  return raw * scale;
}

/** Decodes `registers` (16-bit values as parsed from the frame) and applies the scale. */
export function decodeRegisters(
  registers: readonly number[],
  format: RegisterFormat,
): DecodeResult {
  const words = wordsFor(format.type);
  if (registers.length !== words) {
    return {
      ok: false,
      kind: 'length',
      message: `${format.type} needs ${words} register(s), got ${registers.length}`,
    };
  }
  if (!registers.every((r) => Number.isInteger(r) && r >= 0 && r <= 0xffff)) {
    return { ok: false, kind: 'length', message: 'registers must be integers 0..65535' };
  }
  const bytes = canonicalBytes(registers, format);
  const raw = readRaw(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), format.type);
  const value = applyScale(raw, format.scale);
  if (!Number.isFinite(value)) {
    return {
      ok: false,
      kind: 'implausible',
      message: `registers ${registers.map(hex4).join(' ')} decode to ${value} (${format.type})`,
    };
  }
  return { ok: true, value };
}

/**
 * The registers a meter would send for `raw` (before scaling): the inverse of decodeRegisters,
 * for tests and simulators. Integers out of the type's range throw RangeError.
 */
export function encodeRegisters(raw: number, layout: RegisterLayout): number[] {
  const bytes = new Uint8Array(wordsFor(layout.type) * 2);
  const view = new DataView(bytes.buffer);
  const range: Record<Exclude<RegisterType, 'float32'>, [number, number]> = {
    uint32: [0, 0xffffffff],
    int32: [-0x80000000, 0x7fffffff],
    uint16: [0, 0xffff],
    int16: [-0x8000, 0x7fff],
  };
  if (layout.type === 'float32') {
    view.setFloat32(0, raw, false);
  } else {
    const [min, max] = range[layout.type];
    if (!Number.isInteger(raw) || raw < min || raw > max) {
      throw new RangeError(`${raw} does not fit ${layout.type}`);
    }
    if (layout.type === 'uint32') view.setUint32(0, raw, false);
    if (layout.type === 'int32') view.setInt32(0, raw, false);
    if (layout.type === 'uint16') view.setUint16(0, raw, false);
    if (layout.type === 'int16') view.setInt16(0, raw, false);
  }
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    words.push(layout.byteOrder === 'big' ? (a << 8) | b : (b << 8) | a);
  }
  return layout.wordOrder === 'low-first' ? words.reverse() : words;
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
