import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isolateBidi } from '../format.js';
import { en } from './en.js';
import { uk } from './uk.js';

export const LANGUAGES = ['uk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'homecoming.language';

/** Ukrainian unless this browser's user chose English with the switch (the browser's locale is no choice). */
function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'uk';
}

/**
 * How values enter the sentences: React escapes markup itself, so the only thing done to a value is to
 * isolate text with its own direction controls (`isolateBidi`), where a right-to-left override in a name
 * would otherwise turn the rest of the sentence around.
 */
export const INTERPOLATION = { escapeValue: true, escape: isolateBidi } as const;

/** Starts i18next with both languages bundled (they are small), in the saved or the browser's language. */
export function initI18n(): void {
  const lng = initialLanguage();
  void i18n.use(initReactI18next).init({
    resources: { uk: { translation: uk }, en: { translation: en } },
    lng,
    fallbackLng: 'uk',
    interpolation: INTERPOLATION,
    returnNull: false,
  });
  document.documentElement.lang = lng;
}

/** Switches the language, remembers it, and tells assistive technology via the page's `lang`. */
export function setLanguage(lng: Language): void {
  localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}
