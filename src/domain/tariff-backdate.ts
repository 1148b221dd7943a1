// Whether a new tariff version may start on a date in the past (docs/domain.md §4). A version
// that starts before today changes the price of days already lived: harmless while nothing has
// been counted at the old price, wrong once a sale, a final invoice or an access charge has used
// those days (its receipt or bill would no longer match the tariff in force). So a past start
// needs a reason (it is audited) and is refused, saying why and what to do, once the period is
// used. A version never starts before the latest one: the order of versions is the order of
// their dates.

export interface BackdateFacts {
  tariffName: string;
  /** The new version's first day and today, both local dates (YYYY-MM-DD) of the office. */
  effectiveFrom: string;
  today: string;
  /** The latest existing version, if any. */
  latest: { version: number; effectiveFrom: string } | null;
  /** The manager's reason for the past date; null when none was given. */
  reason: string | null;
  /** What has already used the days from effectiveFrom on, for meters on this tariff. */
  used: { sales: number; invoices: number; accessCharges: number };
}

export type BackdateRefusal =
  | { kind: 'before-latest'; field: 'effectiveFrom'; message: string }
  | { kind: 'reason-missing'; field: 'reason'; message: string }
  | { kind: 'period-used'; field: 'effectiveFrom'; message: string };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Null when the version may start on that date; otherwise why not, in the manager's words. */
export function backdateRefusal(facts: BackdateFacts): BackdateRefusal | null {
  const { effectiveFrom, today, latest, tariffName } = facts;
  if (latest && effectiveFrom < latest.effectiveFrom) {
    return {
      kind: 'before-latest',
      field: 'effectiveFrom',
      message:
        `Version ${latest.version} of ${tariffName} is in force from ${latest.effectiveFrom}: a new version cannot ` +
        `start earlier. Start it on ${latest.effectiveFrom} or later.`,
    };
  }
  if (effectiveFrom >= today) return null;
  if (!facts.reason) {
    return {
      kind: 'reason-missing',
      field: 'reason',
      message: `${effectiveFrom} is in the past: say why the version starts before today.`,
    };
  }
  const { sales, invoices, accessCharges } = facts.used;
  if (sales + invoices + accessCharges > 0) {
    const what = [
      sales > 0 ? plural(sales, 'energy sale') : null,
      invoices > 0 ? plural(invoices, 'final invoice') : null,
      accessCharges > 0 ? plural(accessCharges, 'access charge') : null,
    ]
      .filter((x) => x !== null)
      .join(', ');
    return {
      kind: 'period-used',
      field: 'effectiveFrom',
      message:
        `Since ${effectiveFrom}, meters on ${tariffName} already have ${what} counted at the ` +
        `current prices, so the new version cannot start before today. Start it today or ` +
        `later, and correct past bills with credit or debit notes.`,
    };
  }
  return null;
}
