// Appliance contract schedules (docs/domain.md §6): N instalments weekly or monthly from a first
// due date, equal but for the last, which absorbs the rounding remainder; rescheduling regenerates
// only what is unpaid. Pure: dates are local calendar dates (YYYY-MM-DD), money is minor units.
import { settleInOrder } from '../oldest-first';

export const CONTRACT_PLANS = ['instalments', 'per_day'] as const;
export type ContractPlan = (typeof CONTRACT_PLANS)[number];

export const INSTALMENT_FREQUENCIES = ['weekly', 'monthly'] as const;
export type InstalmentFrequency = (typeof INSTALMENT_FREQUENCIES)[number];

/** Longest plan: ten years of weekly instalments. Longer is a typing mistake, not a contract. */
export const MAX_INSTALMENTS = 520;

export interface Instalment {
  /** 1, 2, 3... in due order, continuing across a reschedule. */
  seq: number;
  dueDate: string;
  amount: number;
  /**
   * Days of use the instalment pays for: from its due date to the next step of the plan. A lockable
   * device's daily price is amount / periodDays (docs/domain.md §6).
   */
  periodDays: number;
}

export type ScheduleResult =
  { ok: true; instalments: Instalment[] } | { ok: false; field: string; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function ymd(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const [y, m, d] = parts(date);
  return ymd(y, m, d) === date;
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/**
 * The k-th step of a plan from its first due date. Monthly steps keep the first date's day of the
 * month, clamped to the month's last day (31 Jan, 28 Feb, 31 Mar): each step is computed from the
 * first date, so one short month never shifts the rest.
 */
export function stepDate(first: string, frequency: InstalmentFrequency, k: number): string {
  const [y, m, d] = parts(first);
  if (frequency === 'weekly') return ymd(y, m, d + 7 * k);
  const monthIndex = m - 1 + k;
  const year = y + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return ymd(year, month, Math.min(d, lastDay));
}

export interface ScheduleInput {
  /** What the instalments must add up to: the price less the down payment. */
  financed: number;
  count: number;
  frequency: InstalmentFrequency;
  firstDueDate: string;
  /** Numbering starts here (after the instalments a reschedule keeps). */
  firstSeq?: number;
}

/** N equal instalments; the last absorbs the remainder so the sum is exactly `financed`. */
export function buildSchedule(input: ScheduleInput): ScheduleResult {
  const { financed, count, frequency, firstDueDate } = input;
  if (!Number.isSafeInteger(count) || count < 1) {
    return { ok: false, field: 'instalmentCount', message: 'must be at least 1 instalment' };
  }
  if (count > MAX_INSTALMENTS) {
    return {
      ok: false,
      field: 'instalmentCount',
      message: `must be at most ${MAX_INSTALMENTS} instalments`,
    };
  }
  if (!isCalendarDate(firstDueDate)) {
    return { ok: false, field: 'firstDueDate', message: 'must be a date (YYYY-MM-DD)' };
  }
  if (!Number.isSafeInteger(financed) || financed < count) {
    return {
      ok: false,
      field: 'instalmentCount',
      message:
        financed <= 0
          ? 'leaves nothing to pay in instalments: the down payment covers the price'
          : `is more than the ${financed} minor units left to pay: an instalment cannot be zero`,
    };
  }
  const each = Math.floor(financed / count);
  const firstSeq = input.firstSeq ?? 1;
  const instalments: Instalment[] = [];
  for (let k = 0; k < count; k += 1) {
    const dueDate = stepDate(firstDueDate, frequency, k);
    instalments.push({
      seq: firstSeq + k,
      dueDate,
      amount: k === count - 1 ? financed - each * (count - 1) : each,
      periodDays: daysBetween(dueDate, stepDate(firstDueDate, frequency, k + 1)),
    });
  }
  return { ok: true, instalments };
}

export interface InstalmentState extends Instalment {
  paid: number;
  outstanding: number;
}

/**
 * What each instalment has received, from the total paid towards instalments: payments go oldest
 * first (docs/domain.md §6), so the state follows from the total alone. A reversal takes money back
 * from the newest instalment it reached.
 */
export function instalmentStates(
  instalments: readonly Instalment[],
  paidTowardsInstalments: number,
): InstalmentState[] {
  const { paid } = settleInOrder(
    instalments.map((i) => i.amount),
    paidTowardsInstalments,
  );
  return instalments.map((i, k) => {
    const got = paid[k] ?? 0;
    return { ...i, paid: got, outstanding: i.amount - got };
  });
}

export interface RescheduleInput {
  instalments: readonly Instalment[];
  paidTowardsInstalments: number;
  count: number;
  frequency: InstalmentFrequency;
  firstDueDate: string;
}

export type RescheduleResult =
  | {
      ok: true;
      /** Instalments that stay exactly as they were (fully paid ones). */
      kept: Instalment[];
      /**
       * A part-paid instalment is closed at what it received, so no money moves between
       * instalments; null when none was part-paid.
       */
      closed: Instalment | null;
      /** The new instalments for the unpaid balance. */
      added: Instalment[];
    }
  | { ok: false; field: string; message: string };

/**
 * Regenerate the unpaid part of a schedule (docs/domain.md §6): paid instalments never change; the
 * unpaid balance is spread over `count` new instalments from `firstDueDate`, which must come after
 * the last instalment that stays.
 */
export function reschedule(input: RescheduleInput): RescheduleResult {
  const states = instalmentStates(input.instalments, input.paidTowardsInstalments);
  const kept: Instalment[] = [];
  let closed: Instalment | null = null;
  let unpaid = 0;
  for (const s of states) {
    const plain: Instalment = {
      seq: s.seq,
      dueDate: s.dueDate,
      amount: s.amount,
      periodDays: s.periodDays,
    };
    if (s.outstanding === 0) kept.push(plain);
    else if (s.paid > 0) closed = { ...plain, amount: s.paid };
    unpaid += s.outstanding;
  }
  if (unpaid === 0) {
    return { ok: false, field: 'contractId', message: 'has nothing left to pay: it is paid off' };
  }
  const last = closed ?? kept[kept.length - 1];
  if (last && input.firstDueDate <= last.dueDate) {
    return {
      ok: false,
      field: 'firstDueDate',
      message: `must be after ${last.dueDate}, the due date of the last instalment that stays`,
    };
  }
  const lastSeq = input.instalments.reduce((max, i) => Math.max(max, i.seq), 0);
  const built = buildSchedule({
    financed: unpaid,
    count: input.count,
    frequency: input.frequency,
    firstDueDate: input.firstDueDate,
    firstSeq: lastSeq + 1,
  });
  if (!built.ok) return built;
  return { ok: true, kept, closed, added: built.instalments };
}
