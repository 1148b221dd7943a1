// Zero takes the plural in Portuguese outside Brazil: the renderer's i18next set-up must not use
// the bare 'pt' rules (Brazil's, where 0 is singular) for a Mozambican office.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { i18n as I18n } from 'i18next';

describe('plural rules follow the office country', () => {
  let i18n: I18n;
  let setRegion: (country: string | null) => void;
  let setLanguage: (code: 'en' | 'fr' | 'pt') => void;

  beforeAll(async () => {
    // The set-up reads the browser's language and marks the page's language; give it both.
    vi.stubGlobal('navigator', { language: 'pt' });
    vi.stubGlobal('document', { documentElement: { lang: '' } });
    const mod = await import('../../src/renderer/i18n');
    i18n = mod.initI18n();
    setRegion = mod.setRegion;
    setLanguage = mod.setLanguage;
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('a Portuguese office in Mozambique writes "0 caracteres"', () => {
    setLanguage('pt');
    setRegion('MZ');
    expect(i18n.t('issues.minLength', { count: 0 })).toBe('Pelo menos 0 caracteres');
    expect(i18n.t('issues.minLength', { count: 1 })).toBe('Pelo menos 1 carácter');
    expect(i18n.t('issues.minLength', { count: 2 })).toBe('Pelo menos 2 caracteres');
  });

  it('Brazil keeps its own rule (zero is singular there)', () => {
    setRegion('BR');
    expect(i18n.t('issues.minLength', { count: 0 })).toBe('Pelo menos 0 carácter');
  });

  it('French keeps zero singular, as French does', () => {
    setLanguage('fr');
    setRegion('SN');
    expect(i18n.t('issues.minLength', { count: 0 })).toMatch(/0 caractère$/);
  });
});
