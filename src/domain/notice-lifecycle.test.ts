import { describe, expect, it } from 'vitest';
import { fitsBatch, NOTICE_EVENTS, NOTICE_STATES, nextNoticeState, retryDelayMs, shownNoticeState, type NoticeEvent, type NoticeState } from './notice-lifecycle.js';

/** The whole table: every pair not listed is refused. */
const ALLOWED: Record<string, NoticeState> = {
  'queued claimed': 'sending',
  'sending accepted': 'sent',
  'sending temporary_failure': 'queued',
  'sending permanent_failure': 'failed',
  'sending outcome_unknown': 'failed',
  'held released': 'queued',
  'queued withdrawn': 'withdrawn',
  'held withdrawn': 'withdrawn',
  'failed resent': 'queued',
};

const pairs = NOTICE_STATES.flatMap((state) => NOTICE_EVENTS.map((event) => [state, event] as [NoticeState, NoticeEvent]));

describe('notice lifecycle', () => {
  it.each(pairs)('%s on %s', (state, event) => {
    expect(nextNoticeState(state, event)).toBe(ALLOWED[`${state} ${event}`]);
  });

  it('never lets a sent notice move again', () => {
    expect(NOTICE_EVENTS.filter((event) => nextNoticeState('sent', event) !== undefined)).toEqual([]);
  });

  it('shows a notice being sent as queued', () => {
    expect(shownNoticeState('sending')).toBe('queued');
    expect(shownNoticeState('held')).toBe('held');
  });
});

describe('retries', () => {
  it('first waits 5 seconds, then doubles up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(attempt, 600_000))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000]);
    expect(retryDelayMs(40, 600_000)).toBe(600_000);
    expect(retryDelayMs(3, 8_000)).toBe(8_000);
  });
});

describe('batching', () => {
  const at = (time: string) => new Date(`2026-11-25T${time}Z`);
  const notice = { firstDue: at('10:00:00'), notBefore: at('10:00:00') };
  it('puts items due within the window into one message', () => {
    expect(fitsBatch(notice, at('10:05:00'), at('09:00:00'), 300_000)).toBe(true);
    expect(fitsBatch(notice, at('09:56:00'), at('09:00:00'), 300_000)).toBe(true);
  });
  it('starts a new message for an item due later', () => {
    expect(fitsBatch(notice, at('10:05:01'), at('09:00:00'), 300_000)).toBe(false);
  });
  it('lets an item due now ride in a late notice nobody has claimed yet, however far routing lags', () => {
    expect(fitsBatch(notice, at('10:20:00'), at('10:20:00'), 300_000)).toBe(true);
  });
  it('never lets a late notice wait for an item not yet due', () => {
    expect(fitsBatch(notice, at('11:20:00'), at('10:20:00'), 300_000)).toBe(false);
  });
});
