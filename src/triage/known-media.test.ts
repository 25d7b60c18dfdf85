import { describe, expect, it } from 'vitest';
import type { HashMatch } from '../hashlists/match-index.js';
import { knownMediaOf } from './known-media.js';

const match = (overrides: Partial<HashMatch>): HashMatch => ({ index: 0, type: 'sha256', category: 'csam', classification: 'national', ...overrides });

describe('knownMediaOf', () => {
  it('is null when nothing matched', () => {
    expect(knownMediaOf([])).toBeNull();
  });

  it('takes an exact match over a perceptual one, and keeps the closest PDQ distance', () => {
    const known = knownMediaOf([
      match({ type: 'pdq', distance: 12, category: 'other', classification: 'national' }),
      match({ type: 'md5', category: 'csam', classification: 'baseline' }),
      match({ type: 'pdq', distance: 4, category: 'other', classification: 'national' }),
    ]);
    expect(known).toEqual({ category: 'csam', classification: 'baseline', matchedBy: ['pdq', 'md5'], pdqDistance: 4 });
  });

  it('takes the closest PDQ match when only PDQ matched', () => {
    const known = knownMediaOf([match({ type: 'pdq', distance: 20, category: 'a' }), match({ type: 'pdq', distance: 3, category: 'b' })]);
    expect(known).toMatchObject({ category: 'b', matchedBy: ['pdq'], pdqDistance: 3 });
  });
});
