import { describe, expect, it } from 'vitest';
import { checkStsToken, groupStsToken } from './sts';

describe('STS token form', () => {
  it('accepts 20 digits, ignoring spaces and dashes', () => {
    expect(checkStsToken('1234 5678-9012 3456 7890')).toEqual({
      ok: true,
      token: '12345678901234567890',
    });
    expect(checkStsToken('73786976294838206463')).toEqual({
      ok: true,
      token: '73786976294838206463',
    });
  });

  it('names the problem: letters, length, a value over 66 bits', () => {
    expect(checkStsToken('1234a')).toMatchObject({ ok: false, message: /only digits/ });
    expect(checkStsToken('1234567890123456789')).toMatchObject({ ok: false, message: /not 19/ });
    expect(checkStsToken('73786976294838206464')).toMatchObject({
      ok: false,
      message: /too large/,
    });
    expect(checkStsToken('')).toMatchObject({ ok: false });
  });

  it('groups by four for printing', () => {
    expect(groupStsToken('12345678901234567890')).toBe('1234 5678 9012 3456 7890');
  });
});
