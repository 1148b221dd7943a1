import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccountNumber, normaliseAccountNumber, parseAccountNumber } from './account-number';

describe('account numbers', () => {
  it('formats office code, five-digit sequence and a Luhn check digit', () => {
    // 00042 -> from the right: 2*2=4, 4, 0, 0, 0 -> sum 8 -> check digit 2.
    expect(formatAccountNumber('LAG', 42)).toBe('LAG000422');
    expect(formatAccountNumber('lag', 1)).toBe('LAG000018');
  });

  it('grows past five digits instead of wrapping', () => {
    expect(formatAccountNumber('ABJ', 123456)).toMatch(/^ABJ123456\d$/);
  });

  it('parses what it formats, tolerating case, spaces and dashes', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Z0-9]{0,2}[A-Z]$/),
        fc.integer({ min: 1, max: 9_999_999 }),
        (office, seq) => {
          const text = formatAccountNumber(office, seq);
          expect(parseAccountNumber(text)).toEqual({ officeCode: office, sequence: seq });
          const messy = ` ${text.slice(0, 3).toLowerCase()}-${text.slice(3)} `;
          expect(normaliseAccountNumber(messy)).toBe(text);
        },
      ),
    );
  });

  it('rejects any single mistyped digit', () => {
    const good = formatAccountNumber('LAG', 4242);
    for (let i = 3; i < good.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const typo = good.slice(0, i) + String(d) + good.slice(i + 1);
        if (typo !== good) expect(parseAccountNumber(typo)).toBeNull();
      }
    }
  });

  it('refuses a sequence that is not a positive whole number', () => {
    expect(() => formatAccountNumber('LAG', 0)).toThrow(/positive whole number/);
    expect(() => formatAccountNumber('LAG', 1.5)).toThrow(/positive whole number/);
  });
});
