import { CONTENT_TYPES, type Category } from '../../domain/categories.js';
import { MAX_URLS_PER_REPORT, type FieldError } from '../../domain/report-input.js';
import { errorSummary, describedBy, fieldErrors, type ShownError } from '../../web/forms.js';
import { html } from '../../web/html.js';
import { isMessageKey, type Translate } from '../../web/i18n/index.js';
import { layout, type PageContext } from '../../web/layout.js';
import { categoryLabel } from '../../web/category-label.js';

/** What the form holds, as typed, so that nothing is lost when it comes back with errors. */
export interface ReportFormValues {
  urls: string;
  category: string;
  contentType: string;
  description: string;
  name: string;
  email: string;
  mayContact: boolean;
}

export const EMPTY_REPORT_FORM: ReportFormValues = {
  urls: '',
  category: '',
  contentType: '',
  description: '',
  name: '',
  email: '',
  mayContact: false,
};

export interface ReportFormView {
  values: ReportFormValues;
  errors: readonly ShownError[];
  csrfToken: string;
  categories: readonly Category[];
}

const FIELD_IDS: Record<string, string> = {
  urls: 'urls',
  category: 'category',
  contentType: 'content-type',
  description: 'description',
  'contact.name': 'name',
  'contact.email': 'email',
};

/** Domain errors in the reader's language; a URL's error names its line in the text box. */
export function showErrors(errors: readonly FieldError[], t: Translate, lineOfUrl: (index: number) => number): ShownError[] {
  return errors.map((error) => {
    const urlIndex = /^urls\[(\d+)\]$/.exec(error.field)?.[1];
    const message = translateError(error.code, t);
    if (urlIndex !== undefined) {
      return { fieldId: 'urls', message: t('errors.line', { line: lineOfUrl(Number(urlIndex)), message }) };
    }
    return { fieldId: FIELD_IDS[error.field] ?? 'urls', message };
  });
}

export function translateError(code: string, t: Translate): string {
  const key = `error.${code}`;
  return isMessageKey(key) ? t(key, { max: MAX_URLS_PER_REPORT }) : code;
}

export function reportFormPage(context: PageContext, view: ReportFormView): string {
  const { t } = context;
  const { values, errors } = view;
  const required = html` <span class="required">(${t('report.required')})</span>`;
  return layout(context, {
    title: t('report.title'),
    body: html`<h1>${t('report.title')}</h1>
${errorSummary(t('errors.title'), errors)}
<p>${t('report.intro')}</p>
<div class="warning" role="note"><h2>${t('report.warning.title')}</h2><p>${t('report.warning.body')}</p></div>
<form method="post" action="/report" novalidate>
  <input type="hidden" name="_csrf" value="${view.csrfToken}">
  <div class="field">
    <label for="urls">${t('report.urls.label')}${required}</label>
    <p class="hint" id="urls-hint">${t('report.urls.hint', { max: MAX_URLS_PER_REPORT })}</p>
    ${fieldErrors('urls', errors)}
    <textarea id="urls" name="urls" rows="4" required autocomplete="off" spellcheck="false" inputmode="url"${describedBy('urls', 'urls-hint', errors)}>${values.urls}</textarea>
  </div>
  <div class="field">
    <label for="category">${t('report.category.label')}${required}</label>
    ${fieldErrors('category', errors)}
    <select id="category" name="category" required${describedBy('category', null, errors)}>
      <option value="">${t('report.category.choose')}</option>
      ${view.categories.map(
        (category) =>
          html`<option value="${category.id}"${category.id === values.category ? html` selected` : ''}>${categoryLabel(category, context)}</option>`,
      )}
    </select>
  </div>
  <div class="field">
    <label for="content-type">${t('report.contentType.label')}</label>
    ${fieldErrors('content-type', errors)}
    <select id="content-type" name="contentType"${describedBy('content-type', null, errors)}>
      <option value="">${t('report.contentType.none')}</option>
      ${CONTENT_TYPES.map(
        (type) =>
          html`<option value="${type}"${type === values.contentType ? html` selected` : ''}>${t(`contentType.${type}`)}</option>`,
      )}
    </select>
  </div>
  <div class="field">
    <label for="description">${t('report.description.label')}</label>
    <p class="hint" id="description-hint">${t('report.description.hint')}</p>
    ${fieldErrors('description', errors)}
    <textarea id="description" name="description" rows="4"${describedBy('description', 'description-hint', errors)}>${values.description}</textarea>
  </div>
  <fieldset>
    <legend>${t('report.contact.legend')}</legend>
    <p class="hint" id="contact-hint">${t('report.contact.hint')}</p>
    <div class="field">
      <label for="name">${t('report.name.label')}</label>
      ${fieldErrors('name', errors)}
      <input type="text" id="name" name="name" autocomplete="name" value="${values.name}"${describedBy('name', 'contact-hint', errors)}>
    </div>
    <div class="field">
      <label for="email">${t('report.email.label')}</label>
      ${fieldErrors('email', errors)}
      <input type="email" id="email" name="email" autocomplete="email" value="${values.email}"${describedBy('email', 'contact-hint', errors)}>
    </div>
    <label class="checkbox" for="may-contact"><input type="checkbox" id="may-contact" name="mayContact" value="yes"${values.mayContact ? html` checked` : ''}> ${t('report.mayContact.label')}</label>
  </fieldset>
  <div class="hp" aria-hidden="true">
    <label for="website">${t('report.honeypot.label')}</label>
    <input type="text" id="website" name="website" tabindex="-1" autocomplete="off">
  </div>
  <button type="submit">${t('report.submit')}</button>
</form>`,
  });
}

export function receiptPage(context: PageContext, receipt: string, urls: readonly string[]): string {
  const { t } = context;
  return layout(context, {
    title: t('receipt.title'),
    body: html`<h1>${t('receipt.title')}</h1>
<p>${t('receipt.code.label')}:</p>
<p class="receipt" data-testid="receipt">${receipt}</p>
<p><strong>${t('receipt.keep')}</strong></p>
<h2>${t('receipt.items')}</h2>
<ul class="url-list">${urls.map((url) => html`<li>${url}</li>`)}</ul>
<p>${t('receipt.next')}</p>
<p><a href="/status">${t('receipt.status')}</a></p>`,
  });
}
