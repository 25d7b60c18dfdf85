/**
 * The life of a notice, the one place that says whether it may move on:
 *
 * queued → sending → sent | failed | queued (a temporary failure, tried again later)
 * held (police first) → queued; queued | held → withdrawn (its items were routed elsewhere)
 * failed → queued (a supervisor sends it again)
 *
 * Once a notice is `sent` it never leaves that state: the SMTP server accepted it.
 */
export const NOTICE_STATES = ['queued', 'held', 'sending', 'sent', 'failed', 'withdrawn'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const NOTICE_EVENTS = ['claimed', 'accepted', 'temporary_failure', 'permanent_failure', 'outcome_unknown', 'released', 'withdrawn', 'resent'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

const RULES: Record<NoticeEvent, { from: readonly NoticeState[]; to: NoticeState }> = {
  claimed: { from: ['queued'], to: 'sending' },
  accepted: { from: ['sending'], to: 'sent' },
  temporary_failure: { from: ['sending'], to: 'queued' },
  permanent_failure: { from: ['sending'], to: 'failed' },
  // The process died while sending: the server may have accepted it, so it is never sent again on its own.
  outcome_unknown: { from: ['sending'], to: 'failed' },
  released: { from: ['held'], to: 'queued' },
  withdrawn: { from: ['queued', 'held'], to: 'withdrawn' },
  resent: { from: ['failed'], to: 'queued' },
};

export function noticeStatesTaking(event: NoticeEvent): readonly NoticeState[] {
  return RULES[event].from;
}

export function nextNoticeState(state: NoticeState, event: NoticeEvent): NoticeState | undefined {
  return RULES[event].from.includes(state) ? RULES[event].to : undefined;
}

/** What the API and the pages show: a notice being sent is still queued to the reader. */
export function shownNoticeState(state: NoticeState): 'queued' | 'held' | 'sent' | 'failed' | 'withdrawn' {
  return state === 'sending' ? 'queued' : state;
}

const FIRST_RETRY_MS = 5_000;
/** Attempts after which a notice that keeps failing temporarily is given up on and shown to supervisors. */
export const MAX_SEND_ATTEMPTS = 12;

/** Wait before attempt `attempt + 1`: 5 s, then doubling, never more than `maxMs`. */
export function retryDelayMs(attempt: number, maxMs: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), maxMs);
}

/**
 * Whether an item due at `itemDue` rides in a queued notice not yet claimed:
 * items due within one batch window of the notice's first item share its
 * message, which goes when the last of them is due (never before). A notice
 * that is late — its time has come but no sender has claimed it yet, because
 * routing or sending lags — takes every item that is due by now as well, so
 * the recipient gets one message for all its items due at that moment.
 */
export function fitsBatch(notice: { firstDue: Date; notBefore: Date }, itemDue: Date, now: Date, windowMs: number): boolean {
  if (Math.abs(itemDue.getTime() - notice.firstDue.getTime()) <= windowMs) return true;
  return notice.notBefore <= now && itemDue <= now;
}
