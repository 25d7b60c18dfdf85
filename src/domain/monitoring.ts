/**
 * Watching an acted-on item until its content is gone: what one check found,
 * and what a run of checks means. Pure; src/monitor does the fetching and the
 * storing.
 *
 * A check is `present`, `gone` or `inconclusive`. An item counts as removed
 * after `misses` consecutive `gone` checks, each at least `missSpacingMs`
 * after the miss before it; its removal time is the run's first miss. A
 * `present` check ends the run. An `inconclusive` check (a time-out, a 5xx, a
 * TLS failure…) proves nothing either way: it neither counts as a miss nor
 * ends the run, so a site that fails between answering 404s is still removed,
 * and a site that is merely slow is never removed.
 */
export type CheckOutcome = 'present' | 'gone' | 'inconclusive';

export interface Verdict {
  outcome: CheckOutcome;
  /** A short machine word for the check's record, e.g. `http_404`, `dns`, `media_missing`. */
  reason: string;
}

/** HTTP statuses that say the content is not there any more. */
const GONE_STATUSES = new Set([404, 410, 451]);

/** What the page's own answer says; `look_at_media` when it answered and only its media can tell. */
export function judgePage(page: { ok: true; status: number } | { ok: false; failure: string; message: string }): Verdict | 'look_at_media' {
  if (!page.ok) {
    if (page.failure === 'dns') return { outcome: 'gone', reason: 'dns' };
    if (page.failure === 'connection' && page.message.includes('ECONNREFUSED')) return { outcome: 'gone', reason: 'refused' };
    return { outcome: 'inconclusive', reason: page.failure };
  }
  if (GONE_STATUSES.has(page.status)) return { outcome: 'gone', reason: `http_${page.status}` };
  if (page.status >= 200 && page.status < 300) return 'look_at_media';
  return { outcome: 'inconclusive', reason: `http_${page.status}` };
}

/** How the media captured at triage fared on a page that answered. */
export interface MediaSeen {
  /** Files captured at triage; with none, the page answering is the content being there. */
  captured: number;
  /** Captured files found again (same SHA-256, or a PDQ match). */
  found: number;
  /** Files the page shows that could not be fetched for a reason that proves nothing (time-out, 5xx), or were left out for lack of time. */
  unreachable: number;
}

export function judgeMedia(seen: MediaSeen): Verdict {
  if (seen.captured === 0) return { outcome: 'present', reason: 'page_answers' };
  if (seen.found > 0) return { outcome: 'present', reason: 'media_present' };
  if (seen.unreachable > 0) return { outcome: 'inconclusive', reason: 'media_unreachable' };
  return { outcome: 'gone', reason: 'media_missing' };
}

export interface MonitorSettings {
  firstCheckMs: number;
  intervalMs: number;
  misses: number;
  missSpacingMs: number;
  /** How long a removed item is still checked for re-appearance before it is closed. */
  watchRemovedMs: number;
}

/** An item's run of misses, and whether its removal is confirmed. */
export interface RunState {
  runMisses: number;
  runStartedAt: Date | null;
  lastMissAt: Date | null;
  removedAt: Date | null;
}

/**
 * What a check changes: `miss` counts one more miss of the run (`run_started`
 * for its first), `miss_too_soon` is a miss within the spacing that does not
 * count, `run_ended` a hit that ends a run, `removed` the miss that confirms
 * removal, `reappeared` content found again after removal; `none` otherwise.
 */
export type RunChange = 'none' | 'run_started' | 'miss' | 'miss_too_soon' | 'run_ended' | 'removed' | 'reappeared';

export const NO_RUN: RunState = { runMisses: 0, runStartedAt: null, lastMissAt: null, removedAt: null };

export function applyCheck(state: RunState, outcome: CheckOutcome, at: Date, settings: Pick<MonitorSettings, 'misses' | 'missSpacingMs'>): { state: RunState; change: RunChange } {
  if (outcome === 'inconclusive') return { state, change: 'none' };
  if (state.removedAt) return outcome === 'present' ? { state: NO_RUN, change: 'reappeared' } : { state, change: 'none' };
  if (outcome === 'present') return state.runMisses > 0 ? { state: NO_RUN, change: 'run_ended' } : { state, change: 'none' };
  if (state.runMisses === 0) {
    const started = { runMisses: 1, runStartedAt: at, lastMissAt: at, removedAt: null };
    return settings.misses <= 1 ? { state: { ...started, removedAt: at }, change: 'removed' } : { state: started, change: 'run_started' };
  }
  if (at.getTime() - state.lastMissAt!.getTime() < settings.missSpacingMs) return { state, change: 'miss_too_soon' };
  const counted = { ...state, runMisses: state.runMisses + 1, lastMissAt: at };
  if (counted.runMisses >= settings.misses) return { state: { ...counted, removedAt: state.runStartedAt }, change: 'removed' };
  return { state: counted, change: 'miss' };
}

/**
 * When to look next: while a run is open, as soon as the next miss may count
 * (so removal is confirmed within minutes, its time still the first miss);
 * otherwise after the interval.
 */
export function nextCheckAt(state: RunState, at: Date, settings: Pick<MonitorSettings, 'intervalMs' | 'missSpacingMs'>): Date {
  const open = state.runMisses > 0 && state.removedAt === null;
  return new Date(at.getTime() + (open ? Math.min(settings.missSpacingMs, settings.intervalMs) : settings.intervalMs));
}

/** Time to removal in whole seconds: from the hotline acting to the first miss of the confirming run. */
export function secondsToRemoval(actedAt: Date, removedAt: Date): number {
  return Math.max(0, Math.round((removedAt.getTime() - actedAt.getTime()) / 1000));
}

/** Where content is served from, as far as routing tells providers apart. */
export interface HostingSeen {
  providerId: number | null;
  country: string | null;
  asn: number | null;
}

/**
 * Content moved when it is now served by another provider (or by none the
 * hotline knows) or from another country; between networks nobody in the
 * directory knows, a different ASN is a move too. An unknown country or ASN
 * proves nothing.
 */
export function hasMoved(then: HostingSeen, now: HostingSeen): boolean {
  if (now.providerId !== then.providerId) return true;
  if (now.country !== null && then.country !== null && now.country !== then.country) return true;
  return then.providerId === null && now.providerId === null && then.asn !== null && now.asn !== null && then.asn !== now.asn;
}
