// Modbus RTU frames: the CRC against published vectors and a bit-by-bit reference, request bytes,
// response lengths while a frame arrives, and every way a response can be wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildReadRequest,
  buildWriteSingleRegister,
  crc16Modbus,
  crcOk,
  exceptionName,
  isSlaveId,
  parseResponse,
  responseLength,
  withCrc,
} from './modbus';

const bytes = (...b: number[]) => Uint8Array.from(b);

/** Straight from the definition, one bit at a time, to check the table-driven version. */
function referenceCrc(data: readonly number[]): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) {
      const lsb = crc & 1;
      crc >>>= 1;
      if (lsb) crc ^= 0xa001;
    }
  }
  return crc;
}

describe('crc16Modbus', () => {
  it('gives the catalogue check value for "123456789"', () => {
    expect(crc16Modbus(new TextEncoder().encode('123456789'))).toBe(0x4b37);
  });

  it('matches known request frames (low byte first on the wire)', () => {
    expect([...withCrc([0x01, 0x04, 0x00, 0x00, 0x00, 0x02])].slice(6)).toEqual([0x71, 0xcb]);
    expect([...withCrc([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a])].slice(6)).toEqual([0xc5, 0xcd]);
  });

  it('agrees with the bitwise reference on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }), (data) => {
        expect(crc16Modbus(Uint8Array.from(data))).toBe(referenceCrc(data));
      }),
    );
  });

  it('detects any single flipped bit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 32 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (data, at, bit) => {
          const frame = withCrc(data);
          expect(crcOk(frame)).toBe(true);
          const i = at % frame.length;
          frame[i] = (frame[i] ?? 0) ^ (1 << bit);
          expect(crcOk(frame)).toBe(false);
        },
      ),
    );
  });
});

describe('requests', () => {
  it('builds FC 04 and FC 03 reads', () => {
    expect([...buildReadRequest(1, 4, 0, 2)]).toEqual([1, 4, 0, 0, 0, 2, 0x71, 0xcb]);
    expect([...buildReadRequest(1, 3, 0, 10)]).toEqual([1, 3, 0, 0, 0, 0x0a, 0xc5, 0xcd]);
    const serial = buildReadRequest(7, 3, 0xfc00, 2);
    expect([...serial.subarray(0, 6)]).toEqual([7, 3, 0xfc, 0x00, 0, 2]);
    expect(crcOk(serial)).toBe(true);
  });

  it('builds an FC 06 write', () => {
    const frame = buildWriteSingleRegister(1, 0x002e, 5);
    expect([...frame.subarray(0, 6)]).toEqual([1, 6, 0x00, 0x2e, 0x00, 0x05]);
    expect(crcOk(frame)).toBe(true);
  });

  it('validates slave ids 1..247', () => {
    expect(isSlaveId(1)).toBe(true);
    expect(isSlaveId(247)).toBe(true);
    expect(isSlaveId(0)).toBe(false);
    expect(isSlaveId(248)).toBe(false);
    expect(isSlaveId(1.5)).toBe(false);
    expect(() => buildReadRequest(0, 4, 0, 2)).toThrow(/1\.\.247/);
    expect(() => buildReadRequest(248, 4, 0, 2)).toThrow(RangeError);
    expect(() => buildWriteSingleRegister(0, 0, 1)).toThrow(RangeError);
  });

  it('refuses impossible ranges', () => {
    expect(() => buildReadRequest(1, 4, 0, 0)).toThrow(/count/);
    expect(() => buildReadRequest(1, 4, 0, 126)).toThrow(/count/);
    expect(() => buildReadRequest(1, 4, 65535, 2)).toThrow(/65535/);
    expect(() => buildReadRequest(1, 4, -1, 2)).toThrow(RangeError);
    expect(() => buildReadRequest(1, 5 as 4, 0, 2)).toThrow(/3 or 4/);
    expect(() => buildWriteSingleRegister(1, 0, 65536)).toThrow(/value/);
  });
});

/** A well-formed answer to a read: slave, function, byte count, registers, CRC. */
function readAnswer(slave: number, fn: number, registers: number[]): Uint8Array {
  const body = [slave, fn, registers.length * 2];
  for (const r of registers) body.push(r >>> 8, r & 0xff);
  return withCrc(body);
}

describe('responseLength', () => {
  const read = buildReadRequest(1, 4, 0, 2);

  it('expects 5 + 2 x count for reads and 8 for writes', () => {
    expect(responseLength(read)).toBe(9);
    expect(responseLength(buildReadRequest(1, 3, 0, 10))).toBe(25);
    expect(responseLength(buildWriteSingleRegister(1, 0, 1))).toBe(8);
  });

  it('shrinks to 5 once the second byte shows an exception', () => {
    expect(responseLength(read, bytes(1))).toBe(9);
    expect(responseLength(read, bytes(1, 0x84))).toBe(5);
    expect(responseLength(buildWriteSingleRegister(1, 0, 1), bytes(1, 0x86))).toBe(5);
  });

  it("follows the meter's own byte count once it has arrived", () => {
    expect(responseLength(read, bytes(1, 4, 2))).toBe(7);
  });

  it('tells when every chunking of a frame is complete', () => {
    const answer = readAnswer(1, 4, [0x4366, 0x0000]);
    for (let n = 0; n <= answer.length; n++) {
      const got = answer.subarray(0, n);
      expect(got.length >= responseLength(read, got)).toBe(n === answer.length);
    }
  });

  it('refuses something that is not a request', () => {
    expect(() => responseLength(bytes(1, 4, 0))).toThrow(RangeError);
  });
});

describe('parseResponse', () => {
  const read = buildReadRequest(1, 4, 0, 2);

  it('returns the registers of a good answer', () => {
    expect(parseResponse(read, readAnswer(1, 4, [0x4366, 0x0000]))).toEqual({
      ok: true,
      registers: [0x4366, 0x0000],
    });
    // 230.0 V as an SDM120 sends it: 01 04 04 43 66 00 00 CRC.
    const wire = bytes(0x01, 0x04, 0x04, 0x43, 0x66, 0x00, 0x00);
    expect(parseResponse(read, withCrc([...wire]))).toMatchObject({ ok: true });
  });

  it('parses an FC 06 echo', () => {
    const write = buildWriteSingleRegister(3, 0x002e, 9);
    expect(parseResponse(write, write)).toEqual({ ok: true, registers: [9] });
    const other = withCrc([3, 6, 0x00, 0x2e, 0x00, 0x08]);
    expect(parseResponse(write, other)).toMatchObject({ ok: false, kind: 'mismatch' });
  });

  it('names exception codes', () => {
    const answer = withCrc([1, 0x84, 0x02]);
    expect(answer.length).toBe(5);
    expect(parseResponse(read, answer)).toEqual({
      ok: false,
      kind: 'exception',
      message: 'slave 1 answered exception 2: illegal data address',
      exceptionCode: 2,
    });
    expect(exceptionName(1)).toBe('illegal function');
    expect(exceptionName(3)).toBe('illegal data value');
    expect(exceptionName(4)).toBe('server device failure');
    expect(exceptionName(6)).toBe('server device busy');
    expect(exceptionName(0x42)).toBe('unknown exception 0x42');
  });

  it('reports a CRC error', () => {
    const answer = readAnswer(1, 4, [0x4366, 0x0000]);
    answer[4] = 0x67;
    expect(parseResponse(read, answer)).toMatchObject({ ok: false, kind: 'crc' });
  });

  it('reports a short or over-long frame', () => {
    const answer = readAnswer(1, 4, [0x4366, 0x0000]);
    expect(parseResponse(read, answer.subarray(0, 8))).toMatchObject({ ok: false, kind: 'short' });
    expect(parseResponse(read, new Uint8Array())).toMatchObject({ ok: false, kind: 'short' });
    expect(parseResponse(read, Uint8Array.from([...answer, 0]))).toMatchObject({
      ok: false,
      kind: 'mismatch',
    });
  });

  it('reports answers to some other question', () => {
    expect(parseResponse(read, readAnswer(2, 4, [1, 2]))).toMatchObject({
      ok: false,
      kind: 'mismatch',
      message: 'answer from slave 2, asked slave 1',
    });
    expect(parseResponse(read, readAnswer(1, 3, [1, 2]))).toMatchObject({
      ok: false,
      kind: 'mismatch',
    });
    expect(parseResponse(read, readAnswer(1, 4, [1]))).toMatchObject({
      ok: false,
      kind: 'mismatch',
      message: 'answer has 2 data bytes, asked 4',
    });
  });

  it('round-trips any registers through a frame', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 247 }),
        fc.constantFrom(3 as const, 4 as const),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 125 }),
        (slave, fn, registers) => {
          const request = buildReadRequest(slave, fn, 0, registers.length);
          const answer = readAnswer(slave, fn, registers);
          expect(answer.length).toBe(responseLength(request, answer));
          expect(parseResponse(request, answer)).toEqual({ ok: true, registers });
        },
      ),
    );
  });
});
