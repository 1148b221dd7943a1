import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate } from '../time';
import { backupsToDelete, DEFAULT_RETENTION, type RetainedBackup } from './retention';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = 'Africa/Lagos';

const backupsArb = fc
  .array(
    fc.record({
      ageMinutes: fc.integer({ min: 0, max: 500 * 24 * 60 }),
      verified: fc.boolean(),
    }),
    { maxLength: 120 },
  )
  .map((list) =>
    list.map((b, i): RetainedBackup => ({
      id: `b${i}`,
      createdMs: NOW - b.ageMinutes * 60_000,
      verified: b.verified,
    })),
  );

describe('backup retention', () => {
  it('never deletes the newest verified backups, however old', () => {
    fc.assert(
      fc.property(backupsArb, (backups) => {
        const doomed = new Set(backupsToDelete(backups, NOW, TZ));
        // Two backups made in the same millisecond are told apart by id, as the rule does (a
        // counterexample fast-check found: with ties, "the newest three" needs an order).
        const newest = backups
          .filter((b) => b.verified)
          .sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? 1 : -1))
          .slice(0, DEFAULT_RETENTION.keepLastVerified);
        for (const b of newest) expect(doomed.has(b.id)).toBe(false);
      }),
      {
        examples: [
          [
            [
              { id: 'b0', createdMs: 1752135180000, verified: true },
              { id: 'b1', createdMs: 1752135180000, verified: true },
              { id: 'b2', createdMs: 1795334400000, verified: true },
              { id: 'b3', createdMs: 1795334400000, verified: true },
            ],
          ],
        ],
      },
    );
  });

  it('keeps everything from the last 24 hours', () => {
    fc.assert(
      fc.property(backupsArb, (backups) => {
        const doomed = new Set(backupsToDelete(backups, NOW, TZ));
        for (const b of backups) if (NOW - b.createdMs < DAY) expect(doomed.has(b.id)).toBe(false);
      }),
    );
  });

  it('keeps one verified backup for every local day of the last 30 that had one', () => {
    fc.assert(
      fc.property(backupsArb, (backups) => {
        const doomed = new Set(backupsToDelete(backups, NOW, TZ));
        const recent = backups.filter((b) => b.verified && NOW - b.createdMs < 30 * DAY);
        const days = new Set(recent.map((b) => localDate(b.createdMs, TZ)));
        const keptDays = new Set(
          recent.filter((b) => !doomed.has(b.id)).map((b) => localDate(b.createdMs, TZ)),
        );
        expect(keptDays).toEqual(days);
      }),
    );
  });

  it('keeps at most one older verified backup a day, one a month after 30 days, and is stable', () => {
    fc.assert(
      fc.property(backupsArb, (backups) => {
        const doomed = new Set(backupsToDelete(backups, NOW, TZ));
        const kept = backups.filter((b) => !doomed.has(b.id));
        const old = kept
          .filter((b) => NOW - b.createdMs >= DAY)
          .sort((a, b) => b.createdMs - a.createdMs)
          .slice(DEFAULT_RETENTION.keepLastVerified);
        const perDay = new Map<string, number>();
        for (const b of old) {
          const day = localDate(b.createdMs, TZ);
          perDay.set(day, (perDay.get(day) ?? 0) + 1);
        }
        // Within one day, a daily and a monthly pick are the same backup (the day's newest).
        for (const n of perDay.values()) expect(n).toBe(1);
        for (const b of old) expect(b.verified).toBe(true);
        // Applying the rule again to what is left deletes nothing more.
        expect(backupsToDelete(kept, NOW, TZ)).toEqual([]);
      }),
    );
  });

  it('deletes an unverified backup older than a day and thins old dailies to monthlies', () => {
    const backups: RetainedBackup[] = [
      { id: 'new', createdMs: NOW - HOUR, verified: true },
      { id: 'failed', createdMs: NOW - 2 * DAY, verified: false },
      { id: 'day2-early', createdMs: NOW - 2 * DAY - 2 * HOUR, verified: true },
      { id: 'day2-late', createdMs: NOW - 2 * DAY + HOUR, verified: true },
      { id: 'old-a', createdMs: Date.parse('2026-06-10T10:00:00Z'), verified: true },
      { id: 'old-b', createdMs: Date.parse('2026-06-20T10:00:00Z'), verified: true },
      { id: 'too-old', createdMs: Date.parse('2025-06-20T10:00:00Z'), verified: true },
    ];
    expect(
      backupsToDelete(backups, NOW, TZ, { ...DEFAULT_RETENTION, keepLastVerified: 1 }).sort(),
    ).toEqual(['day2-early', 'failed', 'old-a', 'too-old']);
  });
});
