import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
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

/** Starts i18next with both languages bundled (they are small), in the saved or the browser's language. */
export function initI18n(): void {
  const lng = initialLanguage();
  void i18n.use(initReactI18next).init({
    resources: { uk: { translation: uk }, en: { translation: en } },
    lng,
    fallbackLng: 'uk',
    interpolation: { escapeValue: false },
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
