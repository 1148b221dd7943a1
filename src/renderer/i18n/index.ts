// i18next set-up: English is complete and the fallback; French and Portuguese cover the same
// keys. The chosen language is kept on this PC (localStorage).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fr from './locales/fr.json';
import pt from './locales/pt.json';
import { localeTag, pluralTag } from '../../domain/locale';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'pt', name: 'Português' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_KEY = 'griddesk.language';

function isLanguage(value: string | null): value is LanguageCode {
  return LANGUAGES.some((language) => language.code === value);
}

function savedLanguage(): LanguageCode {
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // No storage: fall through to the browser's language.
  }
  const browser = (navigator.language || 'en').slice(0, 2);
  return isLanguage(browser) ? browser : 'en';
}

/**
 * The company's country, so dates and numbers are written as people there write them: English in
 * Nigeria is "16/11/2026", not the American "11/16/2026". i18next is given the full tag (en-NG,
 * from domain/locale.ts), finds the words under the language (en), and every Intl formatter that
 * reads i18n.language gets the country's conventions.
 */
let region: string | null = null;

export function setRegion(country: string | null): void {
  if (country === region) return;
  region = country;
  void i18n.changeLanguage(localeTag(currentLanguage(), region));
}

export function setLanguage(code: LanguageCode): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, code);
  } catch {
    // Not kept for next time, but switched for now.
  }
  void i18n.changeLanguage(localeTag(code, region));
}

export function currentLanguage(): LanguageCode {
  const code = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(code) ? code : 'en';
}

/** The part of i18next's (untyped) plural resolver the set-up below adjusts. */
interface PluralResolver {
  getRule(code: string, options?: { ordinal?: boolean }): Intl.PluralRules | undefined;
}

export function initI18n(): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: {
      en: { translation: en },
      fr: { translation: fr },
      pt: { translation: pt },
    },
    lng: localeTag(savedLanguage(), null),
    fallbackLng: 'en',
    // The language carries the company's country for formatting (en-NG); the words are the
    // language's own, already bundled, so switching never waits for anything.
    load: 'languageOnly',
    interpolation: { escapeValue: false },
    // Resources are bundled: initialise synchronously so the first render is translated.
    initAsync: false,
    showSupportNotice: false,
    // A key with no text in any language is a bug: say so on the console, where the e2e tests and
    // the layout check look for it (the screen shows the key itself). A lookup that brings its own
    // default (an audit door the app does not know yet) is not one.
    saveMissing: true,
    missingKeyHandler: (_languages, _namespace, key, _fallback, _update, options) => {
      if ((options as { defaultValue?: unknown } | undefined)?.defaultValue !== undefined) return;
      console.error(`Missing translation: ${key}`);
    },
  });
  // i18next looks plural rules up by the bare language ('pt', i.e. Brazil's): ask for the
  // office's own (domain/locale.ts pluralTag), so a Mozambican office reads "0 pagamentos".
  const plurals = i18n.services.pluralResolver as PluralResolver;
  const ruleFor = plurals.getRule.bind(plurals);
  plurals.getRule = (code, options) =>
    ruleFor(isLanguage(code) ? pluralTag(code, region) : code, options);
  document.documentElement.lang = i18n.language;
  i18n.on('languageChanged', (code) => {
    document.documentElement.lang = code;
  });
  return i18n;
}
