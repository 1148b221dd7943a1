import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  basisPointsToPercent,
  minorToMajorInput,
  parseMajorToMilliMinor,
  parseMajorToMinor,
  parsePercentToBasisPoints,
} from './money-text';

describe('typed amounts to minor units, without floating point', () => {
  it('reads the usual ways of writing an amount', () => {
    expect(parseMajorToMinor('0.29', 2)).toEqual({ ok: true, minor: 29 });
    expect(parseMajorToMinor('1,500.5', 2)).toEqual({ ok: true, minor: 150_050 });
    expect(parseMajorToMinor('1 500,50', 2)).toEqual({ ok: true, minor: 150_050 });
    expect(parseMajorToMinor('1.500,50', 2)).toEqual({ ok: true, minor: 150_050 });
    expect(parseMajorToMinor('1500', 0)).toEqual({ ok: true, minor: 1500 });
  });

  it('refuses what it cannot read exactly', () => {
    expect(parseMajorToMinor('', 2)).toEqual({ ok: false, reason: 'empty' });
    expect(parseMajorToMinor('1.234', 2)).toEqual({ ok: false, reason: 'decimals' });
    expect(parseMajorToMinor('12abc', 2)).toEqual({ ok: false, reason: 'format' });
    expect(parseMajorToMinor('99999999999999999', 2)).toEqual({ ok: false, reason: 'range' });
  });

  it('round-trips every amount through the input form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        (minor, decimals) => {
          expect(parseMajorToMinor(minorToMajorInput(minor, decimals), decimals)).toEqual({
            ok: true,
            minor,
          });
        },
      ),
    );
  });

  it('reads prices per kWh and VAT rates exactly', () => {
    expect(parseMajorToMilliMinor('756.2', 0)).toEqual({ ok: true, minor: 756_200 });
    expect(parseMajorToMilliMinor('225.005', 2)).toEqual({ ok: true, minor: 22_500_500 });
    expect(parsePercentToBasisPoints('7.5')).toEqual({ ok: true, minor: 750 });
    expect(basisPointsToPercent(750)).toBe('7.5');
  });
});
