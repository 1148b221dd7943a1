// The 85 reference vectors (test/fixtures/openpaygo/vectors.csv, kept in the repository): every
// standard, restricted and extended (12 or 20 digits) vector must encode and decode exactly, and
// be taken once by a simulated device of the matching kind.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createDevice, enterToken, isActive, remainingDays } from './device';
import { decodeToken, encodeToken, type TokenType } from './token';

const VECTORS_CSV = resolve(__dirname, '../../../test/fixtures/openpaygo/vectors.csv');

interface Vector {
  line: number;
  keyHex: string;
  startingCode: number;
  countIn: number;
  type: TokenType;
  value: number | undefined;
  valueDivider: number;
  restricted: boolean;
  extended: boolean;
  countOut: number;
  token: string;
}

function loadVectors(): Vector[] {
  if (!existsSync(VECTORS_CSV)) {
    throw new Error(
      `OpenPAYGO vectors not found at ${VECTORS_CSV} (test/fixtures/openpaygo/vectors.csv)`,
    );
  }
  const parsed = Papa.parse<Record<string, string>>(readFileSync(VECTORS_CSV, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) throw new Error(`vectors.csv: ${parsed.errors[0]?.message}`);
  return parsed.data.map((row, index) => {
    const cell = (name: string): string => {
      const value = row[name];
      if (value === undefined) throw new Error(`vectors.csv line ${index + 2}: no ${name} column`);
      return value.trim();
    };
    return {
      line: index + 2,
      keyHex: cell('key_hex'),
      startingCode: Number(cell('starting_code')),
      countIn: Number(cell('count_in')),
      type: cell('token_type') as TokenType,
      value: cell('value_raw') === '' ? undefined : Number(cell('value_raw')),
      valueDivider: Number(cell('value_divider')),
      restricted: cell('restricted_digit_set') === '1',
      extended: cell('extended_token') === '1',
      countOut: Number(cell('count_out')),
      token: cell('token'),
    };
  });
}

const vectors = loadVectors();
const standard = vectors.filter((v) => !v.extended);
const extended = vectors.filter((v) => v.extended);
const EXPECTED_VALUE: Partial<Record<TokenType, number>> = {
  DISABLE_PAYG: 998,
  COUNTER_SYNC: 999,
};

function label(v: Vector): string {
  return `line ${v.line}: ${v.type} ${v.value ?? ''} count ${v.countIn}${v.restricted ? ' restricted' : ''}`;
}

describe('OpenPAYGO reference vectors', () => {
  it('holds 85 vectors: 45 standard or restricted, 40 extended', () => {
    expect(vectors).toHaveLength(85);
    expect(standard).toHaveLength(45);
    expect(extended).toHaveLength(40);
    expect(standard.filter((v) => v.restricted)).toHaveLength(20);
  });

  it.each(standard.map((v) => [label(v), v] as const))('encodes %s', (_, v) => {
    expect(
      encodeToken({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        count: v.countIn,
        type: v.type,
        value: v.value,
        restrictedDigits: v.restricted,
      }),
    ).toEqual({ token: v.token, count: v.countOut });
  });

  it.each(standard.map((v) => [label(v), v] as const))('decodes %s', (_, v) => {
    expect(
      decodeToken({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        lastCount: v.countIn,
        token: v.token,
        restrictedDigits: v.restricted,
      }),
    ).toEqual({ type: v.type, value: v.value ?? EXPECTED_VALUE[v.type], count: v.countOut });
  });

  it.each(standard.map((v) => [label(v), v] as const))(
    'is accepted by a fresh device at the count before: %s',
    (_, v) => {
      const device = createDevice({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        count: v.countIn,
        restrictedDigits: v.restricted,
        timeDivider: v.valueDivider,
      });
      const entry = enterToken(device, v.token);
      expect(entry).toMatchObject({ result: 'accepted', type: v.type, count: v.countOut });
      expect(entry.state.lastCount).toBe(v.countOut);
      expect(enterToken(entry.state, v.token).result).toBe('already_used');
    },
  );

  it('finds nothing when a standard vector is decoded with another key (one bit flipped)', () => {
    for (const v of standard) {
      const first = parseInt(v.keyHex.slice(0, 2), 16) ^ 0x01;
      const otherKey = first.toString(16).padStart(2, '0') + v.keyHex.slice(2);
      const decoded = decodeToken({
        keyHex: otherKey,
        startingCode: v.startingCode,
        lastCount: v.countIn,
        token: v.token,
        restrictedDigits: v.restricted,
      });
      expect(decoded, label(v)).toBeNull();
    }
  });

  it('plays the documentation example in order on one device', () => {
    const doc = standard.filter((v) => v.keyHex === 'a29ab82edc5fbbc41ec9530f6dac86b1');
    expect(doc.map((v) => v.countOut)).toEqual([2, 4, 5, 7, 9]);
    let device = createDevice({ keyHex: doc[0]?.keyHex ?? '', startingCode: 123456789 });
    const days: number[] = [];
    for (const v of doc) {
      const entry = enterToken(device, v.token);
      expect(entry.result, label(v)).toBe('accepted');
      device = entry.state;
      days.push(remainingDays(device));
    }
    // ADD 1, ADD 29 (30), SET 7, DISABLE_PAYG (credit kept), SET 0: unlocked stays for good.
    expect(days).toEqual([1, 30, 7, 7, 0]);
    expect(device.unlocked).toBe(true);
    expect(isActive(device)).toBe(true);
  });

  // Extended tokens: the reference implementation's convention, for models that opt in.
  it.each(extended.map((v) => [label(v), v] as const))('encodes extended %s', (_, v) => {
    expect(v.token).toHaveLength(v.restricted ? 20 : 12);
    expect(
      encodeToken({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        count: v.countIn,
        type: v.type,
        value: v.value,
        restrictedDigits: v.restricted,
        extended: true,
      }),
    ).toEqual({ token: v.token, count: v.countOut });
  });

  it.each(extended.map((v) => [label(v), v] as const))(
    'decodes extended %s, and a device takes it once',
    (_, v) => {
      const decoded = decodeToken({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        lastCount: v.countIn,
        token: v.token,
        restrictedDigits: v.restricted,
        extended: true,
      });
      expect(decoded).toEqual({
        type: v.type,
        value: v.value ?? EXPECTED_VALUE[v.type],
        count: v.countOut,
      });
      const device = createDevice({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        count: v.countIn,
        restrictedDigits: v.restricted,
        extended: true,
      });
      const entry = enterToken(device, v.token);
      expect(entry).toMatchObject({ result: 'accepted', type: v.type, count: v.countOut });
      expect(enterToken(entry.state, v.token).result).toBe('already_used');
    },
  );

  it('refuses an extended token on a model without extended tokens, and the reverse', () => {
    const v = extended.find((x) => !x.restricted);
    const s = standard.find((x) => !x.restricted);
    if (!v || !s) throw new Error('no vectors');
    const decode = (token: string, asExtended: boolean) => () =>
      decodeToken({
        keyHex: v.keyHex,
        startingCode: v.startingCode,
        lastCount: v.countIn,
        token,
        extended: asExtended,
      });
    expect(decode(v.token, false)).toThrow(
      /^12 digits means an extended token, but this device's model does not use extended tokens/,
    );
    expect(decode(s.token, true)).toThrow(/^An extended token has 12 digits, got 9/);
  });
});
