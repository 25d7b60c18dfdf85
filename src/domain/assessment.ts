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
