import { describe, expect, it } from 'vitest';
import { SAMPLE_CLASSIFICATION } from '../test-support/fixtures.js';
import { checkAssessment, outcomeOf, weighOpinion } from './assessment.js';

const classification = SAMPLE_CLASSIFICATION;

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

describe('the four-eyes rule', () => {
  const analyst = { id: 'a', supervisor: false };
  const colleague = { id: 'b', supervisor: false };
  const supervisor = { id: 's', supervisor: true };
  const base = { status: 'received' as const, proposal: undefined, fourEyes: ['not_illegal'] as const };

  it('decides at once an outcome that needs no second opinion', () => {
    expect(weighOpinion({ ...base, analyst, outcome: 'illegal' })).toEqual({ ok: true, kind: 'decision', event: 'assessed_illegal' });
  });

  it('holds an outcome that needs one until a second analyst agrees', () => {
    expect(weighOpinion({ ...base, analyst, outcome: 'not_illegal' })).toEqual({ ok: true, kind: 'proposal', event: 'second_opinion_requested' });
    const waiting = { ...base, status: 'second_opinion' as const, proposal: { outcome: 'not_illegal' as const, analystId: 'a' } };
    expect(weighOpinion({ ...waiting, analyst: colleague, outcome: 'not_illegal' })).toEqual({ ok: true, kind: 'confirmation', event: 'assessed_not_illegal' });
    expect(weighOpinion({ ...waiting, analyst: colleague, outcome: 'illegal' })).toEqual({ ok: true, kind: 'dissent', event: 'opinions_differed' });
  });

  it('never lets analysts confirm their own proposal', () => {
    const waiting = { ...base, status: 'second_opinion' as const, proposal: { outcome: 'not_illegal' as const, analystId: 'a' } };
    expect(weighOpinion({ ...waiting, analyst, outcome: 'not_illegal' })).toEqual({ ok: false, problem: 'own_proposal' });
  });

  it('leaves a dispute to a supervisor, whose decision is final', () => {
    const disputed = { ...base, status: 'disputed' as const, proposal: { outcome: 'not_illegal' as const, analystId: 'a' } };
    expect(weighOpinion({ ...disputed, analyst: colleague, outcome: 'illegal' })).toEqual({ ok: false, problem: 'supervisor_only' });
    expect(weighOpinion({ ...disputed, analyst: supervisor, outcome: 'illegal' })).toEqual({ ok: true, kind: 'decision', event: 'assessed_illegal' });
    expect(weighOpinion({ ...base, analyst: supervisor, outcome: 'not_illegal' })).toEqual({ ok: true, kind: 'decision', event: 'assessed_not_illegal' });
  });
});
