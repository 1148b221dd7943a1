// When GridDesk backs up by itself while it runs (docs/backups.md): at the first start of a local
// day, and every `intervalHours` after the last attempt. Attempts count, not only successes, so a
// USB stick that is missing is retried at the next interval rather than every few minutes (the red
// banner, not the scheduler, deals with backups that keep failing).
import { localDate } from '../time';

export interface ScheduleFacts {
  nowMs: number;
  timeZone: string;
  intervalHours: number;
  /** The last backup attempt, whatever its outcome; null when there was none. */
  lastAttemptMs: number | null;
}

export type ScheduledReason = 'first-start' | 'scheduled';

export function scheduledBackupDue(facts: ScheduleFacts): ScheduledReason | null {
  if (facts.lastAttemptMs === null) return 'first-start';
  if (localDate(facts.lastAttemptMs, facts.timeZone) !== localDate(facts.nowMs, facts.timeZone)) {
    return 'first-start';
  }
  if (facts.nowMs - facts.lastAttemptMs >= facts.intervalHours * 3_600_000) return 'scheduled';
  return null;
}

/** The red banner: no verified backup for `warnAfterDays` days, or none at all. */
export function backupOverdue(
  nowMs: number,
  lastGoodMs: number | null,
  warnAfterDays: number,
): boolean {
  return lastGoodMs === null || nowMs - lastGoodMs > warnAfterDays * 86_400_000;
}
