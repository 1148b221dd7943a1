// Token checker for support clerks: which count, type and value a typed OpenPAYGO token is, and
// whether a device at its last confirmed count would accept it, with the reason in plain English.
import { acceptance, olderWindow } from './acceptance';
import {
  COUNTER_SYNC_LOOKAHEAD,
  DEFAULT_LOOKAHEAD,
  decodeToken,
  parseTokenText,
  type TokenType,
} from './token';

export interface CheckInput {
  keyHex: string;
  startingCode: number;
  /** The highest count GridDesk knows the device has seen (its last confirmed entry). */
  lastConfirmedCount: number;
  /**
   * What the token ledger knows below that count: the highest count at which a SET_TIME,
   * DISABLE_PAYG or COUNTER_SYNC was confirmed entered (or the provisioned count), and the older
   * ADD_TIME counts confirmed entered since. With it, an older ADD_TIME token never entered is
   * reported as acceptable, as the device keeps the same record; without it (a bare count, as in
   * the CLI) GridDesk cannot tell, and says so.
   */
  ledger?: { floorCount: number; usedCounts: readonly number[] };
  /** As typed: spaces and dashes are ignored. */
  token: string;
  restrictedDigits?: boolean;
  extended?: boolean;
}

export interface TokenCheck {
  /** The token is this device's, at some count the device could look at. */
  found: boolean;
  type?: TokenType;
  /** Raw encoded value (days x divider; 998 DISABLE_PAYG, 999 COUNTER_SYNC). */
  value?: number;
  count?: number;
  wouldAccept: boolean;
  reason: string;
}

/**
 * Bad device data (key, starting code, count) throws RangeError, as in encodeToken: that is the
 * caller's mistake. A mistyped or foreign token is an answer, not an error: found = false.
 */
export function checkToken(input: CheckInput): TokenCheck {
  const restrictedDigits = input.restrictedDigits === true;
  const last = input.lastConfirmedCount;
  const parsed = parseTokenText(input.token, restrictedDigits, input.extended === true);
  if (!parsed.ok) {
    return { found: false, wouldAccept: false, reason: `Not a token: ${parsed.reason}.` };
  }
  const decoded = decodeToken({
    keyHex: input.keyHex,
    startingCode: input.startingCode,
    lastCount: last,
    token: input.token,
    restrictedDigits,
    extended: input.extended,
  });
  if (decoded === null) {
    const upTo = last + DEFAULT_LOOKAHEAD;
    return {
      found: false,
      wouldAccept: false,
      reason:
        `Not a token for this device: no count from 1 to ${upTo} ` +
        `(${last + COUNTER_SYNC_LOOKAHEAD} for COUNTER_SYNC) gives it. ` +
        'Check the device, the digits typed, and whether it was issued more than ' +
        `${DEFAULT_LOOKAHEAD} counts after the last confirmed count ${last}.`,
    };
  }
  const { type, value, count } = decoded;
  const answer = (wouldAccept: boolean, reason: string): TokenCheck => ({
    found: true,
    type,
    value,
    count,
    wouldAccept,
    reason,
  });

  if (count > last) {
    const voids =
      type === 'ADD_TIME'
        ? ''
        : `; it voids every older token the device has not taken yet, unentered ADD_TIME tokens included`;
    return answer(true, `Count ${count} is above the device's last count ${last}${voids}.`);
  }
  if (count === last) {
    return answer(
      false,
      `Count ${count} is the device's last count: this token was already entered.`,
    );
  }
  if (type !== 'ADD_TIME' && type !== 'COUNTER_SYNC') {
    return answer(
      false,
      `Count ${count} is below the device's last count ${last}, and a device never accepts an ` +
        `older ${type} token.`,
    );
  }
  if (last - count >= olderWindow(type)) {
    return answer(
      false,
      `Count ${count} is older than the device's window: ${olderWindow(type)} or more below its last ` +
        `count ${last}.`,
    );
  }
  const ledger = input.ledger;
  if (!ledger) {
    // Possible, not promised (docs/domain.md §8.1): with a bare count nothing is known of what the
    // device took below it.
    return answer(
      false,
      `Count ${count} is below the device's last count ${last}: most likely already entered. A ` +
        `device takes an older ${type} token (up to ${olderWindow(type) - 1} counts back) once, ` +
        'only if it was never entered and no SET_TIME, DISABLE_PAYG or COUNTER_SYNC came after ' +
        'it; do not promise this to the customer.',
    );
  }
  // The device's own rule, on what the ledger knows: the same answer it will give.
  const verdict = acceptance(
    {
      lastCount: last,
      floorCount: Math.min(ledger.floorCount, last),
      usedCounts: ledger.usedCounts,
    },
    type,
    count,
  );
  if (verdict.accepted) {
    return answer(
      true,
      `Count ${count} is below the device's last count ${last}, but within its window ` +
        `(${olderWindow(type) - 1} counts back) and GridDesk has no record of it being entered or ` +
        'of a SET_TIME, DISABLE_PAYG or COUNTER_SYNC entered after it: the device takes it once. ' +
        'If the customer says it was refused, it was entered without being confirmed here.',
    );
  }
  if (verdict.why === 'entered') {
    return answer(false, `Count ${count} was already entered (confirmed in GridDesk).`);
  }
  return answer(
    false,
    `Count ${count} is void: a SET_TIME, DISABLE_PAYG or COUNTER_SYNC entered after it ` +
      `(or the device's provisioning, at count ${ledger.floorCount}) cancelled every older token.`,
  );
}
