import { describe, expect, it } from 'vitest';
import { dueSteps, parseEscalationSteps, stepDueAt } from './escalation.js';

const HOUR = 3_600_000;

describe('escalation steps', () => {
  it('reads the default steps with their times', () => {
    expect(parseEscalationSteps('reminder@24h,registrar@72h,upstream@7d')).toEqual([
      { target: 'reminder', afterMs: 24 * HOUR },
      { target: 'registrar', afterMs: 72 * HOUR },
      { target: 'upstream', afterMs: 168 * HOUR },
    ]);
    expect(parseEscalationSteps('none')).toEqual([]);
    expect(parseEscalationSteps(' upstream@30s ')).toEqual([{ target: 'upstream', afterMs: 30_000 }]);
  });

  it.each([
    ['reminder', /target@duration/],
    ['police@24h', /not a step: use reminder, registrar, upstream/],
    ['reminder@24', /not a duration/],
    ['reminder@0s', /above zero/],
    ['reminder@24h,reminder@48h', /named twice/],
    ['registrar@72h,reminder@24h', /later than the step before/],
    ['reminder@24h,,upstream@7d', /is not a step/],
  ])('says what is wrong with %s', (text, message) => {
    expect(parseEscalationSteps(text)).toMatch(message);
  });

  it('never makes a step due before the notice’s own deadline', () => {
    const sentAt = new Date('2026-05-04T10:00:00Z');
    const reminder = { target: 'reminder' as const, afterMs: 24 * HOUR };
    expect(stepDueAt(reminder, sentAt, 12 * HOUR)).toEqual(new Date('2026-05-05T10:00:00Z'));
    expect(stepDueAt(reminder, sentAt, 48 * HOUR)).toEqual(new Date('2026-05-06T10:00:00Z'));
  });

  it('gives the steps due and not yet taken, in order', () => {
    const steps = parseEscalationSteps('reminder@1h,registrar@2h,upstream@3h') as Exclude<ReturnType<typeof parseEscalationSteps>, string>;
    const notice = { sentAt: new Date(0), deadlineMs: HOUR };
    expect(dueSteps(steps, notice, new Set(), new Date(HOUR - 1))).toEqual([]);
    expect(dueSteps(steps, notice, new Set(), new Date(2 * HOUR)).map((step) => step.target)).toEqual(['reminder', 'registrar']);
    expect(dueSteps(steps, notice, new Set(['reminder']), new Date(2 * HOUR)).map((step) => step.target)).toEqual(['registrar']);
  });
});
