import { describe, expect, it } from 'vitest';
import { monthSlices } from './period.js';

describe('a period as whole months and the days at its ends', () => {
  it('reads the whole months inside it from the months, and the days before and after them from the days', () => {
    expect(monthSlices({ from: '2025-12-03', to: '2026-12-02' })).toEqual({
      months: { from: '2026-01-01', to: '2026-11-01' },
      days: [
        { from: '2025-12-03', to: '2025-12-31' },
        { from: '2026-12-01', to: '2026-12-02' },
      ],
    });
  });

  it('needs no days when the period starts on the first of a month and ends on the last of one', () => {
    expect(monthSlices({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ months: { from: '2026-01-01', to: '2026-12-01' }, days: [] });
    expect(monthSlices({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: { from: '2024-02-01', to: '2024-02-01' }, days: [] });
  });

  it('reads only days when no whole month fits', () => {
    expect(monthSlices({ from: '2026-03-02', to: '2026-04-30' })).toEqual({ months: { from: '2026-04-01', to: '2026-04-01' }, days: [{ from: '2026-03-02', to: '2026-03-31' }] });
    expect(monthSlices({ from: '2026-03-02', to: '2026-03-31' })).toEqual({ months: null, days: [{ from: '2026-03-02', to: '2026-03-31' }] });
    expect(monthSlices({ from: '2026-02-15', to: '2026-03-14' })).toEqual({ months: null, days: [{ from: '2026-02-15', to: '2026-03-14' }] });
    expect(monthSlices({ from: '2026-03-01', to: '2026-03-30' })).toEqual({ months: null, days: [{ from: '2026-03-01', to: '2026-03-30' }] });
  });
});
