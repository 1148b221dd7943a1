import { describe, expect, it } from 'vitest';
import { backupOverdue, scheduledBackupDue } from './schedule';

const TZ = 'Africa/Lagos';
const at = (iso: string) => Date.parse(iso);

describe('automatic backup schedule', () => {
  const base = { timeZone: TZ, intervalHours: 4 };

  it('backs up at the first start ever and at the first start of each local day', () => {
    expect(
      scheduledBackupDue({ ...base, nowMs: at('2026-11-22T08:00Z'), lastAttemptMs: null }),
    ).toBe('first-start');
    // 22:30Z on the 21st is 23:30 in Lagos; 23:10Z is already the 22nd there.
    expect(
      scheduledBackupDue({
        ...base,
        nowMs: at('2026-11-21T23:10Z'),
        lastAttemptMs: at('2026-11-21T22:30Z'),
      }),
    ).toBe('first-start');
  });

  it('backs up every interval after the last attempt, and not before', () => {
    const last = at('2026-11-22T08:00Z');
    expect(
      scheduledBackupDue({ ...base, nowMs: last + 4 * 3_600_000 - 1, lastAttemptMs: last }),
    ).toBe(null);
    expect(scheduledBackupDue({ ...base, nowMs: last + 4 * 3_600_000, lastAttemptMs: last })).toBe(
      'scheduled',
    );
  });

  it('is overdue with no backup, or none for more than the warning age', () => {
    const now = at('2026-11-22T08:00Z');
    expect(backupOverdue(now, null, 2)).toBe(true);
    expect(backupOverdue(now, now - 2 * 86_400_000, 2)).toBe(false);
    expect(backupOverdue(now, now - 2 * 86_400_000 - 1, 2)).toBe(true);
  });
});
