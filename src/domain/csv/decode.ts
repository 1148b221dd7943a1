// File bytes -> text, detecting what office PCs save: Excel "CSV UTF-8" (BOM), plain "CSV" on
// Windows (Windows-1252), "Unicode text" (UTF-16). Those two are decoded by hand: Node 20's
// TextDecoder reads 'windows-1252' as Latin-1 (no €, no curly quotes), UTF-16BE needs full ICU.
import { CsvError } from './parse';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

// Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, euro sign, Š, Ž, Ÿ...). The
// five bytes Windows leaves undefined map to the C1 control of the same value, as WHATWG does.
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

// String.fromCharCode takes its code units as arguments; chunks keep big files under the
// engine's argument limit.
const CHUNK = 8192;

function fromCodeUnits(units: Uint16Array): string {
  let out = '';
  for (let i = 0; i < units.length; i += CHUNK) {
    out += String.fromCharCode(...units.subarray(i, i + CHUNK));
  }
  return out;
}

function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    units[i] = b >= 0x80 && b <= 0x9f ? (CP1252_80_9F[b - 0x80] ?? b) : b;
  }
  return fromCodeUnits(units);
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < units.length; i++) {
    const a = bytes[2 * i] ?? 0;
    const b = bytes[2 * i + 1] ?? 0;
    units[i] = littleEndian ? a | (b << 8) : (a << 8) | b;
  }
  // A dangling odd byte means a truncated file: show it as a replacement character rather than
  // dropping it silently.
  return fromCodeUnits(units) + (bytes.length % 2 === 1 ? '\uFFFD' : '');
}

export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
        bytes.subarray(3),
      );
      return { text, encoding: 'utf-8-bom' };
    } catch {
      // The BOM says UTF-8, so guessing another encoding would be wrong as often as right.
      throw new CsvError(
        'The file says it is UTF-8 but contains characters that are not valid UTF-8. ' +
          'Open it in Excel and save it again as "CSV UTF-8".',
      );
    }
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16le' };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16be' };
  }
  try {
    // Strict: a Windows-1252 "é" (0xE9) alone is invalid UTF-8, which is what lets us tell the
    // two apart. Real Windows-1252 text is almost never accidentally valid UTF-8.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
