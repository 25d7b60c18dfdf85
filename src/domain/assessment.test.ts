import { describe, expect, it } from 'vitest';
import { checkAssessment, outcomeOf, type Classification } from './assessment.js';

const classification: Classification = {
  legalBasis: 'baseline',
  ageGroup: 'pre_pubescent',
  gender: 'not_determined',
  contentType: 'image',
  siteType: 'image_host',
  commercial: false,
  paymentMethods: [],
  virtual: false,
  userGenerated: false,
  childModelling: false,
};

describe('the four questions', () => {
  it('make an item unavailable when the link or the content is gone', () => {
    expect(outcomeOf({ linkWorks: false, contentAvailable: false, illegal: false, categoryCorrect: true })).toBe('unavailable');
    expect(outcomeOf({ linkWorks: true, contentAvailable: false, illegal: true, categoryCorrect: true })).toBe('unavailable');
  });
  it('decide illegal or not illegal when the content is there', () => {
    expect(outcomeOf({ linkWorks: true, contentAvailable: true, illegal: true, categoryCorrect: false })).toBe('illegal');
    expect(outcomeOf({ linkWorks: true, contentAvailable: true, illegal: false, categoryCorrect: true })).toBe('not_illegal');
  });
});

describe('checkAssessment', () => {
  const ids = ['csam', 'hate'];
  it('accepts an illegal outcome with a classification', () => {
    expect(checkAssessment({ outcome: 'illegal', classification }, ids)).toEqual([]);
  });
  it('requires a classification for illegal content and refuses one otherwise', () => {
    expect(checkAssessment({ outcome: 'illegal' }, ids)).toEqual(['classification.required']);
    expect(checkAssessment({ outcome: 'not_illegal', classification }, ids)).toEqual(['classification.not_allowed']);
  });
  it('refuses a corrected category the hotline does not have', () => {
    expect(checkAssessment({ outcome: 'unavailable', category: 'weather' }, ids)).toEqual(['category.unknown']);
  });
});
