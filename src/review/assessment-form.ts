import {
  AGE_GROUPS,
  ASSESSED_CONTENT_TYPES,
  GENDERS,
  LEGAL_BASES,
  SITE_TYPES,
  outcomeOf,
  type AssessmentInput,
  type Classification,
} from '../domain/assessment.js';
import type { ShownError } from '../web/forms.js';

type Form = Record<string, string | undefined>;

const QUESTIONS = [
  ['linkWorks', 'Answer whether the link works.'],
  ['contentAvailable', 'Answer whether the content is available.'],
  ['illegal', 'Answer whether the content is illegal.'],
] as const;

function oneOf<T extends string>(form: Form, field: string, allowed: readonly T[], errors: ShownError[]): T | undefined {
  const value = form[field] ?? '';
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors.push({ fieldId: field, message: `Choose the ${field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}.` });
  return undefined;
}

/** The workbench's assessment form as the decision it describes, or what is missing. */
export function assessmentFromForm(form: Form): { input: AssessmentInput } | { errors: ShownError[] } {
  const errors: ShownError[] = [];
  for (const [field, message] of QUESTIONS) {
    if (form[field] !== 'yes' && form[field] !== 'no') errors.push({ fieldId: field, message });
  }
  if (errors.length > 0) return { errors };
  const outcome = outcomeOf({
    linkWorks: form.linkWorks === 'yes',
    contentAvailable: form.contentAvailable === 'yes',
    illegal: form.illegal === 'yes',
    categoryCorrect: true,
  });
  const note = form.note?.trim() || undefined;
  const category = form.category || undefined;
  if (outcome !== 'illegal') return { input: { outcome, category, note } };
  const classification = classificationFromForm(form, errors);
  return errors.length > 0 ? { errors } : { input: { outcome, category, note, classification } };
}

function classificationFromForm(form: Form, errors: ShownError[]): Classification {
  return {
    legalBasis: oneOf(form, 'legalBasis', LEGAL_BASES, errors)!,
    ageGroup: oneOf(form, 'ageGroup', AGE_GROUPS, errors)!,
    gender: oneOf(form, 'gender', GENDERS, errors)!,
    contentType: oneOf(form, 'contentType', ASSESSED_CONTENT_TYPES, errors)!,
    siteType: oneOf(form, 'siteType', SITE_TYPES, errors)!,
    commercial: form.commercial === 'yes',
    paymentMethods: (form.paymentMethods ?? '').split(',').map((method) => method.trim()).filter(Boolean),
    virtual: form.virtual === 'yes',
    userGenerated: form.userGenerated === 'yes',
    childModelling: form.childModelling === 'yes',
  };
}
