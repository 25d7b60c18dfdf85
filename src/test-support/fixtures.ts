import type { Classification } from '../domain/assessment.js';

/** A complete classification of illegal content, for tests that record one. */
export const SAMPLE_CLASSIFICATION: Classification = {
  legalBasis: 'baseline',
  ageGroup: 'pre_pubescent',
  gender: 'not_determined',
  contentType: 'image',
  siteType: 'image_host',
  commercial: false,
  paymentMethods: [],
  virtual: false,
  userGenerated: false,
  childModelling: false,
};
