// OpenPAYGO extended tokens, in the convention of the current reference implementation
// (OpenPAYGO-python: encode with extended_token=True, decoded by its extended decoder): 12 digits
// (20 of 1-4 in restricted mode), the last 6 carrying the value, so one token adds up to 999 999
// value units instead of 995. The variant is opt-in per device model, because extended tokens
// exist in another, incompatible form too: a manufacturer must confirm its devices run this one.
import { byteSwap32, sipHash24Words, type SipKey } from './siphash';

/** Where each step's hash is written: one buffer, no allocation per step. */
const HASH = new Uint32Array(2);

export const EXTENDED_TOKEN_DIGITS = 12;
export const EXTENDED_RESTRICTED_TOKEN_DIGITS = 20;
/** Largest value of an extended ADD_TIME / SET_TIME token (the 6 value digits). */
export const MAX_EXTENDED_TIME_VALUE = 999_999;
/** The value rides in the last 6 digits, offset by the starting code's. */
export const EXTENDED_VALUE_MODULUS = 1_000_000;

/** Largest output of the extended F, and what it subtracts to fold 40-bit values into 12 digits. */
const MAX_EXTENDED_CODE = 999_999_999_999;
const EXTENDED_FOLD = 99_511_627_777;
const TWO_32 = 2 ** 32;

/**
 * The extended F: SipHash-2-4 of the code as one 64-bit big-endian number (not written twice as
 * in the standard F), the top 40 bits of the hash kept, and results above 999 999 999 999 folded
 * down. Codes are below 2^40, so doubles hold them exactly; bit operators would cut them to 32.
 */
export function nextExtendedCode(key: SipKey, code: number): number {
  const high = Math.floor(code / TWO_32);
  const low = code % TWO_32;
  // The message is high then low, big-endian: its little-endian words are them byte-swapped.
  sipHash24Words(key, byteSwap32(high), byteSwap32(low), HASH);
  const hi = HASH[0] ?? 0;
  const lo = HASH[1] ?? 0;
  const top40 = (hi >>> 0) * 256 + (lo >>> 24);
  return top40 > MAX_EXTENDED_CODE ? top40 - EXTENDED_FOLD : top40;
}

/** The code the extended chain starts from: the starting code with its last 6 digits = base. */
export function extendedChainStart(startingCode: number, base: number): number {
  return startingCode - (startingCode % EXTENDED_VALUE_MODULUS) + base;
}

/** The 12-digit token as a 40-bit number, twenty 2-bit groups from the top, digit + 1. */
export function toExtendedRestrictedDigits(token: number): string {
  if (!Number.isInteger(token) || token < 0 || token > MAX_EXTENDED_CODE) {
    throw new RangeError(
      `An extended token is a whole number from 0 to ${MAX_EXTENDED_CODE}, got ${token}`,
    );
  }
  let digits = '';
  let rest = token;
  const groups: number[] = [];
  for (let i = 0; i < EXTENDED_RESTRICTED_TOKEN_DIGITS; i++) {
    groups.push(rest % 4);
    rest = Math.floor(rest / 4);
  }
  for (const group of groups.reverse()) digits += String(group + 1);
  return digits;
}

/** Inverse of toExtendedRestrictedDigits: twenty digits 1-4 back to the 12-digit token number. */
export function fromExtendedRestrictedDigits(digits: string): number {
  if (!/^[1-4]{20}$/.test(digits)) {
    throw new RangeError(
      `An extended restricted-digit token is ${EXTENDED_RESTRICTED_TOKEN_DIGITS} digits of 1 to 4, got "${digits}"`,
    );
  }
  let token = 0;
  for (const ch of digits) token = token * 4 + (Number(ch) - 1);
  if (token > MAX_EXTENDED_CODE) {
    throw new RangeError(
      `"${digits}" is not a token: it stands for ${token}, above ${MAX_EXTENDED_CODE}`,
    );
  }
  return token;
}
