// FC 16 frames against the Modbus specification's worked example, and every way an answer can be
// wrong, so commissioning never reports a write that did not happen.
import { describe, expect, it } from 'vitest';
import { withCrc } from './modbus';
import {
  buildWriteMultipleRegisters,
  parseWriteMultipleResponse,
  writeMultipleResponseLength,
} from './modbus-write';

const hex = (bytes: Uint8Array) =>
  [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

describe('buildWriteMultipleRegisters', () => {
  it('matches the specification example (slave 0x11, registers 2..3 = 0x000A, 0x0102)', () => {
    expect(hex(buildWriteMultipleRegisters(0x11, 1, [0x000a, 0x0102]))).toBe(
      '11 10 00 01 00 02 04 00 0A 01 02 C6 F0',
    );
  });

  it('writes the Eastron id 5 as float32 0x40A00000 to holding 0x0014', () => {
    const frame = buildWriteMultipleRegisters(1, 0x14, [0x40a0, 0x0000]);
    expect(hex(frame.subarray(0, 11))).toBe('01 10 00 14 00 02 04 40 A0 00 00');
  });

  it('refuses bad arguments', () => {
    expect(() => buildWriteMultipleRegisters(0, 0, [1])).toThrow(RangeError);
    expect(() => buildWriteMultipleRegisters(248, 0, [1])).toThrow(RangeError);
    expect(() => buildWriteMultipleRegisters(1, 0, [])).toThrow(RangeError);
    expect(() => buildWriteMultipleRegisters(1, 0, new Array<number>(124).fill(0))).toThrow(
      RangeError,
    );
    expect(() => buildWriteMultipleRegisters(1, 0xffff, [1, 2])).toThrow(RangeError);
    expect(() => buildWriteMultipleRegisters(1, 0, [0x10000])).toThrow(RangeError);
    expect(() => buildWriteMultipleRegisters(1, 0, [1.5])).toThrow(RangeError);
  });
});

describe('parseWriteMultipleResponse', () => {
  const request = buildWriteMultipleRegisters(0x11, 1, [0x000a, 0x0102]);

  it('accepts the specification example answer', () => {
    const response = Uint8Array.from([0x11, 0x10, 0x00, 0x01, 0x00, 0x02, 0x12, 0x98]);
    expect(writeMultipleResponseLength(response)).toBe(8);
    expect(parseWriteMultipleResponse(request, response)).toEqual({
      ok: true,
      registers: [0x000a, 0x0102],
    });
  });

  it('reports an exception answer with its name', () => {
    const response = withCrc([0x11, 0x90, 0x02]);
    expect(writeMultipleResponseLength(response.subarray(0, 2))).toBe(5);
    const result = parseWriteMultipleResponse(request, response);
    expect(result).toMatchObject({ ok: false, kind: 'exception', exceptionCode: 2 });
    expect(result.ok ? '' : result.message).toContain('illegal data address');
  });

  it('rejects a CRC error, a short frame, another slave and a different echo', () => {
    const good = withCrc([0x11, 0x10, 0x00, 0x01, 0x00, 0x02]);
    const corrupted = good.slice();
    corrupted[3] = 0x02;
    expect(parseWriteMultipleResponse(request, corrupted)).toMatchObject({ kind: 'crc' });
    expect(parseWriteMultipleResponse(request, good.subarray(0, 6))).toMatchObject({
      kind: 'short',
    });
    expect(
      parseWriteMultipleResponse(request, withCrc([0x12, 0x10, 0x00, 0x01, 0x00, 0x02])),
    ).toMatchObject({ kind: 'mismatch' });
    expect(
      parseWriteMultipleResponse(request, withCrc([0x11, 0x10, 0x00, 0x01, 0x00, 0x01])),
    ).toMatchObject({ kind: 'mismatch' });
    expect(
      parseWriteMultipleResponse(request, withCrc([0x11, 0x06, 0x00, 0x01, 0x00, 0x02])),
    ).toMatchObject({ kind: 'mismatch' });
  });
});
