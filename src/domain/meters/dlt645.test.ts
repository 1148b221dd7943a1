// DL/T 645-2007: request bytes for a known address (checksum summed here by a plain loop), the
// wildcard request, replies built by hand, frame lengths while bytes arrive, and every error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildReadRequest,
  checksum,
  decodeAddress,
  decodeBcd,
  encodeAddress,
  frameLength,
  parseEnergyReply,
  parseReadReply,
  WILDCARD_ADDRESS,
} from './dlt645';

const ADDRESS = '123456789012';
const WIRE_ADDRESS = [0x12, 0x90, 0x78, 0x56, 0x34, 0x12];

function sum(bytes: readonly number[]): number {
  let s = 0;
  for (const b of bytes) s += b;
  return s % 256;
}

/** A meter's reply: 68 A 68 C L DATA(+33) CS 16, optionally after FE bytes. */
function reply(control: number, plainData: number[], address = WIRE_ADDRESS, fe = 0): Uint8Array {
  const body = [0x68, ...address, 0x68, control, plainData.length];
  body.push(...plainData.map((b) => (b + 0x33) & 0xff));
  return Uint8Array.from([...Array<number>(fe).fill(0xfe), ...body, sum(body), 0x16]);
}

/** DI 00 01 00 00 low byte first, then 12345.67 kWh as BCD 67 45 23 01. */
const ENERGY_DATA = [0x00, 0x00, 0x01, 0x00, 0x67, 0x45, 0x23, 0x01];

describe('addresses', () => {
  it('stores 12 digits as reversed BCD', () => {
    expect([...encodeAddress(ADDRESS)]).toEqual(WIRE_ADDRESS);
    expect(decodeAddress(Uint8Array.from(WIRE_ADDRESS))).toBe(ADDRESS);
    expect([...encodeAddress(WILDCARD_ADDRESS)]).toEqual([0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
    expect([...encodeAddress('0000000001aa')]).toEqual([0xaa, 0x01, 0, 0, 0, 0]);
  });

  it('refuses anything but 12 digits or AA pairs', () => {
    for (const bad of ['12345678901', '1234567890123', '12345678901A', 'ABCDEFABCDEF', '']) {
      expect(() => encodeAddress(bad)).toThrow(RangeError);
    }
  });

  it('round-trips any 12-digit address', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (address) => {
        expect(decodeAddress(encodeAddress(address))).toBe(address);
      }),
    );
  });
});

describe('buildReadRequest', () => {
  it('reads forward active energy from 123456789012', () => {
    const body = [0x68, ...WIRE_ADDRESS, 0x68, 0x11, 0x04, 0x33, 0x33, 0x34, 0x33];
    expect([...buildReadRequest(ADDRESS)]).toEqual([
      0xfe,
      0xfe,
      0xfe,
      0xfe,
      ...body,
      sum(body),
      0x16,
    ]);
    // By hand: 68+68 = 208, address 438, 11+04 = 21, 33+33+34+33 = 205; 872 mod 256 = 0x68.
    expect(sum(body)).toBe(0x68);
    expect([...buildReadRequest(ADDRESS, { preamble: false })]).toEqual([...body, sum(body), 0x16]);
  });

  it('builds the well-known wildcard request', () => {
    const expected = '68 AA AA AA AA AA AA 68 11 04 33 33 34 33 AE 16';
    const got = [...buildReadRequest(WILDCARD_ADDRESS, { preamble: false })]
      .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
      .join(' ');
    expect(got).toBe(expected);
  });

  it('puts other data identifiers low byte first, +0x33', () => {
    const frame = buildReadRequest(ADDRESS, { di: 0x02010100, preamble: false });
    expect([...frame.subarray(10, 14)]).toEqual([0x33, 0x34, 0x34, 0x35]);
    expect(() => buildReadRequest(ADDRESS, { di: -1 })).toThrow(RangeError);
  });
});

describe('checksum', () => {
  it('is the sum mod 256 of the range', () => {
    expect(checksum(Uint8Array.of(0xff, 0x02))).toBe(0x01);
    expect(checksum(Uint8Array.of(9, 0xff, 0x02, 9), 1, 3)).toBe(0x01);
  });
});

describe('frameLength', () => {
  it('grows to the whole frame as the length byte arrives, preamble included', () => {
    const frame = reply(0x91, ENERGY_DATA, WIRE_ADDRESS, 4);
    expect(frame.length).toBe(4 + 12 + 8);
    for (let n = 0; n <= frame.length; n++) {
      const got = frame.subarray(0, n);
      const need = frameLength(got);
      expect(got.length >= need).toBe(n === frame.length);
    }
    expect(frameLength(frame.subarray(0, 14))).toBe(frame.length);
  });

  it('says "parse now" for bytes that cannot start a frame', () => {
    expect(frameLength(Uint8Array.of(0xfe, 0x00))).toBe(2);
    const broken = reply(0x91, ENERGY_DATA);
    broken[7] = 0x00;
    expect(frameLength(broken.subarray(0, 9))).toBe(9);
  });
});

describe('parseReadReply and parseEnergyReply', () => {
  it('decodes 12345.67 kWh as 12,345,670 Wh, with or without a preamble', () => {
    for (const fe of [0, 2, 4]) {
      expect(parseEnergyReply(reply(0x91, ENERGY_DATA, WIRE_ADDRESS, fe), ADDRESS)).toEqual({
        ok: true,
        address: ADDRESS,
        wh: 12345670,
      });
    }
  });

  it('reports the answering address after a wildcard request', () => {
    expect(parseEnergyReply(reply(0x91, ENERGY_DATA), WILDCARD_ADDRESS)).toMatchObject({
      ok: true,
      address: ADDRESS,
    });
  });

  it('returns raw data and the follow-up flag', () => {
    const result = parseReadReply(reply(0xb1, ENERGY_DATA), { address: ADDRESS });
    expect(result).toMatchObject({ ok: true, di: 0x00010000, more: true });
    expect(result.ok && [...result.data]).toEqual([0x67, 0x45, 0x23, 0x01]);
  });

  it('refuses a bad checksum', () => {
    const frame = reply(0x91, ENERGY_DATA);
    frame[frame.length - 2] = (frame[frame.length - 2] ?? 0) ^ 0x01;
    expect(parseEnergyReply(frame, ADDRESS)).toMatchObject({ ok: false, kind: 'checksum' });
    const data = reply(0x91, ENERGY_DATA);
    data[14] = (data[14] ?? 0) + 1;
    expect(parseEnergyReply(data, ADDRESS)).toMatchObject({ ok: false, kind: 'checksum' });
  });

  it('names the error bits of an error reply (0xD1)', () => {
    expect(parseEnergyReply(reply(0xd1, [0x02]), ADDRESS)).toEqual({
      ok: false,
      kind: 'error-reply',
      message: 'meter 123456789012 refused the read: no such data',
      errorByte: 0x02,
    });
    expect(parseEnergyReply(reply(0xd1, [0x05]), ADDRESS)).toMatchObject({
      message: expect.stringMatching(/other error, password wrong/) as string,
    });
  });

  it('reports structural problems', () => {
    const good = reply(0x91, ENERGY_DATA);
    expect(parseEnergyReply(good.subarray(0, 11), ADDRESS)).toMatchObject({ kind: 'short' });
    expect(parseEnergyReply(good.subarray(0, good.length - 1), ADDRESS)).toMatchObject({
      kind: 'short',
    });
    expect(parseEnergyReply(Uint8Array.from([...good, 0]), ADDRESS)).toMatchObject({
      kind: 'format',
    });
    const noEnd = Uint8Array.from(good);
    noEnd[noEnd.length - 1] = 0x17;
    expect(parseEnergyReply(noEnd, ADDRESS)).toMatchObject({ kind: 'format' });
    const noStart = Uint8Array.from(good);
    noStart[7] = 0x69;
    expect(parseEnergyReply(noStart, ADDRESS)).toMatchObject({ kind: 'format' });
  });

  it('reports answers to another question', () => {
    const other = reply(0x91, ENERGY_DATA, [0x13, 0x90, 0x78, 0x56, 0x34, 0x12]);
    expect(parseEnergyReply(other, ADDRESS)).toMatchObject({
      kind: 'mismatch',
      message: 'answer from 123456789013, asked 123456789012',
    });
    const di = reply(0x91, [0x00, 0x01, 0x01, 0x02, 0x00, 0x22]);
    expect(parseEnergyReply(di, ADDRESS)).toMatchObject({ kind: 'mismatch' });
    expect(parseEnergyReply(reply(0x93, ENERGY_DATA), ADDRESS)).toMatchObject({
      kind: 'mismatch',
    });
  });

  it('refuses energy that is not BCD or not 4 bytes', () => {
    const notBcd = reply(0x91, [0x00, 0x00, 0x01, 0x00, 0x6a, 0x45, 0x23, 0x01]);
    expect(parseEnergyReply(notBcd, ADDRESS)).toMatchObject({ kind: 'bcd' });
    const short = reply(0x91, [0x00, 0x00, 0x01, 0x00, 0x67, 0x45]);
    expect(parseEnergyReply(short, ADDRESS)).toMatchObject({ kind: 'format' });
  });

  it('decodes any 8-digit energy exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (hundredths) => {
        const digits = hundredths.toString().padStart(8, '0');
        const bcd = [6, 4, 2, 0].map((i) => parseInt(digits.slice(i, i + 2), 16));
        const frame = reply(0x91, [0x00, 0x00, 0x01, 0x00, ...bcd]);
        expect(frameLength(frame)).toBe(frame.length);
        expect(parseEnergyReply(frame, ADDRESS)).toEqual({
          ok: true,
          address: ADDRESS,
          wh: hundredths * 10,
        });
      }),
    );
  });
});

describe('decodeBcd', () => {
  it('reads little-endian packed BCD', () => {
    expect(decodeBcd(Uint8Array.of(0x67, 0x45, 0x23, 0x01))).toBe(1234567);
    expect(decodeBcd(Uint8Array.of(0x99, 0x99, 0x99, 0x99))).toBe(99999999);
    expect(decodeBcd(Uint8Array.of(0x0a))).toBeNull();
    expect(decodeBcd(new Uint8Array())).toBe(0);
  });
});
