// The energy a postpaid meter is billed for in one period (docs/domain.md §7). Between periods the
// meter carries two facts, written on each invoice:
//   - `base`: the last ACTUAL reading used (its value and time);
//   - `carried`: Wh billed beyond `base` by estimates that no actual reading has matched yet.
// A period then:
//   1. takes the trusted actual readings after `base` up to the closing reading (the one nearest
//      the period end within the window); their rises (a drop, i.e. an accepted reset or meter
//      swap, counts zero: the new meter starts a new baseline) are the energy measured;
//   2. bills the measured energy less what estimates already billed (never below zero: an
//      over-estimate is carried until actual use catches up - the true-up);
//   3. with no actual reading near the end, estimates the days from the last actual reading to
//      the period end at the average daily use of the recent readings, marked "estimated".

export interface MeterReadingPoint {
  id: string;
  at: string;
  wh: number;
  source: string;
}

export interface CarriedState {
  base: { at: string; wh: number; readingId: string | null };
  carried: number;
}

export type EnergyResult =
  | {
      ok: true;
      billedWh: number;
      measuredWh: number;
      estimatedWh: number;
      closing: {
        at: string;
        wh: number;
        estimated: boolean;
        readingId: string | null;
        source: string;
      };
      next: CarriedState;
    }
  | { ok: false; problem: 'no-reading'; message: string };

const DAY_MS = 86_400_000;

function rises(points: readonly { wh: number }[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const d = (points[i]?.wh ?? 0) - (points[i - 1]?.wh ?? 0);
    if (d > 0) total += d;
  }
  return total;
}

/**
 * Energy used since the last invoice and not billed yet (the statement's "use so far"): the rises
 * after the carried state's last actual reading, less what estimates already billed.
 */
export function unbilledWh(readings: readonly MeterReadingPoint[], state: CarriedState): number {
  const after = readings.filter((r) => r.at > state.base.at);
  return Math.max(0, rises([state.base, ...after]) - state.carried);
}

/**
 * The reading a meter's first invoice opens with (docs/billing.md, "Energy"): the trusted reading
 * nearest the period start within `windowMs` either side, or else the first reading inside the
 * period (a meter connected during it). Null when there is none yet. The billing run and the
 * customer's statement both use it, so the statement's "bill so far" opens where the invoice will.
 */
export function openingReading<R extends MeterReadingPoint>(
  readings: readonly R[],
  period: { startIso: string; endIso: string },
  windowMs: number,
): R | null {
  const start = Date.parse(period.startIso);
  const distance = (r: R) => Math.abs(Date.parse(r.at) - start);
  let nearest: R | null = null;
  for (const r of readings)
    if (distance(r) <= windowMs && (nearest === null || distance(r) < distance(nearest)))
      nearest = r;
  return nearest ?? readings.find((r) => r.at >= period.startIso && r.at < period.endIso) ?? null;
}

/** What a meter carries into its first period: its opening reading, nothing estimated yet. */
export function firstPeriodState(opening: MeterReadingPoint): CarriedState {
  return { base: { at: opening.at, wh: opening.wh, readingId: opening.id }, carried: 0 };
}

/** Average Wh a day over the trusted readings of the `lookbackDays` before `until`. */
export function averageDailyWh(
  readings: readonly MeterReadingPoint[],
  until: string,
  lookbackDays: number,
): number | null {
  const from = Date.parse(until) - lookbackDays * DAY_MS;
  const recent = readings.filter((r) => Date.parse(r.at) >= from && r.at <= until);
  if (recent.length < 2) return null;
  const first = recent[0];
  const last = recent[recent.length - 1];
  if (!first || !last) return null;
  const days = (Date.parse(last.at) - Date.parse(first.at)) / DAY_MS;
  if (days < 1) return null;
  return rises(recent) / days;
}

export function periodEnergy(input: {
  /** Trusted actual readings of the meter, oldest first. */
  readings: readonly MeterReadingPoint[];
  state: CarriedState;
  /** Period end instant (local midnight after the last day). */
  endIso: string;
  windowMs: number;
  lookbackDays: number;
}): EnergyResult {
  const { state, endIso } = input;
  const end = Date.parse(endIso);
  const after = input.readings.filter((r) => r.at > state.base.at);
  // The closing reading: the one nearest the period end within the window.
  let closing: MeterReadingPoint | undefined;
  for (const r of after) {
    const distance = Math.abs(Date.parse(r.at) - end);
    if (distance > input.windowMs) continue;
    if (!closing || distance < Math.abs(Date.parse(closing.at) - end)) closing = r;
  }
  if (closing) {
    const used = after.filter((r) => r.at <= (closing?.at ?? ''));
    const measured = rises([state.base, ...used]);
    const billed = Math.max(0, measured - state.carried);
    return {
      ok: true,
      billedWh: billed,
      measuredWh: measured,
      estimatedWh: 0,
      closing: {
        at: closing.at,
        wh: closing.wh,
        estimated: false,
        readingId: closing.id,
        source: closing.source,
      },
      next: {
        base: { at: closing.at, wh: closing.wh, readingId: closing.id },
        carried: Math.max(0, state.carried - measured),
      },
    };
  }
  // No reading near the end: measure up to the last actual reading before it, estimate the rest.
  const before = after.filter((r) => Date.parse(r.at) <= end);
  const lastActual = before[before.length - 1];
  const anchor = lastActual
    ? { at: lastActual.at, wh: lastActual.wh, readingId: lastActual.id }
    : state.base;
  const measured = rises([state.base, ...before]);
  const perDay = averageDailyWh(input.readings, anchor.at, input.lookbackDays);
  if (perDay === null) {
    return {
      ok: false,
      problem: 'no-reading',
      message: 'No reading near the period end, and too few recent readings to estimate from.',
    };
  }
  const days = Math.max(0, (end - Date.parse(anchor.at)) / DAY_MS);
  const estimated = Math.round(perDay * days);
  const carriedAfterMeasured = Math.max(0, state.carried - measured);
  const billed = Math.max(0, measured - state.carried) + estimated;
  return {
    ok: true,
    billedWh: billed,
    measuredWh: measured,
    estimatedWh: estimated,
    closing: {
      at: new Date(end).toISOString(),
      wh: anchor.wh + carriedAfterMeasured + estimated,
      estimated: true,
      readingId: null,
      source: 'estimate',
    },
    next: { base: anchor, carried: carriedAfterMeasured + estimated },
  };
}
