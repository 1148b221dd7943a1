// The contract takes real countries only: a grouping such as "EU" or a made-up "XX" is refused
// with a message a clerk understands, wherever the code comes from (wizard, settings, CLI).
import { describe, expect, it } from 'vitest';
import { countryCode } from '../../src/contract/fields';

describe('countryCode field', () => {
  it('accepts ISO 3166 countries, trimmed and in any case', () => {
    expect(countryCode.parse(' ng ')).toBe('NG');
    expect(countryCode.parse('CI')).toBe('CI');
  });

  it('refuses groupings, retired and made-up codes', () => {
    for (const code of ['EU', 'UN', 'QO', 'SU', 'XX']) {
      const result = countryCode.safeParse(code);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('is not a country (ISO 3166 code such as NG)');
    }
  });
});
