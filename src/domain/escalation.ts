import { parseDuration } from '../config/duration.js';

/**
 * What happens when a notice's content stays online: a reminder to the same
 * recipient, then escalations to the domain's registrar and to the upstream
 * network (the network covering the host's). Each step has a time counted
 * from when the first notice was sent, and never comes before that notice's
 * own removal deadline.
 */
export const ESCALATION_TARGETS = ['reminder', 'registrar', 'upstream'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export interface EscalationStep {
  target: EscalationTarget;
  /** After the first notice was sent. */
  afterMs: number;
}

export const DEFAULT_ESCALATION_STEPS = 'reminder@24h,registrar@72h,upstream@7d';

/** Steps such as `reminder@24h,registrar@72h,upstream@7d`, or `none`; a text saying what is wrong otherwise. */
export function parseEscalationSteps(text: string): EscalationStep[] | string {
  if (text.trim() === 'none') return [];
  const steps: EscalationStep[] = [];
  for (const part of text.split(',').map((piece) => piece.trim())) {
    const match = /^([a-z]+)@(\S+)$/.exec(part);
    if (!match) return `${JSON.stringify(part)} is not a step: write target@duration, such as reminder@24h`;
    const [, target, when] = match as unknown as [string, string, string];
    if (!(ESCALATION_TARGETS as readonly string[]).includes(target)) return `${JSON.stringify(target)} is not a step: use ${ESCALATION_TARGETS.join(', ')}`;
    const afterMs = parseDuration(when);
    if (afterMs === undefined || afterMs === 0) return `${JSON.stringify(when)} in ${JSON.stringify(part)} is not a duration above zero with a unit, such as 24h or 7d`;
    if (steps.some((step) => step.target === target)) return `${target} is named twice`;
    if (steps.length > 0 && afterMs <= steps.at(-1)!.afterMs) return `${JSON.stringify(part)} must come later than the step before it`;
    steps.push({ target: target as EscalationTarget, afterMs });
  }
  return steps;
}

/** When a step is due for a notice sent at `sentAt` with a removal deadline of `deadlineMs`. */
export function stepDueAt(step: EscalationStep, sentAt: Date, deadlineMs: number): Date {
  return new Date(sentAt.getTime() + Math.max(step.afterMs, deadlineMs));
}

/** The steps due by `now` that were not taken yet, in order. */
export function dueSteps(steps: readonly EscalationStep[], notice: { sentAt: Date; deadlineMs: number }, taken: ReadonlySet<EscalationTarget>, now: Date): EscalationStep[] {
  return steps.filter((step) => !taken.has(step.target) && stepDueAt(step, notice.sentAt, notice.deadlineMs) <= now);
}
