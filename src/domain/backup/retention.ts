// Which backup files to keep in one backup folder (applied to each folder on its own). Pure: the
// caller lists the files it knows of in that folder and deletes what this returns, nothing else.
//
// Kept: every backup of the last 24 hours; the newest of each local day for 30 days; the newest
// of each local month for a year; and, whatever their age, the newest `keepLastVerified` verified
// backups, so a PC that was off for months still has its last good copies when it comes back.
// A backup that failed verification is never worth keeping once a verified one is newer.
import { localDate } from '../time';

export interface RetentionPolicy {
  /** Everything younger than this is kept (hours). */
  keepAllHours: number;
  /** One a day for this many days. */
  dailyDays: number;
  /** One a month for this many months. */
  monthlyMonths: number;
  /** The newest N verified backups are never deleted. */
  keepLastVerified: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  keepAllHours: 24,
  dailyDays: 30,
  monthlyMonths: 12,
  keepLastVerified: 3,
};

export interface RetainedBackup {
  id: string;
  /** When the backup was taken (ms since the epoch). */
  createdMs: number;
  verified: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The ids to delete. Only verified backups count as "the one of the day" or "of the month": an
 * unverified file never displaces a good one. Unverified files younger than `keepAllHours` stay
 * (a verification may still be running); older ones go.
 */
export function backupsToDelete(
  backups: readonly RetainedBackup[],
  nowMs: number,
  timeZone: string,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): string[] {
  const newestFirst = [...backups].sort(
    (a, b) => b.createdMs - a.createdMs || (a.id < b.id ? 1 : -1),
  );
  const keep = new Set<string>();
  const verified = newestFirst.filter((b) => b.verified);
  for (const b of verified.slice(0, policy.keepLastVerified)) keep.add(b.id);

  const seenDays = new Set<string>();
  const seenMonths = new Set<string>();
  for (const b of newestFirst) {
    const age = nowMs - b.createdMs;
    if (age < policy.keepAllHours * HOUR_MS) {
      keep.add(b.id);
      continue;
    }
    if (!b.verified) continue;
    const day = localDate(b.createdMs, timeZone);
    const month = day.slice(0, 7);
    if (age < policy.dailyDays * DAY_MS && !seenDays.has(day)) {
      seenDays.add(day);
      keep.add(b.id);
    }
    // A year of months, counted as 31-day months so the twelfth month is never cut short.
    if (age < policy.monthlyMonths * 31 * DAY_MS && !seenMonths.has(month)) {
      seenMonths.add(month);
      keep.add(b.id);
    }
  }
  return newestFirst.filter((b) => !keep.has(b.id)).map((b) => b.id);
}
