import { describe, expect, it } from 'vitest';
import { DATE_FORMAT, DATE_TIME_FORMAT, localeTag, type Language } from './locale';

const day = new Date(Date.UTC(2025, 0, 20, 13, 5));
const date = (language: Language, country: string | null) =>
  new Intl.DateTimeFormat(localeTag(language, country), { ...DATE_FORMAT, timeZone: 'UTC' }).format(
    day,
  );

describe('localeTag: dates follow the office language and country', () => {
  it('English in Nigeria is day/month/year', () => {
    expect(localeTag('en', 'NG')).toBe('en-NG');
    expect(date('en', 'NG')).toBe('20/01/2025');
  });

  it.each(['MZ', 'AO', 'PT'])('Portuguese in %s is 20/01/2025, not Brazil’s month name', (c) => {
    expect(localeTag('pt', c)).toBe(`pt-${c}`);
    expect(date('pt', c)).toBe('20/01/2025');
  });

  it.each(['SN', 'CI'])('French in %s is 20/01/2025', (c) => {
    expect(localeTag('fr', c)).toBe(`fr-${c}`);
    expect(date('fr', c)).toBe('20/01/2025');
  });

  it('a pair with no conventions of its own falls back to the language, day first', () => {
    // English has no Mozambican data: not the American 01/20/2025.
    expect(localeTag('en', 'MZ')).toBe('en-GB');
    expect(date('en', 'MZ')).toBe('20/01/2025');
    expect(localeTag('pt', 'NG')).toBe('pt-PT');
    expect(date('pt', 'NG')).toBe('20/01/2025');
  });

  it('no country, or a malformed one, gives the language’s day-first tag', () => {
    expect(localeTag('en', null)).toBe('en-GB');
    expect(localeTag('fr', undefined)).toBe('fr-FR');
    expect(localeTag('en', 'ng; drop')).toBe('en-GB');
  });

  it('numbers follow the country too', () => {
    expect(new Intl.NumberFormat(localeTag('en', 'NG')).format(1234.5)).toBe('1,234.5');
    expect(new Intl.NumberFormat(localeTag('fr', 'SN')).format(1234.5)).toMatch(/^1\s234,5$/);
  });

  it('a date with its time is on a 24-hour clock', () => {
    const text = new Intl.DateTimeFormat(localeTag('en', 'NG'), {
      ...DATE_TIME_FORMAT,
      timeZone: 'UTC',
    }).format(day);
    expect(text).toBe('20/01/2025, 13:05');
  });
});
