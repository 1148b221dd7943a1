import { describe, expect, it } from 'vitest';
import { ISO_COUNTRY_CODES, isCountryCode } from './countries';

describe('ISO_COUNTRY_CODES', () => {
  it('holds the 249 assigned codes once each, in order', () => {
    expect(ISO_COUNTRY_CODES).toHaveLength(249);
    expect(new Set(ISO_COUNTRY_CODES).size).toBe(249);
    expect([...ISO_COUNTRY_CODES].sort()).toEqual(ISO_COUNTRY_CODES);
    expect(ISO_COUNTRY_CODES.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });

  it('knows the countries of the field and refuses groupings and retired codes', () => {
    for (const code of ['NG', 'KE', 'TZ', 'UG', 'MZ', 'CI', 'SN', 'ZM', 'MW', 'SL']) {
      expect(isCountryCode(code)).toBe(true);
    }
    for (const code of ['EU', 'UN', 'EZ', 'QO', 'ZZ', 'AN', 'SU', 'YU', 'XK', 'XX']) {
      expect(isCountryCode(code)).toBe(false);
    }
  });
});
