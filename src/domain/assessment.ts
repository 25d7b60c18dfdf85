import type { ItemEvent } from './item-lifecycle.js';

/** ICCAM's classification of illegal content, as hotlines and police exchange it. */
export const LEGAL_BASES = ['baseline', 'national'] as const;
export const AGE_GROUPS = ['infant', 'pre_pubescent', 'pubescent', 'not_determined'] as const;
export const GENDERS = ['female', 'male', 'both', 'not_determined'] as const;
export const ASSESSED_CONTENT_TYPES = ['image', 'video', 'website', 'text', 'other'] as const;
export const SITE_TYPES = [
  'website',
  'file_host',
  'image_host',
  'image_board',
  'forum',
  'social_network',
  'blog',
  'redirector',
  'web_archive',
  'search',
  'other',
] as const;
export const OUTCOMES = ['unavailable', 'not_illegal', 'illegal'] as const;

export type Outcome = (typeof OUTCOMES)[number];

export interface Classification {
  legalBasis: (typeof LEGAL_BASES)[number];
  ageGroup: (typeof AGE_GROUPS)[number];
  gender: (typeof GENDERS)[number];
  contentType: (typeof ASSESSED_CONTENT_TYPES)[number];
  siteType: (typeof SITE_TYPES)[number];
  commercial: boolean;
  paymentMethods: string[];
  virtual: boolean;
  userGenerated: boolean;
  childModelling: boolean;
}

/** The four questions an analyst answers for every item. */
export interface FourAnswers {
  linkWorks: boolean;
  contentAvailable: boolean;
  illegal: boolean;
  categoryCorrect: boolean;
}

export function outcomeOf(answers: FourAnswers): Outcome {
  if (!answers.linkWorks || !answers.contentAvailable) return 'unavailable';
  return answers.illegal ? 'illegal' : 'not_illegal';
}

export const OUTCOME_EVENTS: Record<Outcome, ItemEvent> = {
  unavailable: 'assessed_unavailable',
  not_illegal: 'assessed_not_illegal',
  illegal: 'assessed_illegal',
};

/** The longest note an analyst may leave with an assessment. */
export const MAX_NOTE_LENGTH = 5000;

export interface AssessmentInput {
  outcome: Outcome;
  category?: string | undefined;
  classification?: Classification | undefined;
  note?: string | undefined;
}

export type AssessmentProblem = 'classification.required' | 'classification.not_allowed' | 'category.unknown';

/** An illegal outcome needs a classification; the others must not carry one. */
export function checkAssessment(input: AssessmentInput, categoryIds: readonly string[]): AssessmentProblem[] {
  const problems: AssessmentProblem[] = [];
  if (input.outcome === 'illegal' && !input.classification) problems.push('classification.required');
  if (input.outcome !== 'illegal' && input.classification) problems.push('classification.not_allowed');
  if (input.category !== undefined && !categoryIds.includes(input.category)) problems.push('category.unknown');
  return problems;
}

/** How a decision on an item counts under the four-eyes rule. */
export type OpinionKind = 'decision' | 'proposal' | 'confirmation' | 'dissent';

export interface OpinionContext {
  status: 'received' | 'triaged' | 'second_opinion' | 'disputed';
  /** The first analyst's opinion, while the item waits for a second one or for a supervisor. */
  proposal: { outcome: Outcome; analystId: string } | undefined;
  analyst: { id: string; supervisor: boolean };
  outcome: Outcome;
  /** Outcomes this hotline wants two people to agree on. */
  fourEyes: readonly Outcome[];
}

export type OpinionResult =
  | { ok: true; kind: OpinionKind; event: ItemEvent }
  | { ok: false; problem: 'own_proposal' | 'supervisor_only' };

/**
 * The four-eyes rule: an outcome that needs a second opinion waits until a
 * different analyst agrees; a different opinion goes to a supervisor, whose
 * word is final. A supervisor's own decision never waits.
 */
export function weighOpinion(context: OpinionContext): OpinionResult {
  const final = OUTCOME_EVENTS[context.outcome];
  if (context.status === 'disputed') {
    return context.analyst.supervisor ? { ok: true, kind: 'decision', event: final } : { ok: false, problem: 'supervisor_only' };
  }
  if (context.analyst.supervisor) return { ok: true, kind: 'decision', event: final };
  if (context.status === 'second_opinion' && context.proposal) {
    if (context.proposal.analystId === context.analyst.id) return { ok: false, problem: 'own_proposal' };
    return context.proposal.outcome === context.outcome
      ? { ok: true, kind: 'confirmation', event: final }
      : { ok: true, kind: 'dissent', event: 'opinions_differed' };
  }
  if (context.fourEyes.includes(context.outcome)) return { ok: true, kind: 'proposal', event: 'second_opinion_requested' };
  return { ok: true, kind: 'decision', event: final };
}
