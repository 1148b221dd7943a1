import { describe, expect, it } from 'vitest';
import { localDate } from './time';

describe('localDate', () => {
  it('uses the office time zone, not UTC', () => {
    // 23:30 UTC on 31 Jan is already 1 Feb in Lagos (UTC+1) but still 31 Jan in Port-au-Prince.
    const instant = Date.parse('2026-01-31T23:30:00Z');
    expect(localDate(instant, 'Africa/Lagos')).toBe('2026-02-01');
    expect(localDate(instant, 'America/Port-au-Prince')).toBe('2026-01-31');
    expect(localDate(instant, 'UTC')).toBe('2026-01-31');
  });
});
