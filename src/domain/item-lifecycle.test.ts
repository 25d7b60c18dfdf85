import { describe, expect, it } from 'vitest';
import {
  ForbiddenTransition,
  ITEM_EVENTS,
  ITEM_STATUSES,
  canTake,
  coarseStatusOf,
  nextStatus,
  type ItemEvent,
  type ItemStatus,
} from './item-lifecycle.js';

/** The whole table, written out: every pair not listed here must be refused. */
const ALLOWED: Record<string, ItemStatus> = {
  'received triage_completed': 'triaged',
  'received assessed_not_illegal': 'not_illegal',
  'received assessed_unavailable': 'unavailable',
  'received assessed_illegal': 'illegal',
  'triaged assessed_not_illegal': 'not_illegal',
  'triaged assessed_unavailable': 'unavailable',
  'triaged assessed_illegal': 'illegal',
  'received second_opinion_requested': 'second_opinion',
  'triaged second_opinion_requested': 'second_opinion',
  'second_opinion opinions_differed': 'disputed',
  'second_opinion assessed_not_illegal': 'not_illegal',
  'second_opinion assessed_unavailable': 'unavailable',
  'second_opinion assessed_illegal': 'illegal',
  'disputed assessed_not_illegal': 'not_illegal',
  'disputed assessed_unavailable': 'unavailable',
  'disputed assessed_illegal': 'illegal',
  'illegal routed': 'routed',
  'moved routed': 'routed',
  'routed rerouted': 'routed',
  'referred rerouted': 'routed',
  'routed notice_sent': 'notified',
  'referred notice_sent': 'notified',
  'escalated notice_sent': 'notified',
  'routed forwarded_to_partner': 'forwarded',
  'routed referred_to_police': 'referred',
  'notified referred_to_police': 'referred',
  'escalated referred_to_police': 'referred',
  'notified removal_confirmed': 'removed',
  'forwarded removal_confirmed': 'removed',
  'referred removal_confirmed': 'removed',
  'escalated removal_confirmed': 'removed',
  'notified move_detected': 'moved',
  'forwarded move_detected': 'moved',
  'referred move_detected': 'moved',
  'escalated move_detected': 'moved',
  'moved retraced': 'routed',
  'notified escalated': 'escalated',
  'forwarded escalated': 'escalated',
  'not_illegal closed': 'closed',
  'unavailable closed': 'closed',
  'removed closed': 'closed',
  'forwarded closed': 'closed',
  'referred closed': 'closed',
  'escalated closed': 'closed',
  'not_illegal reopened': 'triaged',
  'unavailable reopened': 'triaged',
  'illegal reopened': 'triaged',
  'closed reopened': 'triaged',
  'removed reappeared': 'illegal',
};

const pairs = ITEM_STATUSES.flatMap((status) =>
  ITEM_EVENTS.map((event) => [status, event] as [ItemStatus, ItemEvent]),
);

describe('item lifecycle', () => {
  it.each(pairs.filter(([s, e]) => `${s} ${e}` in ALLOWED))('%s takes %s', (status, event) => {
    expect(nextStatus(status, event)).toBe(ALLOWED[`${status} ${event}`]);
    expect(canTake(status, event)).toBe(true);
  });

  it.each(pairs.filter(([s, e]) => !(`${s} ${e}` in ALLOWED)))('%s refuses %s', (status, event) => {
    expect(() => nextStatus(status, event)).toThrow(ForbiddenTransition);
    expect(canTake(status, event)).toBe(false);
  });

  it('lets every status but closed be left again', () => {
    for (const status of ITEM_STATUSES) {
      const exits = ITEM_EVENTS.filter((event) => canTake(status, event));
      expect(exits.length, status).toBeGreaterThan(0);
    }
  });

  it('reaches every status from received', () => {
    const reached = new Set<ItemStatus>(['received']);
    let frontier: ItemStatus[] = ['received'];
    while (frontier.length > 0) {
      frontier = frontier.flatMap((status) =>
        ITEM_EVENTS.filter((event) => canTake(status, event))
          .map((event) => nextStatus(status, event))
          .filter((next) => !reached.has(next) && reached.add(next)),
      );
    }
    expect([...reached].sort()).toEqual([...ITEM_STATUSES].sort());
  });
});

describe('coarse status shown to a reporter', () => {
  it('is received while no item has moved on', () => {
    expect(coarseStatusOf(['received', 'received'])).toBe('received');
  });
  it('is in progress while any item is being handled', () => {
    expect(coarseStatusOf(['received', 'triaged'])).toBe('in_progress');
    expect(coarseStatusOf(['closed', 'notified'])).toBe('in_progress');
  });
  it('is closed once every item is closed', () => {
    expect(coarseStatusOf(['closed', 'closed'])).toBe('closed');
  });
});
