// Register decoding: hand-checked floats and integers in every word/byte order, scales as the
// meter profiles use them, NaN/Infinity refused, and encode -> decode round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyScale,
  decodeRegisters,
  encodeRegisters,
  REGISTER_TYPES,
  wordsFor,
  type ByteOrder,
  type RegisterFormat,
  type RegisterType,
  type WordOrder,
} from './registers';

const abcd = { wordOrder: 'high-first', byteOrder: 'big', scale: 1 } as const;
const fmt = (type: RegisterType, extra: Partial<RegisterFormat> = {}): RegisterFormat => ({
  ...abcd,
  type,
  ...extra,
});

describe('decodeRegisters', () => {
  it('decodes float32 1234.5 (0x449A5000) in all four orders', () => {
    const cases: [WordOrder, ByteOrder, number[]][] = [
      ['high-first', 'big', [0x449a, 0x5000]], // ABCD
      ['low-first', 'big', [0x5000, 0x449a]], // CDAB
      ['high-first', 'little', [0x9a44, 0x0050]], // BADC
      ['low-first', 'little', [0x0050, 0x9a44]], // DCBA
    ];
    for (const [wordOrder, byteOrder, registers] of cases) {
      expect(decodeRegisters(registers, fmt('float32', { wordOrder, byteOrder }))).toEqual({
        ok: true,
        value: 1234.5,
      });
    }
  });

  it('decodes float32 230.0 V (0x43660000) and a negative power', () => {
    expect(decodeRegisters([0x4366, 0x0000], fmt('float32'))).toEqual({ ok: true, value: 230 });
    expect(decodeRegisters([0xc2c8, 0x0000], fmt('float32'))).toEqual({ ok: true, value: -100 });
  });

  it('applies DTSU666-style scales to floats', () => {
    // 2301.0 (x10) -> 230.1 V; 5123.0 (x1000) -> 5.123 A.
    const volts = encodeRegisters(2301, fmt('float32'));
    expect(decodeRegisters(volts, fmt('float32', { scale: 0.1 }))).toEqual({
      ok: true,
      value: 230.1,
    });
    const amps = encodeRegisters(5123, fmt('float32'));
    expect(decodeRegisters(amps, fmt('float32', { scale: 0.001 }))).toEqual({
      ok: true,
      value: 5.123,
    });
    // DDSU666 power in kW -> W.
    const kw = encodeRegisters(1.5, fmt('float32'));
    expect(decodeRegisters(kw, fmt('float32', { scale: 1000 }))).toEqual({ ok: true, value: 1500 });
  });

  it('decodes Acrel-style scaled integers', () => {
    // 1234567 x 0.01 kWh = 12345.67 kWh: 0x0012D687.
    expect(decodeRegisters([0x0012, 0xd687], fmt('uint32', { scale: 0.01 }))).toEqual({
      ok: true,
      value: 12345.67,
    });
    expect(
      decodeRegisters([0xd687, 0x0012], fmt('uint32', { scale: 0.01, wordOrder: 'low-first' })),
    ).toEqual({ ok: true, value: 12345.67 });
    expect(decodeRegisters([2301], fmt('uint16', { scale: 0.1 }))).toEqual({
      ok: true,
      value: 230.1,
    });
    expect(decodeRegisters([0xffff], fmt('int16'))).toEqual({ ok: true, value: -1 });
    expect(decodeRegisters([0xffff], fmt('uint16'))).toEqual({ ok: true, value: 65535 });
    expect(decodeRegisters([0x0100], fmt('uint16', { byteOrder: 'little' }))).toEqual({
      ok: true,
      value: 1,
    });
    expect(decodeRegisters([0xffff, 0xfffe], fmt('int32'))).toEqual({ ok: true, value: -2 });
    expect(decodeRegisters([0xffff, 0xfffe], fmt('uint32'))).toEqual({
      ok: true,
      value: 0xfffffffe,
    });
  });

  it('refuses NaN and Infinity instead of returning a number', () => {
    for (const registers of [
      [0x7fc0, 0x0000],
      [0x7f80, 0x0000],
      [0xff80, 0x0000],
      [0xffff, 0xffff],
    ]) {
      const result = decodeRegisters(registers, fmt('float32'));
      expect(result).toMatchObject({ ok: false, kind: 'implausible' });
    }
  });

  it('refuses the wrong number of registers or non-16-bit values', () => {
    expect(decodeRegisters([1], fmt('float32'))).toMatchObject({ ok: false, kind: 'length' });
    expect(decodeRegisters([1, 2], fmt('int16'))).toMatchObject({ ok: false, kind: 'length' });
    expect(decodeRegisters([0x10000, 0], fmt('uint32'))).toMatchObject({ ok: false });
    expect(decodeRegisters([-1, 0], fmt('uint32'))).toMatchObject({ ok: false });
  });
});

describe('applyScale', () => {
  it('divides by the reciprocal of decimal scales to avoid float noise', () => {
    expect(7 * 0.1).not.toBe(0.7);
    expect(2301 * 0.1).not.toBe(230.1);
    expect(applyScale(2301, 0.1)).toBe(230.1);
    expect(applyScale(12345, 0.01)).toBe(123.45);
    expect(applyScale(7, 0.1)).toBe(0.7);
    expect(applyScale(3, 1000)).toBe(3000);
    expect(applyScale(10, 0.25)).toBe(2.5);
    expect(applyScale(10, -0.1)).toBe(-1);
  });
});

describe('encodeRegisters', () => {
  const orders = fc.record({
    wordOrder: fc.constantFrom<WordOrder>('high-first', 'low-first'),
    byteOrder: fc.constantFrom<ByteOrder>('big', 'little'),
  });

  it('round-trips float32 in every order', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), orders, (x, order) => {
        const layout = { type: 'float32' as const, ...order };
        const registers = encodeRegisters(x, layout);
        expect(registers).toHaveLength(2);
        const decoded = decodeRegisters(registers, { ...layout, scale: 1 });
        // fc.float yields float32 values, so the round trip is exact (-0 included).
        expect(decoded).toEqual({ ok: true, value: x });
      }),
    );
  });

  it('round-trips integers of every type in every order', () => {
    const ranges: Record<Exclude<RegisterType, 'float32'>, [number, number]> = {
      uint32: [0, 0xffffffff],
      int32: [-0x80000000, 0x7fffffff],
      uint16: [0, 0xffff],
      int16: [-0x8000, 0x7fff],
    };
    for (const [type, [min, max]] of Object.entries(ranges) as [RegisterType, number[]][]) {
      fc.assert(
        fc.property(fc.integer({ min, max }), orders, (x, order) => {
          const layout = { type, ...order };
          const registers = encodeRegisters(x, layout);
          expect(registers).toHaveLength(wordsFor(type));
          expect(decodeRegisters(registers, { ...layout, scale: 1 })).toEqual({
            ok: true,
            value: x,
          });
        }),
      );
    }
  });

  it('refuses integers that do not fit', () => {
    expect(() => encodeRegisters(65536, { type: 'uint16', ...abcd })).toThrow(RangeError);
    expect(() => encodeRegisters(-1, { type: 'uint32', ...abcd })).toThrow(RangeError);
    expect(() => encodeRegisters(1.5, { type: 'int32', ...abcd })).toThrow(RangeError);
  });

  it('knows the word count of every type', () => {
    expect(REGISTER_TYPES.map(wordsFor)).toEqual([2, 2, 2, 1, 1]);
  });
});
