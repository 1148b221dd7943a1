// Billing periods (docs/domain.md §3, §7): local calendar months by default. A mini-grid may close
// its cycle on a day of the month instead: period "2026-11" with close day 25 runs from 26 October
// to 25 November inclusive. Periods are named by the month they end in.
import { addDays } from '../time';

export interface Period {
  /** YYYY-MM */
  name: string;
  /** First local date of the period. */
  start: string;
  /** The local date after the last one (exclusive end). */
  end: string;
  days: number;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriodName(text: string): boolean {
  return PERIOD.test(text);
}

function monthStart(year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `closeDay` 1..28 closes on that day; null closes at the end of the calendar month. */
export function billingPeriod(name: string, closeDay: number | null): Period {
  const m = PERIOD.exec(name);
  if (!m) throw new RangeError(`"${name}" is not a period (YYYY-MM)`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  let start: string;
  let end: string;
  if (closeDay === null) {
    start = monthStart(year, month);
    end = monthStart(year, month + 1);
  } else {
    const day = String(closeDay).padStart(2, '0');
    end = addDays(`${monthStart(year, month).slice(0, 8)}${day}`, 1);
    start = addDays(`${monthStart(year, month - 1).slice(0, 8)}${day}`, 1);
  }
  return { name, start, end, days: daysBetween(start, end) };
}

/** The period before: its closing reading is this period's opening. */
export function previousPeriodName(name: string): string {
  const m = PERIOD.exec(name);
  if (!m) throw new RangeError(`"${name}" is not a period (YYYY-MM)`);
  return monthStart(Number(m[1]), Number(m[2]) - 1).slice(0, 7);
}

export { daysBetween };
