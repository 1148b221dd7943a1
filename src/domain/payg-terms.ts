// The PAYG terms of a lockable device (docs/domain.md §6): a price per day, and optionally the
// total price after which the unlock token is issued. One rule for one device or many at once.

export type LockableKind = 'shs' | 'ebike';

export interface PaygTerms {
  dailyPriceMinor: number;
  /** Null: the device is never unlocked for good by paying. */
  totalPriceMinor: number | null;
}

export interface TermsProblem {
  field: 'deviceId' | 'dailyPriceMinor' | 'totalPriceMinor';
  message: string;
}

/** Why these terms cannot be set on a device of this kind; null when they can. */
export function paygTermsProblem(
  kind: 'meter' | LockableKind,
  terms: PaygTerms,
): TermsProblem | null {
  if (kind === 'meter') {
    return {
      field: 'deviceId',
      message: 'Meters are sold energy, not days: PAYG terms are for SHS and e-bikes.',
    };
  }
  if (terms.dailyPriceMinor <= 0) {
    return { field: 'dailyPriceMinor', message: 'The price per day must be more than zero.' };
  }
  if (terms.totalPriceMinor !== null && terms.totalPriceMinor < terms.dailyPriceMinor) {
    return {
      field: 'totalPriceMinor',
      message: 'The total price must be at least one day of the plan.',
    };
  }
  return null;
}
