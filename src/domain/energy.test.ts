import { describe, expect, it } from 'vitest';
import { formatKwh, parseKwhText } from './energy';

describe('formatKwh', () => {
  it('shows Wh as kWh without float slips or trailing zeros', () => {
    expect(formatKwh(12_300)).toBe('12.3');
    expect(formatKwh(1_000_000)).toBe('1,000');
    expect(formatKwh(5)).toBe('0.005');
    expect(formatKwh(0)).toBe('0');
    expect(formatKwh(-1_500)).toBe('-1.5');
  });
});

describe('parseKwhText', () => {
  it('reads kWh with a dot or a comma into whole Wh, and refuses anything else', () => {
    expect(parseKwhText(' 1234.5 ')).toBe(1_234_500);
    expect(parseKwhText('1234,567')).toBe(1_234_567);
    expect(parseKwhText('12')).toBe(12_000);
    expect(parseKwhText('-1')).toBeNull();
    expect(parseKwhText('1.2345')).toBeNull();
    expect(parseKwhText('1 234')).toBeNull();
  });
});
