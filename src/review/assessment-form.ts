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
import type { Translate } from '../web/i18n/index.js';

type Form = Record<string, string | undefined>;

const QUESTIONS = ['linkWorks', 'contentAvailable', 'illegal'] as const;

type Field = (typeof QUESTIONS)[number] | 'legalBasis' | 'ageGroup' | 'gender' | 'contentType' | 'siteType';
type Missing = (field: Field) => void;

function oneOf<T extends string>(form: Form, field: Field, allowed: readonly T[], missing: Missing): T | undefined {
  const value = form[field] ?? '';
  if ((allowed as readonly string[]).includes(value)) return value as T;
  missing(field);
  return undefined;
}

/** The workbench's assessment form as the decision it describes, or what is missing, in the reader's language. */
export function assessmentFromForm(form: Form, t: Translate): { input: AssessmentInput } | { errors: ShownError[] } {
  const errors: ShownError[] = [];
  const missing: Missing = (field) => errors.push({ fieldId: field, message: t(`staff.assessment.missing.${field}`) });
  for (const field of QUESTIONS) {
    if (form[field] !== 'yes' && form[field] !== 'no') missing(field);
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
  const classification = classificationFromForm(form, missing);
  return errors.length > 0 ? { errors } : { input: { outcome, category, note, classification } };
}

function classificationFromForm(form: Form, missing: Missing): Classification {
  return {
    legalBasis: oneOf(form, 'legalBasis', LEGAL_BASES, missing)!,
    ageGroup: oneOf(form, 'ageGroup', AGE_GROUPS, missing)!,
    gender: oneOf(form, 'gender', GENDERS, missing)!,
    contentType: oneOf(form, 'contentType', ASSESSED_CONTENT_TYPES, missing)!,
    siteType: oneOf(form, 'siteType', SITE_TYPES, missing)!,
    commercial: form.commercial === 'yes',
    paymentMethods: (form.paymentMethods ?? '').split(',').map((method) => method.trim()).filter(Boolean),
    virtual: form.virtual === 'yes',
    userGenerated: form.userGenerated === 'yes',
    childModelling: form.childModelling === 'yes',
  };
}
