import { describe, expect, it } from 'vitest';
import { BREAK_GAP_SECONDS, DEFAULT_WELLBEING, adviceFor, afterActivity, readWellbeing } from './wellbeing.js';

describe('exposure advice', () => {
  it('says nothing while an analyst is within their limits', () => {
    expect(adviceFor({ itemsViewed: 10, secondsViewed: 600, secondsSinceBreak: 600, mediaRevealed: 0 }, DEFAULT_WELLBEING)).toBe('none');
  });
  it('suggests a break after the analyst’s stretch of continuous work', () => {
    expect(adviceFor({ itemsViewed: 10, secondsViewed: 3000, secondsSinceBreak: 3000, mediaRevealed: 0 }, DEFAULT_WELLBEING)).toBe('take_a_break');
  });
  it('asks the analyst to stop for the day at the daily limit', () => {
    expect(adviceFor({ itemsViewed: 60, secondsViewed: 100, secondsSinceBreak: 0, mediaRevealed: 0 }, DEFAULT_WELLBEING)).toBe('daily_limit_reached');
  });
});

describe('readWellbeing', () => {
  it('keeps values within bounds and falls back to defaults for the rest', () => {
    expect(readWellbeing({ dailyItemLimit: '30', breakAfterMinutes: '' })).toEqual({
      settings: { ...DEFAULT_WELLBEING, dailyItemLimit: 30 },
      invalid: [],
    });
  });
  it('names values out of bounds or not whole numbers', () => {
    expect(readWellbeing({ dailyItemLimit: '0', breakAfterMinutes: '7.5' }).invalid).toEqual(['dailyItemLimit', 'breakAfterMinutes']);
  });
  it('reads the viewer switches as yes or no, and names anything else', () => {
    expect(readWellbeing({ previewGreyscale: 'no', previewBlur: true, previewSize: '240' }).settings).toMatchObject({
      previewGreyscale: false,
      previewBlur: true,
      previewSize: 240,
    });
    expect(readWellbeing({ previewGreyscale: 'maybe', previewSize: '2000' }).invalid).toEqual(['previewSize', 'previewGreyscale']);
  });
  it('shows previews small, grey and blurred unless the analyst chose otherwise', () => {
    expect(readWellbeing(null).settings).toMatchObject({ previewSize: 160, previewGreyscale: true, previewBlur: true });
  });
});

describe('afterActivity', () => {
  const start = new Date('2026-11-22T10:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  it('starts counting at the first view', () => {
    expect(afterActivity(undefined, start, 'view')).toEqual({ secondsViewed: 0, secondsSinceBreak: 0, lastActivityAt: start });
  });

  it('adds the time between heartbeats, at most one heartbeat’s worth', () => {
    const first = afterActivity(undefined, start, 'view');
    const second = afterActivity(first, at(45), 'heartbeat');
    expect(second).toMatchObject({ secondsViewed: 45, secondsSinceBreak: 45 });
    expect(afterActivity(second, at(45 + 200), 'heartbeat')).toMatchObject({ secondsViewed: 105, secondsSinceBreak: 105 });
  });

  it('starts a new stretch after a long pause, keeping the day’s total', () => {
    const working = { secondsViewed: 1200, secondsSinceBreak: 1200, lastActivityAt: start };
    expect(afterActivity(working, at(BREAK_GAP_SECONDS + 1), 'heartbeat')).toMatchObject({ secondsViewed: 1200, secondsSinceBreak: 0 });
  });
});
