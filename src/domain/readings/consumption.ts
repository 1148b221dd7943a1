// Consumption from cumulative readings, per local day or month, for the meter page's chart and
// later for billing's projections. Rules:
//   - only trusted readings count (the caller drops rejected ones and flagged ones not accepted);
//   - the energy between two consecutive readings is spread evenly over the time between them,
//     so a reading every few days still gives a sensible daily chart;
//   - a drop (an accepted reset or meter swap) starts a new baseline: that interval counts 0,
//     never negative consumption.
import { addDays, localDate, localDayBounds } from '../time';

export interface TrustedReading {
  readAt: string;
  wh: number;
}

export interface ConsumptionBucket {
  /** YYYY-MM-DD (daily) or YYYY-MM (monthly), local to the office. */
  period: string;
  wh: number;
}

function dayStartMs(date: string, timeZone: string): number {
  return Date.parse(localDayBounds(date, timeZone).startIso);
}

export function consumptionByPeriod(
  readings: readonly TrustedReading[],
  granularity: 'daily' | 'monthly',
  timeZone: string,
): ConsumptionBucket[] {
  const sorted = [...readings].sort((a, b) => (a.readAt < b.readAt ? -1 : 1));
  const byDay = new Map<string, number>();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (!a || !b) continue;
    const energy = b.wh - a.wh;
    if (energy <= 0) continue;
    const start = Date.parse(a.readAt);
    const end = Date.parse(b.readAt);
    if (end <= start) {
      const day = localDate(end, timeZone);
      byDay.set(day, (byDay.get(day) ?? 0) + energy);
      continue;
    }
    // Spread over the local days the interval covers, in proportion to time; the rounding rest
    // goes to the last day so each interval adds up exactly.
    let given = 0;
    let day = localDate(start, timeZone);
    const lastDay = localDate(end, timeZone);
    while (day <= lastDay) {
      const next = addDays(day, 1);
      const from = Math.max(start, dayStartMs(day, timeZone));
      const to = day === lastDay ? end : Math.min(end, dayStartMs(next, timeZone));
      const share =
        day === lastDay ? energy - given : Math.round((energy * (to - from)) / (end - start));
      if (share !== 0) byDay.set(day, (byDay.get(day) ?? 0) + share);
      given += share;
      day = next;
    }
  }
  const buckets = new Map<string, number>();
  for (const [day, wh] of byDay) {
    const period = granularity === 'daily' ? day : day.slice(0, 7);
    buckets.set(period, (buckets.get(period) ?? 0) + wh);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, wh]) => ({ period, wh }));
}
