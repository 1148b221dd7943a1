// OpenPAYGO device simulator (docs/domain.md §8.1, device-side rules): what a conforming device does
// with a typed token. Pure and immutable, so tests can replay, fork and compare device histories.
// Which counts it takes is acceptance.ts's rule (the reference decoder's windows, without its
// replay bugs: no count is ever accepted twice).
import { acceptance, afterAccepting, type CountHistory } from './acceptance';
import {
  DEFAULT_LOOKAHEAD,
  decodeToken,
  keyBytes,
  MAX_COUNT,
  MAX_STARTING_CODE,
  parseTokenText,
  type TokenType,
} from './token';

/** Consecutive invalid entries a device forgives before it starts locking the keypad. */
export const FREE_INVALID_ENTRIES = 3;
/** Longest lock-out, in entries; the escalation doubles up to it. */
export const MAX_LOCKOUT_ENTRIES = 64;

export interface DeviceConfig {
  readonly keyHex: string;
  readonly startingCode: number;
  readonly restrictedDigits: boolean;
  /** The model takes extended tokens (12 digits, 20 restricted; extended.ts). */
  readonly extended: boolean;
  /** Value units per day (1..255). */
  readonly timeDivider: number;
}

export interface DeviceState extends CountHistory {
  readonly config: DeviceConfig;
  /** Time credit in value units (days x time divider); see remainingDays(). */
  readonly remainingUnits: number;
  /** Set by DISABLE_PAYG: the device works for good, whatever its credit. */
  readonly unlocked: boolean;
  /** Consecutive invalid entries; an accepted token resets it. */
  readonly invalidAttempts: number;
  /** Entries made so far, locked-out ones included: the simulator's clock. */
  readonly entries: number;
  /** Entries numbered up to this one are refused unread (escalating lock-out). */
  readonly lockedOutUntil: number;
}

export type EntryResult = 'accepted' | 'already_used' | 'invalid' | 'locked_out';

export interface TokenEntry {
  state: DeviceState;
  result: EntryResult;
  type?: TokenType;
  value?: number;
  count?: number;
  /** Plain English, for test failures and the simulator's log. */
  reason: string;
}

export interface NewDevice {
  keyHex: string;
  startingCode: number;
  /** The provisioned count (default 0). */
  count?: number;
  restrictedDigits?: boolean;
  extended?: boolean;
  timeDivider?: number;
}

/** A freshly provisioned device: no credit, PAYG active, nothing below its count acceptable. */
export function createDevice(input: NewDevice): DeviceState {
  keyBytes(input.keyHex);
  const count = input.count ?? 0;
  const timeDivider = input.timeDivider ?? 1;
  const sc = input.startingCode;
  if (!Number.isInteger(sc) || sc < 0 || sc > MAX_STARTING_CODE) {
    throw new RangeError(
      `The starting code must be a whole number from 0 to ${MAX_STARTING_CODE}, got ${sc}`,
    );
  }
  if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
    throw new RangeError(`The count must be a whole number from 0 to ${MAX_COUNT}, got ${count}`);
  }
  if (!Number.isInteger(timeDivider) || timeDivider < 1 || timeDivider > 255) {
    throw new RangeError(
      `The time divider must be a whole number from 1 to 255, got ${timeDivider}`,
    );
  }
  return {
    config: {
      keyHex: input.keyHex,
      startingCode: input.startingCode,
      restrictedDigits: input.restrictedDigits === true,
      extended: input.extended === true,
      timeDivider,
    },
    lastCount: count,
    floorCount: count,
    usedCounts: [],
    remainingUnits: 0,
    unlocked: false,
    invalidAttempts: 0,
    entries: 0,
    lockedOutUntil: 0,
  };
}

/** Entries refused after the n-th consecutive invalid one: 0 for the first few, then doubling. */
export function lockoutEntries(invalidAttempts: number): number {
  if (invalidAttempts <= FREE_INVALID_ENTRIES) return 0;
  return Math.min(2 ** (invalidAttempts - FREE_INVALID_ENTRIES - 1), MAX_LOCKOUT_ENTRIES);
}

export function remainingDays(state: DeviceState): number {
  return state.remainingUnits / state.config.timeDivider;
}

/** Whether the device powers its load: unlocked for good, or time credit left. */
export function isActive(state: DeviceState): boolean {
  return state.unlocked || state.remainingUnits > 0;
}

/** Time passing: the credit runs down (never below zero); the count state is untouched. */
export function passDays(state: DeviceState, days: number): DeviceState {
  if (!Number.isFinite(days) || days < 0)
    throw new RangeError(`Days must be 0 or more, got ${days}`);
  const units = Math.round(days * state.config.timeDivider);
  return { ...state, remainingUnits: Math.max(0, state.remainingUnits - units) };
}

function invalid(state: DeviceState, entry: number, reason: string): TokenEntry {
  const invalidAttempts = state.invalidAttempts + 1;
  const lockout = lockoutEntries(invalidAttempts);
  return {
    state: {
      ...state,
      entries: entry,
      invalidAttempts,
      lockedOutUntil: lockout > 0 ? entry + lockout : state.lockedOutUntil,
    },
    result: 'invalid',
    reason: lockout > 0 ? `${reason}; keypad locked for the next ${lockout} entries` : reason,
  };
}

/**
 * Type one token on the device's keypad. The token is read as decodeToken reads it (first match
 * from the bottom of the window), so a re-typed token meets its used count and is refused. The
 * one way the same digits work twice: once their count has left the window, they also match a
 * later count by a 1-in-a-million chance, and are then that count's genuine token (a protocol
 * limit, shown in device.test.ts).
 */
export function enterToken(state: DeviceState, token: string): TokenEntry {
  const entry = state.entries + 1;
  if (entry <= state.lockedOutUntil) {
    return {
      state: { ...state, entries: entry },
      result: 'locked_out',
      reason: `keypad locked until entry ${state.lockedOutUntil}`,
    };
  }
  const { config } = state;
  const parsed = parseTokenText(token, config.restrictedDigits, config.extended);
  if (!parsed.ok) return invalid(state, entry, parsed.reason);
  const decoded = decodeToken({
    keyHex: config.keyHex,
    startingCode: config.startingCode,
    lastCount: state.lastCount,
    token,
    restrictedDigits: config.restrictedDigits,
    extended: config.extended,
    maxLookahead: DEFAULT_LOOKAHEAD,
  });
  if (decoded === null) return invalid(state, entry, 'not a token for this device');
  const { type, value, count } = decoded;
  const found = { type, value, count };

  const verdict = acceptance(state, type, count);
  if (!verdict.accepted) {
    // A genuine token: no lock-out penalty, and the invalid-entry run is not reset either.
    return {
      state: { ...state, entries: entry },
      result: 'already_used',
      ...found,
      reason: verdict.reason,
    };
  }
  const next: DeviceState = {
    ...state,
    ...afterAccepting(state, type, count),
    entries: entry,
    invalidAttempts: 0,
    remainingUnits:
      type === 'ADD_TIME'
        ? state.remainingUnits + value
        : type === 'SET_TIME'
          ? value
          : state.remainingUnits,
    unlocked: state.unlocked || type === 'DISABLE_PAYG',
  };
  return { state: next, result: 'accepted', ...found, reason: verdict.reason };
}
