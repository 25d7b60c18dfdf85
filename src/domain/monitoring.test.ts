import { describe, expect, it } from 'vitest';
import { applyCheck, hasMoved, judgeMedia, judgePage, nextCheckAt, NO_RUN, secondsToRemoval, type CheckOutcome, type RunState } from './monitoring.js';

const settings = { firstCheckMs: 3_600_000, intervalMs: 3_600_000, misses: 3, missSpacingMs: 600_000, watchRemovedMs: 7 * 86_400_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

/** Runs the checks in order, each at its minute, and gives the final state and every change. */
function run(checks: [number, CheckOutcome][], start: RunState = NO_RUN) {
  let state = start;
  const changes: string[] = [];
  for (const [minute, outcome] of checks) {
    const result = applyCheck(state, outcome, at(minute), settings);
    state = result.state;
    changes.push(result.change);
  }
  return { state, changes };
}

describe('what a check finds', () => {
  it.each([
    [{ ok: false as const, failure: 'dns', message: 'getaddrinfo ENOTFOUND' }, 'gone', 'dns'],
    [{ ok: false as const, failure: 'connection', message: 'connect ECONNREFUSED 127.0.0.1:9' }, 'gone', 'refused'],
    [{ ok: false as const, failure: 'connection', message: 'read ECONNRESET' }, 'inconclusive', 'connection'],
    [{ ok: false as const, failure: 'timeout', message: 'no complete answer' }, 'inconclusive', 'timeout'],
    [{ ok: false as const, failure: 'tls', message: 'bad certificate' }, 'inconclusive', 'tls'],
    [{ ok: true as const, status: 404 }, 'gone', 'http_404'],
    [{ ok: true as const, status: 410 }, 'gone', 'http_410'],
    [{ ok: true as const, status: 451 }, 'gone', 'http_451'],
    [{ ok: true as const, status: 503 }, 'inconclusive', 'http_503'],
    [{ ok: true as const, status: 403 }, 'inconclusive', 'http_403'],
  ])('judges %o as %s (%s)', (page, outcome, reason) => {
    expect(judgePage(page)).toEqual({ outcome, reason });
  });

  it('looks at the media of a page that answers 2xx', () => {
    expect(judgePage({ ok: true, status: 200 })).toBe('look_at_media');
  });

  it('counts a page that keeps its text but lost every captured file as gone, and one file found as present', () => {
    expect(judgeMedia({ captured: 2, found: 0, unreachable: 0 })).toEqual({ outcome: 'gone', reason: 'media_missing' });
    expect(judgeMedia({ captured: 2, found: 1, unreachable: 0 })).toEqual({ outcome: 'present', reason: 'media_present' });
    expect(judgeMedia({ captured: 2, found: 0, unreachable: 1 })).toEqual({ outcome: 'inconclusive', reason: 'media_unreachable' });
    expect(judgeMedia({ captured: 0, found: 0, unreachable: 0 })).toEqual({ outcome: 'present', reason: 'page_answers' });
  });
});

describe('a run of misses', () => {
  it('confirms removal at the third spaced miss, dated at the first', () => {
    const { state, changes } = run([[60, 'present'], [120, 'gone'], [130, 'gone'], [140, 'gone']]);
    expect(changes).toEqual(['none', 'run_started', 'miss', 'removed']);
    expect(state).toEqual({ runMisses: 3, runStartedAt: at(120), lastMissAt: at(140), removedAt: at(120) });
  });

  it('does not count a miss closer than the spacing to the one before', () => {
    const { state, changes } = run([[0, 'gone'], [5, 'gone'], [10, 'gone'], [20, 'gone']]);
    expect(changes).toEqual(['run_started', 'miss_too_soon', 'miss', 'removed']);
    expect(state.removedAt).toEqual(at(0));
  });

  it('starts again after a hit', () => {
    const { state, changes } = run([[0, 'gone'], [10, 'gone'], [20, 'present'], [30, 'gone'], [40, 'gone'], [50, 'gone']]);
    expect(changes).toEqual(['run_started', 'miss', 'run_ended', 'run_started', 'miss', 'removed']);
    expect(state.removedAt).toEqual(at(30));
  });

  it('lets an inconclusive check neither count nor break the run', () => {
    const { state, changes } = run([[0, 'gone'], [10, 'inconclusive'], [20, 'gone'], [30, 'inconclusive'], [40, 'gone']]);
    expect(changes).toEqual(['run_started', 'none', 'miss', 'none', 'removed']);
    expect(state.removedAt).toEqual(at(0));
  });

  it('reopens on content found again after removal, and ignores further misses before that', () => {
    const removed = run([[0, 'gone'], [10, 'gone'], [20, 'gone']]).state;
    expect(run([[80, 'gone'], [140, 'inconclusive'], [200, 'present']], removed)).toEqual({ state: NO_RUN, changes: ['none', 'none', 'reappeared'] });
  });

  it('removes at once when one miss is enough', () => {
    expect(applyCheck(NO_RUN, 'gone', at(0), { misses: 1, missSpacingMs: 0 })).toEqual({ state: { runMisses: 1, runStartedAt: at(0), lastMissAt: at(0), removedAt: at(0) }, change: 'removed' });
  });

  it('checks again after the spacing while a run is open, else after the interval', () => {
    const open = run([[0, 'gone']]).state;
    expect(nextCheckAt(open, at(0), settings)).toEqual(at(10));
    expect(nextCheckAt(NO_RUN, at(0), settings)).toEqual(at(60));
    expect(nextCheckAt(run([[0, 'gone'], [10, 'gone'], [20, 'gone']]).state, at(20), settings)).toEqual(at(80));
  });

  it('measures time to removal from acting to the first miss', () => {
    expect(secondsToRemoval(at(0), at(125))).toBe(7500);
  });
});

describe('moved content', () => {
  const then = { providerId: 1, country: 'NL', asn: 64500 };
  it.each([
    [{ providerId: 2, country: 'NL', asn: 64501 }, true],
    [{ providerId: null, country: 'NL', asn: 64501 }, true],
    [{ providerId: 1, country: 'DE', asn: 64500 }, true],
    [{ providerId: 1, country: 'NL', asn: 64999 }, false],
    [{ providerId: 1, country: null, asn: null }, false],
  ])('from provider 1 in NL to %o: %s', (now, moved) => {
    expect(hasMoved(then, now)).toBe(moved);
  });

  it('tells unknown networks apart by ASN', () => {
    expect(hasMoved({ providerId: null, country: 'NL', asn: 64500 }, { providerId: null, country: 'NL', asn: 64501 })).toBe(true);
    expect(hasMoved({ providerId: null, country: 'NL', asn: null }, { providerId: null, country: 'NL', asn: 64501 })).toBe(false);
  });
});
