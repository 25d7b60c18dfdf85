import { html, type Html } from './html.js';

/**
 * A problem to show: beside a field (its element id) and in the summary, or,
 * without a field, in the summary only, for what concerns the whole form.
 */
export interface ShownError {
  fieldId?: string;
  message: string;
}

/** The summary at the top of a form: each problem with a field links to it (WCAG 3.3.1). */
export function errorSummary(title: string, errors: readonly ShownError[]): Html | null {
  if (errors.length === 0) return null;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
  <h2 id="error-summary-title">${title}</h2>
  <ul>${errors.map((error) => html`<li>${error.fieldId ? html`<a href="#${error.fieldId}">${error.message}</a>` : error.message}</li>`)}</ul>
</div>`;
}

export function errorsFor(fieldId: string, errors: readonly ShownError[]): ShownError[] {
  return errors.filter((error) => error.fieldId === fieldId);
}

/** The error lines shown under a field, with ids the field names in aria-describedby. */
export function fieldErrors(fieldId: string, errors: readonly ShownError[]): Html {
  return html`${errorsFor(fieldId, errors).map(
    (error, index) => html`<p class="field-error" id="${fieldId}-error-${index}">${error.message}</p>`,
  )}`;
}

/** aria-describedby and aria-invalid for a field with a hint and maybe errors. */
export function describedBy(fieldId: string, hintId: string | null, errors: readonly ShownError[]): Html {
  const own = errorsFor(fieldId, errors);
  const ids = [hintId, ...own.map((_, index) => `${fieldId}-error-${index}`)].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${own.length > 0 ? html` aria-invalid="true"` : ''}`;
}
