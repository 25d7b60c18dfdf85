/**
 * The life of a content item: the one place that decides whether an item may
 * move from one status to another. Everything that changes a status asks here.
 *
 * received → triaged → (second_opinion → disputed) → not_illegal | unavailable | illegal → routed (⟲ rerouted) →
 * notified | forwarded | referred → removed (⟲ reappeared → illegal) | moved (→ routed again) | escalated → closed
 */
export const ITEM_STATUSES = [
  'received',
  'triaged',
  'second_opinion',
  'disputed',
  'not_illegal',
  'unavailable',
  'illegal',
  'routed',
  'notified',
  'forwarded',
  'referred',
  'removed',
  'moved',
  'escalated',
  'closed',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_EVENTS = [
  'triage_completed',
  'second_opinion_requested',
  'opinions_differed',
  'assessed_not_illegal',
  'assessed_unavailable',
  'assessed_illegal',
  'routed',
  'rerouted',
  'notice_sent',
  'forwarded_to_partner',
  'referred_to_police',
  'removal_confirmed',
  'move_detected',
  'retraced',
  'escalated',
  'closed',
  'reopened',
  'reappeared',
] as const;
export type ItemEvent = (typeof ITEM_EVENTS)[number];

const AWAITING_ASSESSMENT: readonly ItemStatus[] = ['received', 'triaged', 'second_opinion', 'disputed'];
const ASSESSED: readonly ItemStatus[] = ['not_illegal', 'unavailable', 'illegal'];
const ACTED_ON: readonly ItemStatus[] = ['notified', 'forwarded', 'referred', 'escalated'];

interface Rule {
  from: readonly ItemStatus[];
  to: ItemStatus;
}

const RULES: Record<ItemEvent, Rule> = {
  triage_completed: { from: ['received'], to: 'triaged' },
  second_opinion_requested: { from: ['received', 'triaged'], to: 'second_opinion' },
  opinions_differed: { from: ['second_opinion'], to: 'disputed' },
  assessed_not_illegal: { from: AWAITING_ASSESSMENT, to: 'not_illegal' },
  assessed_unavailable: { from: AWAITING_ASSESSMENT, to: 'unavailable' },
  assessed_illegal: { from: AWAITING_ASSESSMENT, to: 'illegal' },
  routed: { from: ['illegal', 'moved'], to: 'routed' },
  // A new decision before any notice went out: a supervisor's override, or the host changed just before sending.
  rerouted: { from: ['routed', 'referred'], to: 'routed' },
  notice_sent: { from: ['routed', 'referred', 'escalated'], to: 'notified' },
  forwarded_to_partner: { from: ['routed'], to: 'forwarded' },
  referred_to_police: { from: ['routed', 'notified', 'escalated'], to: 'referred' },
  removal_confirmed: { from: ACTED_ON, to: 'removed' },
  move_detected: { from: ACTED_ON, to: 'moved' },
  retraced: { from: ['moved'], to: 'routed' },
  escalated: { from: ['notified', 'forwarded'], to: 'escalated' },
  closed: { from: ['not_illegal', 'unavailable', 'removed', 'forwarded', 'referred', 'escalated'], to: 'closed' },
  reopened: { from: [...ASSESSED, 'closed'], to: 'triaged' },
  // Removed content found again at its address: still the same illegal content, to be acted on anew.
  reappeared: { from: ['removed'], to: 'illegal' },
};

export class ForbiddenTransition extends Error {
  constructor(
    readonly status: ItemStatus,
    readonly event: ItemEvent,
  ) {
    super(`an item that is ${status} cannot take the event ${event}`);
    this.name = 'ForbiddenTransition';
  }
}

/** The status an item moves to on `event`, or a ForbiddenTransition. */
export function nextStatus(status: ItemStatus, event: ItemEvent): ItemStatus {
  const rule = RULES[event];
  if (!rule.from.includes(status)) throw new ForbiddenTransition(status, event);
  return rule.to;
}

export function canTake(status: ItemStatus, event: ItemEvent): boolean {
  return RULES[event].from.includes(status);
}

/** An item is open until it is closed; a URL reported while its item is open joins it. */
export function isOpen(status: ItemStatus): boolean {
  return status !== 'closed';
}

export function isItemStatus(value: string): value is ItemStatus {
  return (ITEM_STATUSES as readonly string[]).includes(value);
}

/** What a reporter may learn from a receipt: nothing beyond these three words. */
export type CoarseStatus = 'received' | 'in_progress' | 'closed';

export function coarseStatusOf(statuses: readonly ItemStatus[]): CoarseStatus {
  if (statuses.every((status) => status === 'closed')) return 'closed';
  if (statuses.every((status) => status === 'received')) return 'received';
  return 'in_progress';
}
