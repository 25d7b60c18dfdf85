import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, parseCategoryList } from './categories.js';

describe('category lists', () => {
  it('ship the categories hotlines handle', () => {
    expect(DEFAULT_CATEGORIES.map((category) => category.id)).toEqual([
      'csam',
      'child_nudity',
      'grooming',
      'ncii',
      'terrorism',
      'hate',
      'drugs',
      'violence',
      'other_illegal',
    ]);
  });

  it('accept a subset of shipped ids and own categories with labels', () => {
    const result = parseCategoryList([
      { id: 'csam', severity: 1 },
      { id: 'animal_cruelty', severity: 3, labels: { en: 'Animal cruelty', nl: 'Dierenmishandeling' } },
    ]);
    expect(result).toEqual({
      categories: [
        { id: 'csam', severity: 1 },
        { id: 'animal_cruelty', severity: 3, labels: { en: 'Animal cruelty', nl: 'Dierenmishandeling' } },
      ],
    });
  });

  it('name every problem in a bad list', () => {
    const result = parseCategoryList([
      { id: 'Bad Id', severity: 1 },
      { id: 'csam', severity: 0 },
      { id: 'csam', severity: 1 },
      { id: 'own', severity: 2 },
    ]);
    expect('problems' in result && result.problems).toEqual([
      'entry 0: id must match /^[a-z][a-z0-9_]{1,39}$/',
      'entry 0: a category of your own needs labels with at least "en"',
      'entry 1: severity must be a whole number from 1 to 9',
      'entry 2: id csam appears twice',
      'entry 3: a category of your own needs labels with at least "en"',
    ]);
  });

  it('refuse an empty list', () => {
    expect(parseCategoryList([])).toEqual({ problems: ['must be a non-empty JSON array'] });
  });
});
