import Negotiator from 'negotiator';
import { LOCALES, isLocale, type Locale } from '../../config/config.js';
import { cs } from './locales/cs.js';
import { en, type MessageKey, type Messages } from './locales/en.js';
import { kk } from './locales/kk.js';
import { nl } from './locales/nl.js';
import { ru } from './locales/ru.js';
import { sv } from './locales/sv.js';
import { choosePlurals } from './plural.js';

export type { MessageKey, Messages };

export const CATALOGUES: Record<Locale, Messages> = { en, cs, nl, sv, ru, kk };

/** Each language named in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  cs: 'Čeština',
  nl: 'Nederlands',
  sv: 'Svenska',
  ru: 'Русский',
  kk: 'Қазақша',
};

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Texts in one language: plural arguments chosen by the language's rules, then placeholders filled; unknown ones stay. */
export function translator(locale: Locale): Translate {
  const messages = CATALOGUES[locale];
  return (key, values = {}) =>
    choosePlurals(messages[key], locale, values).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The locale for a request: an explicit choice first, then the browser's preferences, then the default. */
export function chooseLocale(choice: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (choice && isLocale(choice)) return choice;
  const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage ?? '' } }).languages([...LOCALES]);
  const first = preferred.find(isLocale);
  return first ?? fallback;
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
