// What a report covers (docs/reports.md "Scope and period"): a local calendar month (YYYY-MM) or
// a quarter (YYYY-Qn: January-March is Q1). Pure: local dates only; the core turns them into
// instants in the office time zone.
import { billingPeriod, previousPeriodName } from '../billing/period';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

export interface ReportPeriod {
  name: string;
  kind: 'month' | 'quarter';
  /** Local dates [from, to). */
  from: string;
  to: string;
  /** The months (YYYY-MM) whose postpaid billing periods count, first and last. */
  firstMonth: string;
  lastMonth: string;
  /** The stretch just before, as long as this one: who was active then tells churn. */
  before: { from: string; to: string };
}

export function isReportPeriod(text: string): boolean {
  return MONTH.test(text) || QUARTER.test(text);
}

function months(first: string, count: number): string[] {
  const list = [first];
  while (list.length < count)
    list.push(billingPeriod(list[list.length - 1] ?? first, null).end.slice(0, 7));
  return list;
}

function stretch(name: string, kind: 'month' | 'quarter', first: string) {
  const list = months(first, kind === 'month' ? 1 : 3);
  const last = list[list.length - 1] ?? first;
  return {
    name,
    kind,
    from: billingPeriod(first, null).start,
    to: billingPeriod(last, null).end,
    firstMonth: first,
    lastMonth: last,
  };
}

export function reportPeriod(name: string): ReportPeriod {
  const q = QUARTER.exec(name);
  if (q) {
    const first = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
    const here = stretch(name, 'quarter', first);
    // The quarter before starts three months earlier.
    const prevFirst = previousPeriodName(previousPeriodName(previousPeriodName(first)));
    const prev = stretch(prevFirst, 'quarter', prevFirst);
    return { ...here, before: { from: prev.from, to: prev.to } };
  }
  if (!MONTH.test(name))
    throw new RangeError(`"${name}" is not a month (YYYY-MM) or a quarter (YYYY-Qn)`);
  const here = stretch(name, 'month', name);
  const prev = billingPeriod(previousPeriodName(name), null);
  return { ...here, before: { from: prev.start, to: prev.end } };
}
