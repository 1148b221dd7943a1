// Access-charge accrual (docs/domain.md §4): a prepaid meter on a tariff with a fixed access charge
// owes it every period, whether or not the customer buys energy; the debt is paid first by the
// next purchase (§5). The rule, written down once:
//   - daily charge: every local date from the installation date on costs the daily amount;
//   - monthly charge: the first day of every calendar month from the installation on costs the
//     monthly amount (the month of installation is free unless installed on the 1st);
//   - each day uses the tariff version in force on that day; before the first version, nothing.
// Accrual covers a date range and returns one row per run of days under the same version, so
// covering 1..10 then 11..20 gives the same total as 1..20 in one go (idempotent by range).
import { tariffInForce, type TariffDefinition } from './tariff';
import { addDays } from './time';

export interface AccrualVersion {
  id: string;
  version: number;
  effectiveFrom: string;
  accessCharge: TariffDefinition['accessCharge'];
}

export interface AccrualRow {
  periodFrom: string;
  periodTo: string;
  /** Days or months charged in the range. */
  periods: number;
  amountMinor: number;
  tariffVersionId: string | null;
}

/** The largest range one accrual covers: about 30 years, far beyond any installation. */
const MAX_DAYS = 11_000;

function chargeOn(day: string, version: AccrualVersion | undefined): number {
  const charge = version?.accessCharge;
  if (!charge) return 0;
  if (charge.period === 'daily') return charge.amountMinor;
  return day.endsWith('-01') ? charge.amountMinor : 0;
}

/** Rows for the local dates `from`..`to` inclusive; empty when `from` is after `to`. */
export function accrueAccessCharges(
  from: string,
  to: string,
  versions: readonly AccrualVersion[],
): AccrualRow[] {
  const rows: AccrualRow[] = [];
  let current: AccrualRow | undefined;
  let day = from;
  for (let i = 0; day <= to; i++, day = addDays(day, 1)) {
    if (i >= MAX_DAYS) throw new RangeError(`access charges cannot be accrued from ${from}`);
    const version = tariffInForce(versions, day);
    const versionId = version?.id ?? null;
    if (!current || current.tariffVersionId !== versionId) {
      current = {
        periodFrom: day,
        periodTo: day,
        periods: 0,
        amountMinor: 0,
        tariffVersionId: versionId,
      };
      rows.push(current);
    }
    current.periodTo = day;
    const amount = chargeOn(day, version);
    if (amount > 0) {
      current.periods += 1;
      current.amountMinor += amount;
      // A charge stored before the contract bounded money (or typed into the database) could
      // add up past what a number holds exactly; refuse rather than store a rounded debt.
      if (!Number.isSafeInteger(current.amountMinor)) {
        throw new RangeError(
          `the access charges from ${from} add up to more than GridDesk can count; check the tariff's access charge`,
        );
      }
    }
  }
  return rows;
}
