// How long a lockable device stays on after its tokens (docs/domain.md §6): the "until" a
// receipt prints. OpenPAYGO ADD_TIME adds days to what the device still has (or to now, when its
// time has run out); SET_TIME replaces what it has; DISABLE_PAYG unlocks it for good. GridDesk
// does not see when a token is typed in, so the answer assumes each token is entered when it is
// issued: the best the office can know, and what the customer is told on the receipt.

export type PaygTokenType = 'ADD_TIME' | 'SET_TIME' | 'DISABLE_PAYG' | 'COUNTER_SYNC';

export interface PaygTokenEvent {
  type: PaygTokenType;
  /** Days the token adds or sets (value / time divider); ignored for other types. */
  days: number;
  /** When it was issued (ISO instant). */
  issuedAt: string;
}

export type PaidUntil = { kind: 'until'; at: string } | { kind: 'unlocked' } | { kind: 'none' };

const DAY_MS = 86_400_000;

/** The end of the device's paid time after `events` (oldest first, e.g. by token count). */
export function paidUntil(events: readonly PaygTokenEvent[]): PaidUntil {
  let until: number | null = null;
  for (const event of events) {
    const at = Date.parse(event.issuedAt);
    switch (event.type) {
      case 'ADD_TIME':
        // Time left over is kept; time already run out is not given back.
        until = Math.max(until ?? at, at) + event.days * DAY_MS;
        break;
      case 'SET_TIME':
        until = at + event.days * DAY_MS;
        break;
      case 'DISABLE_PAYG':
        return { kind: 'unlocked' };
      case 'COUNTER_SYNC':
        break;
    }
  }
  return until === null ? { kind: 'none' } : { kind: 'until', at: new Date(until).toISOString() };
}
