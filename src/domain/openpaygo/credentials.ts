// OpenPAYGO Token device credentials as provisioned by the manufacturer (docs/domain.md §8.1):
// validated here once, so every door (form, CSV import, CLI) accepts and refuses the same things.

export interface OpenPaygoCredentials {
  /** 16-byte secret key as 32 lowercase hex characters. */
  keyHex: string;
  startingCode: number;
  count: number;
  timeDivider: number;
  restrictedDigits: boolean;
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseSecretKey(text: string): FieldCheck<string> {
  const compact = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:-]/g, '');
  if (compact === '') return { ok: false, reason: 'is empty' };
  if (!/^[0-9a-fA-F]+$/.test(compact)) {
    return { ok: false, reason: 'must be hexadecimal (0-9, a-f)' };
  }
  if (compact.length !== 32) {
    return { ok: false, reason: `must be 32 hex characters (16 bytes), got ${compact.length}` };
  }
  return { ok: true, value: compact.toLowerCase() };
}

export function parseStartingCode(text: string | number): FieldCheck<number> {
  const s = String(text).trim();
  if (!/^\d{1,9}$/.test(s)) return { ok: false, reason: 'must be a number of up to 9 digits' };
  return { ok: true, value: Number(s) };
}

export function parseCount(text: string | number): FieldCheck<number> {
  const s = String(text).trim();
  if (s === '') return { ok: true, value: 0 };
  if (!/^\d{1,9}$/.test(s)) return { ok: false, reason: 'must be a whole number of 0 or more' };
  return { ok: true, value: Number(s) };
}

export function parseTimeDivider(text: string | number): FieldCheck<number> {
  const s = String(text).trim();
  if (s === '') return { ok: true, value: 1 };
  const n = Number(s);
  if (!/^\d{1,3}$/.test(s) || n < 1 || n > 255) {
    return { ok: false, reason: 'must be a whole number from 1 to 255' };
  }
  return { ok: true, value: n };
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'off', '']);

export function parseFlag(text: string | boolean): FieldCheck<boolean> {
  if (typeof text === 'boolean') return { ok: true, value: text };
  const s = text.trim().toLowerCase();
  if (TRUE.has(s)) return { ok: true, value: true };
  if (FALSE.has(s)) return { ok: true, value: false };
  return { ok: false, reason: 'must be yes/no, true/false or 1/0' };
}
