import { describe, expect, it } from 'vitest';
import { choosePlurals, integerPluralCategories, pluralArguments } from './plural.js';

const ITEMS = '{count, plural, one {# item} other {# items}}, most urgent first';
const CZECH = '{count, plural, one {# položka} few {# položky} other {# položek}}';
const RUSSIAN = '{count, plural, one {# файл} few {# файла} many {# файлов} other {# файла}} ({known} известно)';

describe('plural arguments', () => {
  it('choose the branch by the language’s rules and write the number its way', () => {
    expect([0, 1, 2, 1234].map((count) => choosePlurals(ITEMS, 'en', { count }))).toEqual([
      '0 items, most urgent first',
      '1 item, most urgent first',
      '2 items, most urgent first',
      '1,234 items, most urgent first',
    ]);
    expect([1, 3, 5, 22].map((count) => choosePlurals(CZECH, 'cs', { count }))).toEqual(['1 položka', '3 položky', '5 položek', '22 položek']);
    expect([1, 2, 5, 21, 11].map((count) => choosePlurals(RUSSIAN, 'ru', { count }))).toEqual([
      '1 файл ({known} известно)',
      '2 файла ({known} известно)',
      '5 файлов ({known} известно)',
      '21 файл ({known} известно)',
      '11 файлов ({known} известно)',
    ]);
  });

  it('prefer an exact branch, and leave texts without plurals alone', () => {
    expect(choosePlurals('{n, plural, =0 {none} one {one} other {#}}', 'en', { n: 0 })).toBe('none');
    expect(choosePlurals('plain {count}', 'en', { count: 1 })).toBe('plain {count}');
  });

  it('name the argument and its branches, and refuse a malformed one', () => {
    const [plural] = pluralArguments(RUSSIAN);
    expect(plural?.name).toBe('count');
    expect([...plural!.branches.keys()]).toEqual(['one', 'few', 'many', 'other']);
    expect(() => pluralArguments('{count, plural, one {# item}}')).toThrow(SyntaxError);
    expect(() => pluralArguments('{count, plural, one {# item} other {# items}')).toThrow(SyntaxError);
  });

  it('know which forms whole numbers take in each language', () => {
    expect(integerPluralCategories('en')).toEqual(['one', 'other']);
    expect(integerPluralCategories('cs')).toEqual(['few', 'one', 'other']);
    expect(integerPluralCategories('ru')).toEqual(['few', 'many', 'one', 'other']);
  });
});
