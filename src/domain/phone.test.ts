import { describe, expect, it } from 'vitest';
import { normalisePhone, phoneSearchDigits } from './phone';

describe('normalisePhone', () => {
  it('turns the usual ways of writing a number into E.164, with the company country as default', () => {
    for (const typed of [
      '0803 123 4567',
      '+234 803 123 4567',
      '2348031234567',
      '00234-803-123-4567',
      '(0803) 123-4567',
    ]) {
      expect(normalisePhone(typed, 'NG'), typed).toEqual({ ok: true, e164: '+2348031234567' });
    }
    expect(normalisePhone('0712 345678', 'KE')).toEqual({ ok: true, e164: '+254712345678' });
    // A number with its own country code keeps it, whatever the company country.
    expect(normalisePhone('+256 772 123456', 'NG')).toEqual({ ok: true, e164: '+256772123456' });
  });

  it('rejects impossible numbers with a reason', () => {
    expect(normalisePhone('12345', 'NG')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a valid NG number/) as unknown,
    });
    expect(normalisePhone('0803 CALL ME', 'NG')).toEqual({ ok: false, reason: 'contains letters' });
    expect(normalisePhone('   ', 'NG')).toEqual({ ok: false, reason: 'is empty' });
    expect(normalisePhone('+', 'NG')).toMatchObject({ ok: false });
  });
});

describe('phoneSearchDigits', () => {
  it('makes typed digits comparable with stored E.164 numbers', () => {
    expect(phoneSearchDigits('0803 123')).toBe('803123');
    expect(phoneSearchDigits('+234-803')).toBe('234803');
    expect(phoneSearchDigits('ada')).toBeNull();
    expect(phoneSearchDigits('12')).toBeNull();
  });
});
