// How far another office is from this one (docs/sync.md "Commands and the CLI", sync.status):
// the changes it has not acknowledged yet, and the whole days since a bundle from it came in.

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Changes held here that the office has not acknowledged: per origin, what is held beyond its
 * acknowledgement (never negative: it may know more of an origin than this office does).
 */
export function changesBehind(
  held: Readonly<Record<string, number>>,
  acked: Readonly<Record<string, number>>,
): number {
  return Object.entries(held).reduce(
    (sum, [origin, seq]) => sum + Math.max(0, seq - (acked[origin] ?? 0)),
    0,
  );
}

/** Whole days since the office's last bundle came in; null when none ever did. */
export function silentDays(nowMs: number, lastReceivedAt: string | null): number | null {
  return lastReceivedAt === null ? null : Math.floor((nowMs - Date.parse(lastReceivedAt)) / DAY_MS);
}
