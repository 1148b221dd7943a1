// IEC 62056-21 mode C: the bytes GridDesk sends, identification lines, a data block whose BCC the
// test computes itself, the data-line grammar, and picking 1.8.0 as import energy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ackOptionSelect,
  bcc,
  dataBlockEnd,
  identificationEnd,
  importEnergy,
  parseDataBlock,
  parseDataLines,
  parseIdentification,
  signOnRequest,
  type DataSet,
} from './iec62056';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The data block as a meter sends it, BCC computed here with a plain loop. */
function block(data: string): Uint8Array {
  const body = ascii(`${data}!\r\n\x03`);
  let x = 0;
  for (const b of body) x = x ^ b;
  return Uint8Array.from([0x02, ...body, x & 0x7f]);
}

const READOUT = [
  '0.0.0(12345678)',
  '1.8.0(0012345.67*kWh)',
  '1.8.1(0010000.00*kWh)',
  '1.8.2(0002345.67*kWh)',
  'F.F(00000000)',
  '',
].join('\r\n');

describe('requests', () => {
  it('signs on with or without a device address', () => {
    expect([...signOnRequest()]).toEqual([0x2f, 0x3f, 0x21, 0x0d, 0x0a]);
    expect(new TextDecoder().decode(signOnRequest('12345678'))).toBe('/?12345678!\r\n');
    expect(() => signOnRequest('12!34')).toThrow(RangeError);
    expect(() => signOnRequest('x'.repeat(33))).toThrow(RangeError);
  });

  it('acknowledges with ACK 0 Z 0 CR LF', () => {
    expect([...ackOptionSelect('5')]).toEqual([0x06, 0x30, 0x35, 0x30, 0x0d, 0x0a]);
    expect([...ackOptionSelect('0')]).toEqual([0x06, 0x30, 0x30, 0x30, 0x0d, 0x0a]);
    expect(() => ackOptionSelect('7')).toThrow(RangeError);
    expect(() => ackOptionSelect('A')).toThrow(RangeError);
  });
});

describe('parseIdentification', () => {
  it('reads maker, baud letter and ident', () => {
    expect(parseIdentification(ascii('/ISK5MT174-0001\r\n'))).toEqual({
      ok: true,
      maker: 'ISK',
      baudLetter: '5',
      baud: 9600,
      ident: 'MT174-0001',
    });
    expect(parseIdentification(ascii('/LGZ4ZMD3104407.B32\r\n'))).toMatchObject({
      maker: 'LGZ',
      baud: 4800,
    });
  });

  it('maps every mode C letter', () => {
    const bauds = [0, 1, 2, 3, 4, 5, 6].map((z) => {
      const id = parseIdentification(ascii(`/ABC${z}meter\r\n`));
      return id.ok ? id.baud : null;
    });
    expect(bauds).toEqual([300, 600, 1200, 2400, 4800, 9600, 19200]);
  });

  it("skips the probe's echo of the sign-on", () => {
    const heard = ascii('/?!\r\n/ISk5\\2MT382-1000\r\n');
    expect(parseIdentification(heard)).toMatchObject({
      ok: true,
      maker: 'ISk',
      ident: '\\2MT382-1000',
    });
    expect(identificationEnd(heard)).toBe(heard.length);
  });

  it('reports incomplete, malformed and non-mode-C lines', () => {
    expect(parseIdentification(ascii('/ISK5MT1'))).toMatchObject({ ok: false, kind: 'incomplete' });
    expect(identificationEnd(ascii('/ISK5MT1'))).toBe(-1);
    expect(identificationEnd(ascii('/?!\r\n'))).toBe(-1);
    expect(parseIdentification(ascii('/I5\r\n'))).toMatchObject({ ok: false, kind: 'format' });
    expect(parseIdentification(ascii('/ISKEMT174\r\n'))).toMatchObject({ ok: false, kind: 'baud' });
    expect(parseIdentification(ascii('/ISK7MT174\r\n'))).toMatchObject({ ok: false, kind: 'baud' });
  });

  it('suspects an 8N1 port when a byte has its top bit set', () => {
    const bytes = ascii('/ISK5MT174\r\n');
    bytes[1] = 0xc9; // 'I' with an even-parity bit left on
    expect(parseIdentification(bytes)).toMatchObject({ ok: false, kind: 'parity' });
  });
});

describe('bcc', () => {
  it('is the 7-bit XOR of the range', () => {
    expect(bcc(Uint8Array.of(0x01, 0x02, 0x04))).toBe(0x07);
    expect(bcc(Uint8Array.of(0xff))).toBe(0x7f);
    expect(bcc(Uint8Array.of(0x02, 0x41, 0x03), 1, 3)).toBe(0x41 ^ 0x03);
  });

  it('matches a straightforward loop on any readout', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const bytes = block(text);
        expect(bcc(bytes, 1, bytes.length - 1)).toBe(bytes[bytes.length - 1]);
      }),
    );
  });
});

describe('parseDataBlock', () => {
  it('parses a readout with a correct BCC', () => {
    const result = parseDataBlock(block(READOUT));
    expect(result).toEqual({
      ok: true,
      sets: [
        { obis: '0.0.0', index: 0, value: '12345678', number: 12345678 },
        { obis: '1.8.0', index: 0, value: '0012345.67', number: 12345.67, unit: 'kWh' },
        { obis: '1.8.1', index: 0, value: '0010000.00', number: 10000, unit: 'kWh' },
        { obis: '1.8.2', index: 0, value: '0002345.67', number: 2345.67, unit: 'kWh' },
        { obis: 'F.F', index: 0, value: '00000000', number: 0 },
      ],
    });
  });

  it('skips an echoed acknowledgement before STX and tells when the block is complete', () => {
    const bytes = Uint8Array.from([...ackOptionSelect('5'), ...block(READOUT)]);
    expect(parseDataBlock(bytes)).toMatchObject({ ok: true });
    expect(dataBlockEnd(bytes)).toBe(bytes.length);
    expect(dataBlockEnd(bytes.subarray(0, bytes.length - 1))).toBe(-1);
    expect(dataBlockEnd(bytes.subarray(0, 3))).toBe(-1);
  });

  it('refuses a bad BCC', () => {
    const bytes = block(READOUT);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    expect(parseDataBlock(bytes)).toMatchObject({ ok: false, kind: 'bcc' });
    const flipped = block(READOUT);
    flipped[10] = (flipped[10] ?? 0) ^ 0x04;
    expect(parseDataBlock(flipped)).toMatchObject({ ok: false, kind: 'bcc' });
  });

  it('reports missing STX, ETX or BCC', () => {
    const bytes = block(READOUT);
    expect(parseDataBlock(bytes.subarray(1))).toMatchObject({ ok: false, kind: 'incomplete' });
    expect(parseDataBlock(bytes.subarray(0, bytes.length - 2))).toMatchObject({
      ok: false,
      kind: 'incomplete',
      message: expect.stringMatching(/ETX/) as string,
    });
    expect(parseDataBlock(bytes.subarray(0, bytes.length - 1))).toMatchObject({
      ok: false,
      kind: 'incomplete',
      message: expect.stringMatching(/BCC/) as string,
    });
  });

  it('refuses a block without the closing "!"', () => {
    const body = ascii('1.8.0(1*kWh)\r\n\x03');
    const bytes = Uint8Array.from([0x02, ...body, bcc(body)]);
    expect(parseDataBlock(bytes)).toMatchObject({ ok: false, kind: 'format' });
  });

  it('refuses bytes above 127 (port not opened 7E1)', () => {
    const bytes = block(READOUT);
    bytes[5] = 0xb8;
    expect(parseDataBlock(bytes)).toMatchObject({ ok: false, kind: 'parity' });
  });
});

describe('parseDataLines', () => {
  it('reads several sets on a line, several values per address, and empty values', () => {
    const result = parseDataLines('1.8.1(100.5*kWh)1.8.2(20*kWh)\r\nP.01(2401)(2402*V)\r\nC.1()');
    expect(result).toEqual({
      ok: true,
      sets: [
        { obis: '1.8.1', index: 0, value: '100.5', number: 100.5, unit: 'kWh' },
        { obis: '1.8.2', index: 0, value: '20', number: 20, unit: 'kWh' },
        { obis: 'P.01', index: 0, value: '2401', number: 2401 },
        { obis: 'P.01', index: 1, value: '2402', number: 2402, unit: 'V' },
        { obis: 'C.1', index: 0, value: '' },
      ],
    });
  });

  it('keeps non-numeric values as text', () => {
    expect(parseDataLines('0.9.2(1240531)\n0.2.0(V1.2-A)')).toMatchObject({
      ok: true,
      sets: [
        { obis: '0.9.2', number: 1240531 },
        { obis: '0.2.0', value: 'V1.2-A' },
      ],
    });
    const sets = parseDataLines('0.2.0(V1.2-A)');
    expect(sets.ok && sets.sets[0]?.number).toBe(undefined);
  });

  it('reports malformed lines with their number', () => {
    expect(parseDataLines('1.8.0(1*kWh)\r\n1.8.1(2*kWh')).toEqual({
      ok: false,
      kind: 'format',
      message: 'data line 2: "(" without ")"',
    });
    expect(parseDataLines('(5)')).toMatchObject({ ok: false, kind: 'format' });
    expect(parseDataLines('1.8.0(1)junk')).toMatchObject({
      ok: false,
      message: 'data line 1: "junk" has no value',
    });
  });
});

describe('importEnergy', () => {
  const set = (obis: string, value: string, unit?: string): DataSet => ({
    obis,
    index: 0,
    value,
    number: Number(value),
    ...(unit === undefined ? {} : { unit }),
  });

  it('picks 1.8.0 in kWh, not a tariff register', () => {
    const sets = [set('1.8.1', '10.00', 'kWh'), set('1.8.0', '0012345.67', 'kWh')];
    expect(importEnergy(sets)).toEqual({ ok: true, kwh: 12345.67, wh: 12345670 });
  });

  it('converts Wh and accepts the full OBIS form', () => {
    expect(importEnergy([set('1-0:1.8.0*255', '12345670', 'Wh')])).toEqual({
      ok: true,
      kwh: 12345.67,
      wh: 12345670,
    });
    expect(importEnergy([set('1.8.0', '1.5', 'MWh')])).toEqual({
      ok: true,
      kwh: 1500,
      wh: 1500000,
    });
  });

  it('ignores historical values of past billing periods', () => {
    expect(importEnergy([set('1.8.0*03', '100', 'kWh')])).toMatchObject({ kind: 'missing' });
  });

  it('refuses missing, non-numeric, unitless and non-energy values', () => {
    expect(importEnergy([])).toMatchObject({ ok: false, kind: 'missing' });
    expect(importEnergy([{ obis: '1.8.0', index: 0, value: 'ERR' }])).toMatchObject({
      ok: false,
      kind: 'format',
    });
    expect(importEnergy([set('1.8.0', '100')])).toMatchObject({ ok: false, kind: 'unit' });
    expect(importEnergy([set('1.8.0', '100')], 'Wh')).toEqual({ ok: true, kwh: 0.1, wh: 100 });
    expect(importEnergy([set('1.8.0', '100', 'kvarh')])).toMatchObject({ ok: false, kind: 'unit' });
  });

  it('works end to end from a data block', () => {
    const parsed = parseDataBlock(block(READOUT));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(importEnergy(parsed.sets)).toMatchObject({ ok: true, wh: 12345670 });
  });
});
