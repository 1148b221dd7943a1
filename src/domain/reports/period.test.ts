import { describe, expect, it } from 'vitest';
import { isReportPeriod, reportPeriod } from './period';

describe('report periods', () => {
  it('reads a month and a quarter, each with the stretch before it', () => {
    expect(reportPeriod('2026-03')).toEqual({
      name: '2026-03',
      kind: 'month',
      from: '2026-03-01',
      to: '2026-04-01',
      firstMonth: '2026-03',
      lastMonth: '2026-03',
      before: { from: '2026-02-01', to: '2026-03-01' },
    });
    expect(reportPeriod('2026-Q1')).toEqual({
      name: '2026-Q1',
      kind: 'quarter',
      from: '2026-01-01',
      to: '2026-04-01',
      firstMonth: '2026-01',
      lastMonth: '2026-03',
      before: { from: '2025-10-01', to: '2026-01-01' },
    });
    expect(reportPeriod('2026-Q4')).toMatchObject({
      from: '2026-10-01',
      to: '2027-01-01',
      lastMonth: '2026-12',
    });
    expect(['2026-11', '2026-Q3', '2026-Q5', '2026-13', '2026-q3'].map(isReportPeriod)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(() => reportPeriod('2026-Q0')).toThrow(RangeError);
  });
});
