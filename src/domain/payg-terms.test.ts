import { describe, expect, it } from 'vitest';
import { paygTermsProblem } from './payg-terms';

describe('paygTermsProblem', () => {
  it('accepts a price per day with or without a total', () => {
    expect(paygTermsProblem('shs', { dailyPriceMinor: 100, totalPriceMinor: null })).toBeNull();
    expect(paygTermsProblem('ebike', { dailyPriceMinor: 100, totalPriceMinor: 100 })).toBeNull();
  });

  it('refuses meters, a free day and a total below one day', () => {
    expect(paygTermsProblem('meter', { dailyPriceMinor: 100, totalPriceMinor: null })?.field).toBe(
      'deviceId',
    );
    expect(paygTermsProblem('shs', { dailyPriceMinor: 0, totalPriceMinor: null })?.field).toBe(
      'dailyPriceMinor',
    );
    expect(paygTermsProblem('shs', { dailyPriceMinor: 100, totalPriceMinor: 99 })?.field).toBe(
      'totalPriceMinor',
    );
  });
});
