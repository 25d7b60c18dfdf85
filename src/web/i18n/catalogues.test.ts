import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../config/config.js';
import { CATALOGUES, chooseLocale, translator } from './index.js';
import { integerPluralCategories, pluralArguments } from './plural.js';

const english = CATALOGUES.en;
/** Every placeholder a text uses, plural arguments and the placeholders inside their branches included. */
const placeholders = (text: string) =>
  [...new Set([...pluralArguments(text).map((plural) => plural.name), ...[...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)])].sort();

describe('message catalogues', () => {
  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s has every key of English and no other', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(LOCALES)('%s keeps the placeholders of every English text and leaves no text empty', (locale) => {
    for (const [key, text] of Object.entries(CATALOGUES[locale])) {
      expect(text.trim(), `${locale} ${key}`).not.toBe('');
      expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(english[key as keyof typeof english]));
    }
  });

  it.each(LOCALES)('%s gives every plural argument a branch for each plural form of its whole numbers', (locale) => {
    const needed = integerPluralCategories(locale);
    for (const [key, text] of Object.entries(CATALOGUES[locale])) {
      for (const plural of pluralArguments(text)) {
        const branches = [...plural.branches.keys()].filter((selector) => !selector.startsWith('='));
        expect(needed.filter((category) => !branches.includes(category)), `${locale} ${key}`).toEqual([]);
      }
    }
  });

  it('fills placeholders', () => {
    expect(translator('en')('errors.line', { line: 2, message: 'Bad.' })).toBe('Line 2: Bad.');
  });
});

describe('chooseLocale', () => {
  it('prefers an explicit choice', () => {
    expect(chooseLocale('kk', 'cs', 'en')).toBe('kk');
  });

  it('follows the browser when there is no valid choice', () => {
    expect(chooseLocale('de', 'de-DE, nl;q=0.8, en;q=0.5', 'en')).toBe('nl');
    expect(chooseLocale(undefined, 'ru-RU,ru;q=0.9', 'en')).toBe('ru');
    expect(chooseLocale(undefined, 'sv-SE', 'en')).toBe('sv');
  });

  it('falls back to the default', () => {
    expect(chooseLocale(undefined, 'de, fr', 'cs')).toBe('cs');
    expect(chooseLocale(undefined, undefined, 'nl')).toBe('nl');
  });
});
