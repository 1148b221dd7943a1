// Whether a device takes a genuine token at a given count: the one rule shared by the device
// simulator (device.ts) and the clerk's token checker (check.ts). The windows are the reference
// decoder's (OpenPAYGO-python): an older ADD_TIME up to 15 counts below the highest count, a
// COUNTER_SYNC up to 63 below it. Unlike the reference, no count is ever accepted twice: its
// decoder takes the same COUNTER_SYNC again and again, and its simulator lets a COUNTER_SYNC
// move the count back down, which reopens tokens already entered.
import { COUNTER_SYNC_BACK_WINDOW, OUT_OF_ORDER_WINDOW, type TokenType } from './token';

/** What is known of a device's past entries. */
export interface CountHistory {
  /** Highest count accepted (or provisioned): the device's "max". */
  readonly lastCount: number;
  /**
   * No token at or below this count is accepted again: the provisioned count, then the highest
   * count when a SET_TIME, DISABLE_PAYG or COUNTER_SYNC was accepted (they void older tokens).
   */
  readonly floorCount: number;
  /** Counts accepted below lastCount and above floorCount (older ADD_TIME tokens taken late). */
  readonly usedCounts: readonly number[];
}

export type Acceptance =
  | { accepted: true; reason: string }
  | { accepted: false; why: 'entered' | 'voided' | 'too-old' | 'never-older'; reason: string };

/**
 * An older token of this type is taken only less than this many counts below the last count
 * (ADD_TIME 16, COUNTER_SYNC 64); SET_TIME and DISABLE_PAYG never below it.
 */
export function olderWindow(type: TokenType): number {
  if (type === 'ADD_TIME') return OUT_OF_ORDER_WINDOW;
  if (type === 'COUNTER_SYNC') return COUNTER_SYNC_BACK_WINDOW;
  return 0;
}

/** The device's answer to a genuine token of `type` at `count`, with the reason in plain words. */
export function acceptance(history: CountHistory, type: TokenType, count: number): Acceptance {
  const { lastCount, floorCount, usedCounts } = history;
  if (count > lastCount) {
    return { accepted: true, reason: `count ${count} is above the last count ${lastCount}` };
  }
  if (count === lastCount || usedCounts.includes(count)) {
    return { accepted: false, why: 'entered', reason: `count ${count} was already entered` };
  }
  if (count <= floorCount) {
    return {
      accepted: false,
      why: 'voided',
      reason:
        `count ${count} is at or below ${floorCount}, voided by a SET_TIME, DISABLE_PAYG or ` +
        'COUNTER_SYNC token or by provisioning',
    };
  }
  if (type !== 'ADD_TIME' && type !== 'COUNTER_SYNC') {
    return {
      accepted: false,
      why: 'never-older',
      reason: `a ${type} token below the last count ${lastCount} is never accepted`,
    };
  }
  const window = olderWindow(type);
  if (lastCount - count >= window) {
    return {
      accepted: false,
      why: 'too-old',
      reason: `count ${count} is ${window} or more below the last count ${lastCount}`,
    };
  }
  return {
    accepted: true,
    reason: `older ${type} count ${count} accepted once, less than ${window} below the last count ${lastCount}`,
  };
}

/** The history after accepting a token of `type` at `count` (acceptance said yes). */
export function afterAccepting(
  history: CountHistory,
  type: TokenType,
  count: number,
): CountHistory {
  const lastCount = Math.max(history.lastCount, count);
  if (type !== 'ADD_TIME') {
    // Voids everything the device has not taken yet up to its highest count, as the reference
    // marks its whole window used; the count itself never goes back down.
    return { lastCount, floorCount: lastCount, usedCounts: [] };
  }
  // The previous highest count was entered too; it stays used once a higher one takes its place.
  const used = [...history.usedCounts, history.lastCount, count];
  return {
    lastCount,
    floorCount: history.floorCount,
    // Counts that left the window can never be accepted again anyway: no need to keep them.
    usedCounts: used
      .filter((c) => c > history.floorCount && c > lastCount - OUT_OF_ORDER_WINDOW && c < lastCount)
      .sort((a, b) => a - b),
  };
}
