import { describe, expect, it } from 'vitest';
import { formatKwh } from './energy';

describe('formatKwh', () => {
  it('shows Wh as kWh without float slips or trailing zeros', () => {
    expect(formatKwh(12_300)).toBe('12.3');
    expect(formatKwh(1_000_000)).toBe('1,000');
    expect(formatKwh(5)).toBe('0.005');
    expect(formatKwh(0)).toBe('0');
    expect(formatKwh(-1_500)).toBe('-1.5');
  });
});
