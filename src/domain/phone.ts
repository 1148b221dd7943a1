// Phone numbers: normalised to E.164 with the company's country as the default, so that
// 0803 123 4567, +234 803 123 4567 and 2348031234567 are one number. libphonenumber-js holds the
// numbering plans (lengths and prefixes per country); it is pure, so the domain may use it.
import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

const REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'has no country code and the company country is unknown',
  NOT_A_NUMBER: 'is not a phone number',
  TOO_SHORT: 'is too short',
  TOO_LONG: 'is too long',
  INVALID_LENGTH: 'has the wrong number of digits',
};

export function normalisePhone(input: string, defaultCountry: string): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'is empty' };
  if (/[a-z]/i.test(text.replace(/ext\.?|x/gi, '')))
    return { ok: false, reason: 'contains letters' };
  try {
    // "00" international prefix and a bare country code without "+" are common on forms.
    const prepared = text.startsWith('00') ? `+${text.slice(2)}` : text;
    const parsed = parsePhoneNumberWithError(prepared, defaultCountry.toUpperCase() as CountryCode);
    if (!parsed.isValid()) {
      const digits = parsed.nationalNumber.length;
      return {
        ok: false,
        reason: `is not a valid ${parsed.country ?? defaultCountry} number (${digits} digits after the country code)`,
      };
    }
    return { ok: true, e164: parsed.number };
  } catch (error) {
    const code = error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
    return { ok: false, reason: REASONS[code] ?? 'is not a phone number' };
  }
}

/** Digits a clerk typed, made comparable with stored E.164 numbers (no +, no trunk 0). */
export function phoneSearchDigits(query: string): string | null {
  const compact = query.replace(/[\s().-]/g, '');
  if (!/^\+?\d{4,}$/.test(compact)) return null;
  return compact.replace(/^\+/, '').replace(/^0+/, '');
}
