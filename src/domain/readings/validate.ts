// Checks on a meter reading before it is trusted for billing (docs/domain.md §9.6, issue: readings
// store). A meter's import register only grows, so a value below the previous reading means the
// meter was reset or swapped: it is flagged, never turned into negative consumption. A value that
// grows faster than the meter's plausible kWh/day (a misread register, a wrong scale) is flagged
// too. A clerk then accepts or rejects the flagged reading with a note.

export type ReadingFlag = 'reset' | 'jump';

export interface PriorReading {
  readAt: string;
  wh: number;
}

export interface ReadingCheck {
  flag: ReadingFlag | null;
  /** Why it was flagged, for the clerk; null when not flagged. */
  reason: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Energy as "1,234.5 kWh" for messages. */
function kwh(wh: number): string {
  return `${(wh / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} kWh`;
}

/**
 * `previous` is the latest trusted reading before this one in time (not rejected). A jump is
 * measured per elapsed day, with at least one hour elapsed so two reads minutes apart do not turn
 * a tiny difference into an absurd rate.
 */
export function checkReading(
  reading: { readAt: string; wh: number },
  previous: PriorReading | null,
  maxKwhPerDay: number,
): ReadingCheck {
  if (!previous) return { flag: null, reason: null };
  if (reading.wh < previous.wh) {
    return {
      flag: 'reset',
      reason:
        `${kwh(reading.wh)} is lower than the previous reading (${kwh(previous.wh)}): ` +
        'the meter was reset or swapped, or this is a misread.',
    };
  }
  const elapsedMs = Math.max(Date.parse(reading.readAt) - Date.parse(previous.readAt), DAY_MS / 24);
  const perDayWh = ((reading.wh - previous.wh) * DAY_MS) / elapsedMs;
  if (perDayWh > maxKwhPerDay * 1000) {
    return {
      flag: 'jump',
      reason:
        `${kwh(reading.wh - previous.wh)} since the previous reading is about ` +
        `${kwh(Math.round(perDayWh))} a day, more than the ${maxKwhPerDay} kWh a day expected.`,
    };
  }
  return { flag: null, reason: null };
}
