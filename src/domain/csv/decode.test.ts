// Encoding detection on the byte patterns office software actually writes.
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from './decode';
import { CsvError } from './parse';

const utf8 = (s: string): number[] => Array.from(new TextEncoder().encode(s));

function utf16(s: string, littleEndian: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    out.push(...(littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff]));
  }
  return out;
}

describe('decodeCsvBytes', () => {
  it('strips a UTF-8 byte-order mark (Excel "CSV UTF-8")', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Prénom,Nom\nAdé,Ọlá\n')]);
    expect(decodeCsvBytes(bytes)).toEqual({ text: 'Prénom,Nom\nAdé,Ọlá\n', encoding: 'utf-8-bom' });
  });

  it('reads plain UTF-8 and ASCII as UTF-8', () => {
    expect(decodeCsvBytes(new Uint8Array(utf8('Téléphone;Façade\n')))).toEqual({
      text: 'Téléphone;Façade\n',
      encoding: 'utf-8',
    });
    expect(decodeCsvBytes(new Uint8Array(utf8('a,b\n1,2'))).encoding).toBe('utf-8');
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8 (Excel "CSV" on Windows)', () => {
    // "Prénom;Façade;Niño;€5" in Windows-1252: é=E9, ç=E7, ñ=F1, €=80.
    const bytes = new Uint8Array([
      0x50, 0x72, 0xe9, 0x6e, 0x6f, 0x6d, 0x3b, 0x46, 0x61, 0xe7, 0x61, 0x64, 0x65, 0x3b, 0x4e,
      0x69, 0xf1, 0x6f, 0x3b, 0x80, 0x35,
    ]);
    expect(decodeCsvBytes(bytes)).toEqual({
      text: 'Prénom;Façade;Niño;€5',
      encoding: 'windows-1252',
    });
  });

  it('decodes every Windows-1252 byte as the WHATWG encoding standard does', () => {
    // Written out rather than compared with TextDecoder('windows-1252'): Node 20's decodes that
    // label as Latin-1 (no euro sign, no curly quotes), which is why decode.ts has its own table.
    const c1 =
      '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
      '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
    const all = new Uint8Array(256).map((_, i) => i);
    const decoded = decodeCsvBytes(all);
    expect(decoded.encoding).toBe('windows-1252');
    for (let b = 0; b < 256; b++) {
      const expected = b >= 0x80 && b <= 0x9f ? c1.charAt(b - 0x80) : String.fromCharCode(b);
      expect(decoded.text.charAt(b), `byte ${b.toString(16)}`).toBe(expected);
    }
    expect(
      decodeCsvBytes(new Uint8Array([0x93, 0x4f, 0x4b, 0x94, 0x20, 0x96, 0x20, 0x80])).text,
    ).toBe('\u201COK\u201D \u2013 \u20AC');
  });

  it('reads UTF-16 LE and BE with a BOM, astral characters included', () => {
    const text = 'Name\tPhone\r\nAmína 🌞\t0803\r\n';
    expect(decodeCsvBytes(new Uint8Array([0xff, 0xfe, ...utf16(text, true)]))).toEqual({
      text,
      encoding: 'utf-16le',
    });
    expect(decodeCsvBytes(new Uint8Array([0xfe, 0xff, ...utf16(text, false)]))).toEqual({
      text,
      encoding: 'utf-16be',
    });
  });

  it('marks a truncated UTF-16 file instead of dropping its last byte', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]);
    expect(decodeCsvBytes(bytes).text).toBe('A\uFFFD');
  });

  it('refuses a file that claims UTF-8 with a BOM but is not', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x50, 0x72, 0xe9, 0x6e]);
    expect(() => decodeCsvBytes(bytes)).toThrow(CsvError);
    expect(() => decodeCsvBytes(bytes)).toThrow(/CSV UTF-8/);
  });

  it('decodes an empty file to empty text', () => {
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });
});
