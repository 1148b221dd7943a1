// Token counters after restoring an old backup (docs/domain.md §8.1). Tokens issued after the backup
// are gone from the restored database but may already be in the devices, so the restored count
// can be behind the device's: a token issued at a count the device has passed is refused.
//
// The rule: raise the count to (the last count the device is known to have seen) + 62. A device
// accepts a new token whose count is above its own and at most 64 above it (DEFAULT_LOOKAHEAD);
// the next token is at most 2 above the stored count (ADD_TIME moves to the next even count), so
// +62 keeps the next token inside the window of every device that is still at that known count,
// and above every count GridDesk could have issued after the backup, because sales stop at 30
// tokens not confirmed entered (60 counts). When the database being replaced is at hand (a restore
// over this PC's own data), its counts are the truth and are used instead.
import { DEFAULT_LOOKAHEAD } from '../openpaygo/token';

/** Room the next token needs above the stored count: ADD_TIME moves by at most 2. */
const NEXT_TOKEN_STEP = 2;
export const COUNTER_RAISE_MARGIN = DEFAULT_LOOKAHEAD - NEXT_TOKEN_STEP;

export interface RestoredCounter {
  deviceId: string;
  /** The count in the restored backup: the last count GridDesk used. */
  count: number;
  /** The last count the device is known to have seen (highest confirmed, or provisioned). */
  lastSeenCount: number;
  /** The count in the database being replaced, when it is this office's own; null otherwise. */
  replacedCount: number | null;
}

export interface CounterRaise {
  deviceId: string;
  from: number;
  to: number;
  /** 'replaced-database': exact, from the database being replaced; 'margin': the safety margin. */
  basis: 'replaced-database' | 'margin';
}

/** The devices whose count must move, and to what. Devices already high enough are left alone. */
export function counterRaises(devices: readonly RestoredCounter[]): CounterRaise[] {
  const raises: CounterRaise[] = [];
  for (const d of devices) {
    if (d.replacedCount !== null) {
      if (d.replacedCount > d.count) {
        raises.push({
          deviceId: d.deviceId,
          from: d.count,
          to: d.replacedCount,
          basis: 'replaced-database',
        });
      }
      continue;
    }
    const target = d.lastSeenCount + COUNTER_RAISE_MARGIN;
    if (target > d.count)
      raises.push({ deviceId: d.deviceId, from: d.count, to: target, basis: 'margin' });
  }
  return raises;
}
