// OpenPAYGO Token engine (docs/domain.md §8.1): encode and decode standard 9-digit tokens and their
// 15-digit restricted form (keys 1-4), and, for device models that opt in, the reference
// implementation's extended 12-digit (20 restricted) tokens (extended.ts).
import {
  EXTENDED_RESTRICTED_TOKEN_DIGITS,
  EXTENDED_TOKEN_DIGITS,
  EXTENDED_VALUE_MODULUS,
  extendedChainStart,
  fromExtendedRestrictedDigits,
  MAX_EXTENDED_TIME_VALUE,
  nextExtendedCode,
  toExtendedRestrictedDigits,
} from './extended';
import { byteSwap32, sipHash24Words, sipKey, type SipKey } from './siphash';

export type TokenType = 'ADD_TIME' | 'SET_TIME' | 'DISABLE_PAYG' | 'COUNTER_SYNC';

export const TOKEN_TYPES: readonly TokenType[] = [
  'ADD_TIME',
  'SET_TIME',
  'DISABLE_PAYG',
  'COUNTER_SYNC',
];

/** Encoded value of a DISABLE_PAYG token (unlock for good). */
export const VALUE_DISABLE_PAYG = 998;
/** Encoded value of a COUNTER_SYNC token (moves the device's count, adds no time). */
export const VALUE_COUNTER_SYNC = 999;
/** Largest ADD_TIME / SET_TIME value; 996 and 997 are reserved by the standard. */
export const MAX_TIME_VALUE = 995;
export const MAX_STARTING_CODE = 999_999_999;
/** Same bound as the provisioning import (credentials.ts accepts up to 9 digits). */
export const MAX_COUNT = 999_999_999;
// The windows below are the reference decoder's (OpenPAYGO-python: MAX_TOKEN_JUMP,
// MAX_TOKEN_JUMP_COUNTER_SYNC, MAX_UNUSED_OLDER_TOKENS), so GridDesk answers as devices do.
/** How far above its last count a device looks for a match. */
export const DEFAULT_LOOKAHEAD = 64;
/** How far above its last count a device looks for a COUNTER_SYNC (instead of 64, not on top). */
export const COUNTER_SYNC_LOOKAHEAD = 100;
/** An older ADD_TIME token is accepted only less than this many counts below the last count. */
export const OUT_OF_ORDER_WINDOW = 16;
/** An older COUNTER_SYNC token is accepted only less than this many counts below the last count. */
export const COUNTER_SYNC_BACK_WINDOW = 64;
export const TOKEN_DIGITS = 9;
export const RESTRICTED_TOKEN_DIGITS = 15;

// docs/domain.md §8.1 item 6: extended tokens exist in two incompatible variants, so a device model
// uses them only once its manufacturer confirms the reference implementation's variant.
const EXTENDED_NOT_ENABLED =
  "this device's model does not use extended tokens (a manufacturer must confirm the variant " +
  'before a model is set to use them)';

/** Largest output of F, and what F subtracts to fold 30-bit values above it back into 9 digits. */
const MAX_CODE = 999_999_999;
const FOLD = 73_741_825;

export interface EncodeInput {
  /** 16-byte secret key, 32 hex characters. */
  keyHex: string;
  startingCode: number;
  /** The device's last used count (count_in). */
  count: number;
  type: TokenType;
  /** Raw value = days x time divider, 0..995; only for ADD_TIME and SET_TIME. */
  value?: number;
  restrictedDigits?: boolean;
  extended?: boolean;
}

export interface EncodedToken {
  /** 9 digits zero-padded, or 15 digits of 1-4 in restricted mode; no spaces. */
  token: string;
  /** The count the token encodes (count_out): store it as the device's new count. */
  count: number;
}

export interface DecodeInput {
  keyHex: string;
  startingCode: number;
  /** The device's last count: the walk goes up to lastCount + maxLookahead. */
  lastCount: number;
  /** As typed: spaces and dashes are ignored. */
  token: string;
  restrictedDigits?: boolean;
  /** Default 64 (DEFAULT_LOOKAHEAD). */
  maxLookahead?: number;
  extended?: boolean;
}

export interface DecodedToken {
  type: TokenType;
  /** The raw encoded value: days x divider for ADD/SET, 998 DISABLE_PAYG, 999 COUNTER_SYNC. */
  value: number;
  count: number;
}

function isWhole(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** 32 hex characters -> 16 bytes; the message never echoes the key (it is a secret). */
export function keyBytes(keyHex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{32}$/.test(keyHex)) {
    throw new RangeError(
      `The secret key must be 32 hex characters (16 bytes), got ${keyHex.length} characters` +
        (/^[0-9a-fA-F]*$/.test(keyHex) ? '' : ' including non-hex ones'),
    );
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(keyHex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function checkStartingCode(startingCode: number): void {
  if (!isWhole(startingCode, 0, MAX_STARTING_CODE)) {
    throw new RangeError(
      `The starting code must be a whole number from 0 to ${MAX_STARTING_CODE}, got ${startingCode}`,
    );
  }
}

function checkCount(name: string, count: number): void {
  if (!isWhole(count, 0, MAX_COUNT)) {
    throw new RangeError(`${name} must be a whole number from 0 to ${MAX_COUNT}, got ${count}`);
  }
}

/**
 * F (docs/domain.md §8.1 step 1): SipHash-2-4 of the 32-bit code written twice big-endian, the two
 * halves XORed, the 2 lowest bits dropped, and 30-bit results above 999 999 999 folded down.
 */
function nextCode(key: SipKey, code: number): number {
  // The message is the code big-endian, twice: both little-endian words are the code byte-swapped.
  const word = byteSwap32(code);
  sipHash24Words(key, word, word, HASH);
  const x = (((HASH[0] ?? 0) ^ (HASH[1] ?? 0)) >>> 0) >>> 2;
  return x > MAX_CODE ? x - FOLD : x;
}

/** Where each step's hash is written: one buffer, no allocation per step. */
const HASH = new Uint32Array(2);

/** The count a new token of `type` gets after the device's last count (parity rule, step 3). */
export function nextCount(count: number, type: TokenType): number {
  const odd = count % 2 === 1;
  if (type === 'ADD_TIME') return odd ? count + 1 : count + 2;
  return odd ? count + 2 : count + 1;
}

function encodedValue(type: TokenType, value: number | undefined, extended = false): number {
  if (type === 'ADD_TIME' || type === 'SET_TIME') {
    const max = extended ? MAX_EXTENDED_TIME_VALUE : MAX_TIME_VALUE;
    if (value === undefined) {
      throw new RangeError(`${type} needs a value (days x time divider, 0 to ${max})`);
    }
    if (!isWhole(value, 0, max)) {
      throw new RangeError(
        `The ${type} value must be a whole number from 0 to ${max}, ` +
          `got ${value}; issue several ADD_TIME tokens for more`,
      );
    }
    // An extended SET_TIME sits at an odd count like DISABLE_PAYG (998) and COUNTER_SYNC (999),
    // and the reference encodes those two with the same values: a SET_TIME of 998 or 999 would
    // be read as one of them.
    if (
      extended &&
      type === 'SET_TIME' &&
      value >= VALUE_DISABLE_PAYG &&
      value <= VALUE_COUNTER_SYNC
    ) {
      throw new RangeError(
        `An extended SET_TIME value cannot be ${value}: 998 and 999 mean DISABLE_PAYG and COUNTER_SYNC`,
      );
    }
    return value;
  }
  if (value !== undefined) {
    throw new RangeError(`${type} carries no value; leave the value out`);
  }
  return type === 'DISABLE_PAYG' ? VALUE_DISABLE_PAYG : VALUE_COUNTER_SYNC;
}

/** Largest ADD_TIME / SET_TIME value one token carries: 995, or 999 999 for extended tokens. */
export function maxTimeValue(extended = false): number {
  return extended ? MAX_EXTENDED_TIME_VALUE : MAX_TIME_VALUE;
}

/** Step 5: the 9-digit token as a 30-bit number, fifteen 2-bit groups from the top, digit + 1. */
export function toRestrictedDigits(token: number): string {
  if (!isWhole(token, 0, MAX_CODE)) {
    throw new RangeError(`A token is a whole number from 0 to ${MAX_CODE}, got ${token}`);
  }
  let digits = '';
  for (let shift = 28; shift >= 0; shift -= 2) digits += String(((token >>> shift) & 3) + 1);
  return digits;
}

/** Inverse of toRestrictedDigits: fifteen digits 1-4 back to the 9-digit token number. */
export function fromRestrictedDigits(digits: string): number {
  if (!/^[1-4]{15}$/.test(digits)) {
    throw new RangeError(
      `A restricted-digit token is ${RESTRICTED_TOKEN_DIGITS} digits of 1 to 4, got "${digits}"`,
    );
  }
  let token = 0;
  for (const ch of digits) token = token * 4 + (Number(ch) - 1);
  if (token > MAX_CODE) {
    throw new RangeError(`"${digits}" is not a token: it stands for ${token}, above ${MAX_CODE}`);
  }
  return token;
}

export type TokenTextCheck = { ok: true; token: number } | { ok: false; reason: string };

/**
 * Reads a token as typed (spaces and dashes ignored); the reason is meant for a clerk. `extended`:
 * the device's model uses extended tokens (12 digits, 20 in restricted mode).
 */
export function parseTokenText(
  text: string,
  restrictedDigits = false,
  extended = false,
): TokenTextCheck {
  const compact = text.replace(/[\s-]/g, '');
  const standardDigits = restrictedDigits ? RESTRICTED_TOKEN_DIGITS : TOKEN_DIGITS;
  const extendedDigits = restrictedDigits
    ? EXTENDED_RESTRICTED_TOKEN_DIGITS
    : EXTENDED_TOKEN_DIGITS;
  const expected = extended ? extendedDigits : standardDigits;
  const kind = `${extended ? 'extended ' : ''}${restrictedDigits ? 'restricted-digit ' : ''}token`;
  if (compact === '') return { ok: false, reason: 'the token is empty' };
  if (!/^\d+$/.test(compact)) {
    return { ok: false, reason: 'a token has only digits (spaces and dashes are ignored)' };
  }
  if (!extended && compact.length === extendedDigits) {
    return {
      ok: false,
      reason: `${compact.length} digits means an extended token, but ${EXTENDED_NOT_ENABLED}`,
    };
  }
  if (compact.length !== expected) {
    const article = extended ? 'an' : 'a';
    return {
      ok: false,
      reason: `${article} ${kind} has ${expected} digits, got ${compact.length}`,
    };
  }
  if (!restrictedDigits) return { ok: true, token: Number(compact) };
  if (!/^[1-4]+$/.test(compact)) {
    return { ok: false, reason: 'a restricted-digit token uses only the keys 1, 2, 3 and 4' };
  }
  try {
    return {
      ok: true,
      token: extended ? fromExtendedRestrictedDigits(compact) : fromRestrictedDigits(compact),
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** '588224011' -> '588 224 011' (groups of three for reading aloud and typing). */
export function groupTokenDigits(token: string): string {
  return token.replace(/\s/g, '').replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** Raw value for a number of days on a device with this time divider (step 2: rounded). */
export function valueForDays(days: number, timeDivider = 1): number {
  if (!isWhole(timeDivider, 1, 255)) {
    throw new RangeError(
      `The time divider must be a whole number from 1 to 255, got ${timeDivider}`,
    );
  }
  if (!Number.isFinite(days) || days < 0) {
    throw new RangeError(`Days must be 0 or more, got ${days}`);
  }
  return Math.round(days * timeDivider);
}

/** Days a raw ADD/SET value stands for on a device with this time divider. */
export function daysForValue(value: number, timeDivider = 1): number {
  if (!isWhole(timeDivider, 1, 255)) {
    throw new RangeError(
      `The time divider must be a whole number from 1 to 255, got ${timeDivider}`,
    );
  }
  return value / timeDivider;
}

/** The code the chain starts from: the starting code with its last 3 digits replaced by base. */
function chainStart(startingCode: number, base: number): number {
  return startingCode - (startingCode % 1000) + base;
}

/** Step 4: issue the token for the count after `count`. */
export function encodeToken(input: EncodeInput): EncodedToken {
  const extended = input.extended === true;
  const key = sipKey(keyBytes(input.keyHex));
  checkStartingCode(input.startingCode);
  checkCount('The count', input.count);
  if (!TOKEN_TYPES.includes(input.type)) {
    throw new RangeError(`The token type must be one of ${TOKEN_TYPES.join(', ')}`);
  }
  const value = encodedValue(input.type, input.value, extended);
  const count = nextCount(input.count, input.type);
  const restricted = input.restrictedDigits === true;
  if (extended) {
    const base = ((input.startingCode % EXTENDED_VALUE_MODULUS) + value) % EXTENDED_VALUE_MODULUS;
    let code = extendedChainStart(input.startingCode, base);
    for (let i = 0; i < count; i++) code = nextExtendedCode(key, code);
    const token = code - (code % EXTENDED_VALUE_MODULUS) + base;
    return {
      token: restricted
        ? toExtendedRestrictedDigits(token)
        : String(token).padStart(EXTENDED_TOKEN_DIGITS, '0'),
      count,
    };
  }
  // The value rides in the last 3 digits, offset by the starting code's, so it never shows bare.
  const base = ((input.startingCode % 1000) + value) % 1000;
  let code = chainStart(input.startingCode, base);
  for (let i = 0; i < count; i++) code = nextCode(key, code);
  const token = code - (code % 1000) + base;
  return {
    token: restricted ? toRestrictedDigits(token) : String(token).padStart(TOKEN_DIGITS, '0'),
    count,
  };
}

/** The type a matched (count, value) stands for, or null when no conforming encoder makes it. */
function typeAt(count: number, value: number, extended: boolean): TokenType | null {
  const odd = count % 2 === 1;
  if (!odd) {
    // DISABLE_PAYG and COUNTER_SYNC only ever sit at odd counts (step 3); 996-999 are not time
    // values in standard tokens, while an extended ADD_TIME may carry any 6-digit value.
    return extended || value <= MAX_TIME_VALUE ? 'ADD_TIME' : null;
  }
  if (value === VALUE_DISABLE_PAYG) return 'DISABLE_PAYG';
  if (value === VALUE_COUNTER_SYNC) return 'COUNTER_SYNC';
  return extended || value <= MAX_TIME_VALUE ? 'SET_TIME' : null;
}

/**
 * Every count whose code matches the token, ascending: walk F from count 1 (count 0 is the
 * starting code itself, never a token) up to lastCount + maxLookahead (64), or lastCount + 100 for
 * a COUNTER_SYNC. Only the upper 6 digits are compared, so any count matches a given token with
 * odds of about 1 in a million: a genuine token now and then matches a second count as well.
 */
export function findTokenMatches(input: DecodeInput): DecodedToken[] {
  const extended = input.extended === true;
  const key = sipKey(keyBytes(input.keyHex));
  checkStartingCode(input.startingCode);
  checkCount('The last count', input.lastCount);
  const lookahead = input.maxLookahead ?? DEFAULT_LOOKAHEAD;
  if (!isWhole(lookahead, 0, MAX_COUNT)) {
    throw new RangeError(`The lookahead must be a whole number of 0 or more, got ${lookahead}`);
  }
  const parsed = parseTokenText(input.token, input.restrictedDigits === true, extended);
  if (!parsed.ok) {
    const reason = parsed.reason;
    throw new RangeError(reason.charAt(0).toUpperCase() + reason.slice(1));
  }
  const token = parsed.token;
  const modulus = extended ? EXTENDED_VALUE_MODULUS : 1000;
  const step = extended ? nextExtendedCode : nextCode;
  const base = token % modulus;
  const value = (base - (input.startingCode % modulus) + modulus) % modulus;
  if (
    !extended &&
    value > MAX_TIME_VALUE &&
    value !== VALUE_DISABLE_PAYG &&
    value !== VALUE_COUNTER_SYNC
  ) {
    return [];
  }
  const upper = token - base;
  // A COUNTER_SYNC is looked for further ahead, so a device far behind can catch up; a caller
  // widening the search (tests, support tools) widens it for COUNTER_SYNC too. The reference's
  // extended decoder has no such extension: extended tokens are looked for 64 counts ahead.
  const ahead =
    value === VALUE_COUNTER_SYNC && !extended
      ? Math.max(lookahead, COUNTER_SYNC_LOOKAHEAD)
      : lookahead;
  const last = input.lastCount + ahead;
  const matches: DecodedToken[] = [];
  let code = extended
    ? extendedChainStart(input.startingCode, base)
    : chainStart(input.startingCode, base);
  for (let count = 1; count <= last; count++) {
    code = step(key, code);
    if (code - (code % modulus) !== upper) continue;
    const type = typeAt(count, value, extended);
    // A wrong-parity hit is a chance collision, not a token.
    if (type !== null) matches.push({ type, value, count });
  }
  return matches;
}

/**
 * Which count a token was issued at, or null when it is not one of this device's. Of several
 * matches (see findTokenMatches), the one a device acts on: the first from the bottom of its
 * window (15 counts below lastCount, 63 for a COUNTER_SYNC) upward, so a re-typed token is seen
 * at its used count before any later count it happens to collide with, and a new token is not
 * shadowed by a collision thousands of counts down. Only when nothing matches there is the latest
 * match below the window returned, so the checker can say "older than the window".
 */
export function decodeToken(input: DecodeInput): DecodedToken | null {
  const matches = findTokenMatches(input);
  const back =
    matches[0]?.value === VALUE_COUNTER_SYNC ? COUNTER_SYNC_BACK_WINDOW : OUT_OF_ORDER_WINDOW;
  const windowStart = input.lastCount - (back - 1);
  return matches.find((m) => m.count >= windowStart) ?? matches.at(-1) ?? null;
}
